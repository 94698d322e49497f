from django.contrib import admin

from plenary.core.admin import GroupScopedAdminMixin

from .models import AnalysisDecision, AnalysisRun


@admin.register(AnalysisRun)
class AnalysisRunAdmin(GroupScopedAdminMixin, admin.ModelAdmin):
    list_display = ["requested_at", "group", "call", "status", "trigger", "records", "finished_at"]
    list_filter = ["group", "status", "trigger"]
    readonly_fields = [f.name for f in AnalysisRun._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AnalysisDecision)
class AnalysisDecisionAdmin(GroupScopedAdminMixin, admin.ModelAdmin):
    """Read only: decisions are taken and withdrawn on the dashboard and the review page (analysis.services), so
    that each one is on the trail and queues the run that follows it."""

    list_display = ["decided_at", "group", "kind", "decided_by", "withdrawn_at"]
    list_filter = ["group", "kind"]
    readonly_fields = [f.name for f in AnalysisDecision._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn, never deleted: the trail and the list read the same
