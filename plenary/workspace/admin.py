from django.contrib import admin

from plenary.core.admin import EventTrailAdminMixin

from .models import Assignment, StatementOfInterest, Task


@admin.register(Task)
class TaskAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["title", "owner", "state", "due_on", "group"]
    list_filter = ["group", "state"]
    search_fields = ["title", "description"]


@admin.register(StatementOfInterest)
class StatementOfInterestAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["membership", "declared_on"]
    list_filter = ["membership__group"]


@admin.register(Assignment)
class AssignmentAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["membership", "role", "issue", "draft", "group"]
    list_filter = ["group", "role"]
