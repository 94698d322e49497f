from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_index, name="list"),
    path("meetings/calendar.ics", views.calendar, name="calendar"),
    path("meetings/<int:number>/", views.meeting_detail, name="detail"),
    path("documents/", views.document_index, name="documents"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
]
