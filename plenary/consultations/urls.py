from django.urls import path

from . import feeds, views

app_name = "consultations"

contribution = "contributions/<int:year>/<int:sequence>/"

urlpatterns = [
    path("calls/", views.call_index, name="calls"),
    path("calls/<slug:slug>/", views.call_detail, name="call"),
    path("calls/<slug:slug>/submit/", views.contribution_submit, name="submit"),
    path("calls/<slug:slug>/feed/", feeds.CallContributionsFeed(), name="call_feed"),
    path("calls/<slug:slug>/extend/", views.call_extend, name="call_extend"),
    path("contributions/", views.contribution_index, name="contributions"),
    path("contributions/feed/", feeds.GroupContributionsFeed(), name="feed"),
    path("contributions/export.csv", views.export_csv, name="export_csv"),
    path("contributions/export.json", views.export_json, name="export_json"),
    path("contributions/export.jsonl", views.export_jsonl, name="export_jsonl"),
    path("contributions/bulk/<str:fmt>/", views.bulk_download, name="bulk_download"),
    path("contributions/bulk/", views.bulk_request, name="bulk_request"),
    path("contributions/statistics/", views.statistics, name="statistics"),
    path(contribution, views.contribution_detail, name="contribution"),
    path(contribution + "files/<int:pk>/", views.attachment_download, name="attachment"),
    path("my-contribution/<str:token>/", views.private_view, name="private"),
    path("my-contribution/<str:token>/withdraw/", views.private_withdraw, name="withdraw"),
    path("moderation/", views.moderation_index, name="moderation"),
    path("moderation/<int:pk>/", views.moderation_detail, name="moderate"),
]
