from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from plenary.core.admin import EventTrailAdminMixin, ScopedInline

from . import services
from .models import AdequacyRating, Finding, IssueAssessment, RoleStatement


class AdequacyRatingInline(ScopedInline, admin.TabularInline):
    model = AdequacyRating
    extra = 0


class RoleStatementInline(ScopedInline, admin.TabularInline):
    model = RoleStatement
    extra = 0


def _release(release: bool):
    def run(modeladmin, request, queryset):
        try:
            for assessment in queryset:
                services.assessment_release(actor=request.user, assessment=assessment, release=release)
        except PermissionDenied as error:
            modeladmin.message_user(request, str(error), level=messages.ERROR)
            return
        modeladmin.message_user(request, _("%(count)d assessments updated.") % {"count": queryset.count()})

    run.__name__ = "release" if release else "withdraw"
    run.short_description = _("Release to the public") if release else _("Withdraw from the public")
    return run


@admin.register(IssueAssessment)
class IssueAssessmentAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    """The status changes only by the release and withdraw actions, which call the release service."""

    list_display = ["issue", "group", "status", "released_at", "is_illustrative"]
    list_filter = ["group", "status"]
    search_fields = ["issue__title", "summary"]
    inlines = [AdequacyRatingInline, RoleStatementInline]
    actions = [_release(True), _release(False)]


@admin.register(Finding)
class FindingAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "assessment"]
    list_filter = ["assessment__group"]
    search_fields = ["title", "text"]
    filter_horizontal = ["contributions", "documents", "meetings"]
