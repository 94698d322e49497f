from django.contrib import admin

from plenary.core.admin import EventTrailAdminMixin

from .models import AdequacyRating, Finding, IssueAssessment, RoleStatement


class AdequacyRatingInline(admin.TabularInline):
    model = AdequacyRating
    extra = 0


class RoleStatementInline(admin.TabularInline):
    model = RoleStatement
    extra = 0


@admin.register(IssueAssessment)
class IssueAssessmentAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["issue", "group", "status", "released_at", "is_illustrative"]
    list_filter = ["group", "status"]
    search_fields = ["issue__title", "summary"]
    inlines = [AdequacyRatingInline, RoleStatementInline]


@admin.register(Finding)
class FindingAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    group_path = "assessment__group"
    list_display = ["__str__", "assessment"]
    list_filter = ["assessment__group"]
    search_fields = ["title", "text"]
    filter_horizontal = ["contributions", "documents", "meetings"]
