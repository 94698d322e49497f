from django.urls import path

from . import views

app_name = "notifications"

# Mounted at /subscriptions/ (a reserved group slug).
urlpatterns = [
    path("follow/<slug:group_slug>/<str:kind>/<int:pk>/", views.follow, name="follow"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("<str:token>/", views.manage, name="manage"),
    path("<str:token>/unsubscribe/", views.unsubscribe, name="unsubscribe"),
]
