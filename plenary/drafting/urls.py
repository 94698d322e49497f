from django.urls import path

from . import views

app_name = "drafting"

urlpatterns = [
    path("drafts/", views.draft_index, name="list"),
    path("drafts/new/", views.draft_new, name="new"),
    path("drafts/feed/", views.DraftFeed(), name="feed"),
    path("drafts/comment-receipt/<str:token>/", views.comment_receipt, name="comment_receipt"),
    path("drafts/<slug:slug>/", views.draft_detail, name="detail"),
    path("drafts/<slug:slug>/settings/", views.draft_settings, name="settings"),
    path("drafts/<slug:slug>/v<int:number>/", views.version_detail, name="version"),
    path("drafts/<slug:slug>/compare/", views.compare, name="compare"),
    path("drafts/<slug:slug>/edit/", views.draft_edit, name="edit"),
    path("drafts/<slug:slug>/move/", views.draft_move, name="move"),
    path("drafts/<slug:slug>/comment/<str:key>/", views.comment_new, name="comment"),
    path("drafts/<slug:slug>/comments/", views.comment_table, name="comments"),
    path("drafts/<slug:slug>/paragraphs/<str:key>/", views.paragraph_history_view, name="paragraph_history"),
    path("drafts/<slug:slug>/translations/", views.translation_table_view, name="translations"),
    path("drafts/<slug:slug>/translations/<str:key>/<str:language>/", views.translation_edit, name="translation_edit"),
    path("drafts/<slug:slug>/comments/<int:pk>/dispose/", views.comment_dispose, name="dispose"),
    path("drafts/<slug:slug>/comments/<int:pk>/moderate/", views.comment_moderate, name="moderate"),
]
