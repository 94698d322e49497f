from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("analysis/", views.group_dashboard, name="group"),
    path("analysis/records.csv", views.records_csv, name="records_csv"),
    path("analysis/calls/<slug:slug>/records.csv", views.records_csv, name="call_records_csv"),
    path("analysis/records.xlsx", views.records_xlsx, name="records_xlsx"),
    path("analysis/calls/<slug:slug>/records.xlsx", views.records_xlsx, name="call_records_xlsx"),
    path("analysis/run/", views.request_run, name="request_run"),
    path("analysis/review/", views.review, name="review"),
    path("analysis/decisions/", views.decide, name="decide"),
    path("analysis/calls/<slug:slug>/", views.call_dashboard, name="call"),
    path("analysis/suggestions/<int:pk>/", views.suggestions_decide, name="suggestions_decide"),
]
