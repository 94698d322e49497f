from django.contrib import admin
from django.urls import include, path

from plenary.core.search import search_view
from plenary.core.views import set_language

# Each group's pages live under its slug; the apps' patterns are mounted there in the order of the dependencies.
group_patterns = [
    path("", include("plenary.groups.urls")),
    path("", include("plenary.meetings.urls")),
    path("", include("plenary.issues.urls")),
    path("", include("plenary.consultations.urls")),
    path("", include("plenary.analysis.urls")),
    path("", include("plenary.assessment.urls")),
    path("", include("plenary.drafting.urls")),
    path("", include("plenary.reports.urls")),
    path("", include("plenary.proceedings.urls")),
    path("", include("plenary.workspace.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("plenary.accounts.urls")),
    # The language menu's target: Django's view, guarded by the browser's Sec-Fetch-Site/Origin, not a token.
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("plenary.api.urls")),
    path("search/", search_view, name="search"),
    path("subscriptions/", include("plenary.notifications.urls")),
    path("", include("plenary.core.urls")),
    path("<slug:group_slug>/", include(group_patterns)),
]
# Uploaded files are never served from MEDIA_ROOT: every download goes through a view that checks who asks.
