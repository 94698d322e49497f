from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("assessment/", views.matrix, name="matrix"),
    path("assessment/<slug:slug>/", views.issue_page, name="issue"),
    path("assessment/<slug:slug>/edit/", views.assessment_edit, name="edit"),
    path("assessment/<slug:slug>/release/", views.assessment_release, name="release"),
    path("assessment/<slug:slug>/findings/new/", views.finding_edit, name="finding_new"),
    path("assessment/<slug:slug>/findings/<int:number>/edit/", views.finding_edit, name="finding_edit"),
]
