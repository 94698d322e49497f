from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("report/", views.report_index, name="index"),
    path("report/build/", views.build_request, name="build_request"),
    path("report/submissions/new/", views.submission_new, name="submission_new"),
    path("report/latest.<str:fmt>", views.latest_download, name="latest"),
    path("report/builds/<int:number>/", views.build_detail, name="build"),
    path("report/builds/<int:number>/download/<str:fmt>/", views.build_download, name="download"),
    path("report/trace/<slug:slug>/", views.trace, name="trace"),
    path("report/synopsis/calls/<slug:slug>/", views.synopsis_call, name="synopsis_call"),
    path("report/synopsis/drafts/<slug:slug>/", views.synopsis_draft, name="synopsis_draft"),
    path("your-input/<str:token>/", views.input_trace, name="input_trace"),
]
