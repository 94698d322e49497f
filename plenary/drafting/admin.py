from django.contrib import admin

from plenary.core.admin import EventTrailAdminMixin

from .models import Draft, DraftVersion, ParagraphComment


@admin.register(Draft)
class DraftAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    """Titles and links only: the text changes by new versions (in the browser), the status by the workflow."""

    list_display = ["title", "group", "status", "consultation_opens_at", "consultation_closes_at"]
    list_filter = ["group", "status"]
    search_fields = ["title", "summary"]
    readonly_fields = ["status", "consultation_opens_at", "consultation_closes_at", "first_public_version"]
    filter_horizontal = ["issues", "findings", "contributions"]


@admin.register(DraftVersion)
class DraftVersionAdmin(admin.ModelAdmin):
    """Read-only: versions are immutable."""

    list_display = ["__str__", "created_at", "created_by"]
    list_filter = ["draft__group"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ParagraphComment)
class ParagraphCommentAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    group_path = "draft__group"
    list_display = ["reference", "draft", "paragraph_number", "status", "disposition", "submitted_at"]
    list_filter = ["draft__group", "status", "disposition"]
    search_fields = ["reference", "text", "submitter_name"]
    readonly_fields = ["private_token_hash", "version", "paragraph_key", "paragraph_number", "reference"]
