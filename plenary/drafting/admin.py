from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from plenary.core.admin import EventTrailAdminMixin, GroupScopedAdminMixin

from . import services
from .models import Draft, DraftVersion, ParagraphComment


@admin.register(Draft)
class DraftAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    """Titles and links only: the text changes by new versions (in the browser), the status by the workflow."""

    list_display = ["title", "group", "status", "consultation_opens_at", "consultation_closes_at"]
    list_filter = ["group", "status"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["issues", "findings", "contributions"]


@admin.register(DraftVersion)
class DraftVersionAdmin(GroupScopedAdminMixin, admin.ModelAdmin):
    """Read-only: versions are immutable."""

    list_display = ["__str__", "created_at", "created_by"]
    list_filter = ["draft__group"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _moderate(status: str, label):
    def run(modeladmin, request, queryset):
        try:
            for comment in queryset:
                services.comment_moderate(actor=request.user, comment=comment, status=status)
        except (PermissionDenied, ValidationError) as error:
            modeladmin.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
            return
        modeladmin.message_user(request, _("%(count)d comments updated.") % {"count": queryset.count()})

    run.__name__ = f"moderate_{status}"
    run.short_description = label
    return run


@admin.register(ParagraphComment)
class ParagraphCommentAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    """Moderation by the actions (the same service as the moderation queue); the status is read-only here."""

    list_display = ["reference", "draft", "paragraph_number", "status", "disposition", "submitted_at"]
    list_filter = ["draft__group", "status", "disposition"]
    search_fields = ["reference", "text", "submitter_name"]
    readonly_fields = ["private_token_hash", "version", "paragraph_key", "paragraph_number"]
    actions = [_moderate("published", _("Publish")), _moderate("spam", _("Mark as spam"))]
