from django.urls import path

from . import views

app_name = "issues"

urlpatterns = [
    path("issues/", views.issue_index, name="list"),
    path("issues/<slug:slug>/", views.issue_detail, name="detail"),
]
