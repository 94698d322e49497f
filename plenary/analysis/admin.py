from django.contrib import admin

from plenary.core.admin import GroupScopedAdminMixin

from .models import AnalysisRun


@admin.register(AnalysisRun)
class AnalysisRunAdmin(GroupScopedAdminMixin, admin.ModelAdmin):
    list_display = ["requested_at", "group", "call", "status", "trigger", "records", "finished_at"]
    list_filter = ["group", "status", "trigger"]
    readonly_fields = [f.name for f in AnalysisRun._meta.fields]

    def has_add_permission(self, request):
        return False
