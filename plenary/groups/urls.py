from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.members, name="members"),
    path("news/", views.news, name="news"),
    path("news/feed/", views.NewsFeed(), name="news_feed"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("contact/", views.contact, name="contact"),
    path("translations/", views.translations, name="translations"),
    path(
        "translations/<str:kind>/<int:pk>/<str:field>/<str:language>/",
        views.translation_edit,
        name="translation_edit",
    ),
]
