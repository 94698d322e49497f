from django.contrib import admin

from plenary.core.admin import EventTrailAdminMixin, ScopedInline

from .models import ReportBuild, ReportEdition, ReportFile, Submission


class ReportFileInline(ScopedInline, admin.TabularInline):
    model = ReportFile
    extra = 0
    readonly_fields = ["format", "file", "size", "sha256"]
    can_delete = False


@admin.register(ReportBuild)
class ReportBuildAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    """Builds are records: read them here, start them from the group's report page."""

    list_display = ["__str__", "language", "status", "finished_at", "page_count"]
    list_filter = ["group", "status", "language"]
    inlines = [ReportFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["build", "submitted_to", "submitted_on", "is_illustrative"]
    list_filter = ["group"]


@admin.register(ReportEdition)
class ReportEditionAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    """The secretariat edits the front matter the group adopted (symbol, date, foreword, executive summary); each
    save goes through `record_save`, on the trail. The next build carries it."""

    list_display = ["symbol", "group", "adopted_on", "is_illustrative"]
    list_filter = ["group"]
    search_fields = ["symbol", "title"]
