from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from plenary.core.admin import EventTrailAdminMixin

from . import services
from .models import Attachment, Call, Contribution


@admin.register(Call)
class CallAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["title", "group", "opens_at", "closes_at", "state_label"]
    list_filter = ["group"]
    search_fields = ["title", "instructions"]
    filter_horizontal = ["scope"]
    readonly_fields = ["original_closes_at"]

    @admin.display(description=_("state"))
    def state_label(self, obj):
        return obj.get_state_display()


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ["original_name", "content_type", "size", "sha256", "pages", "extraction_status", "extraction_detail"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _moderate(action: str):
    def run(modeladmin, request, queryset):
        try:
            count = services.contribution_bulk_moderate(
                actor=request.user, contributions=list(queryset), action=action, reason=str(_("Rejected in bulk."))
            )
            modeladmin.message_user(request, _("%(count)d contributions updated.") % {"count": count})
        except (PermissionDenied, ValidationError) as error:
            modeladmin.message_user(request, str(error), level=messages.ERROR)

    run.__name__ = f"moderate_{action}"
    run.short_description = {"publish": _("Publish"), "spam": _("Mark as spam")}[action]
    return run


@admin.register(Contribution)
class ContributionAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "title", "group", "call", "status", "kind", "country", "language", "submitted_at"]
    list_filter = ["group", "status", "kind", "call", "stakeholder_group", "region", "language", "channel"]
    search_fields = ["reference", "title", "text", "submitter_name", "submitter_email", "organisation"]
    date_hierarchy = "submitted_at"
    filter_horizontal = ["issues"]
    inlines = [AttachmentInline]
    readonly_fields = [
        "reference",
        "year",
        "sequence",
        "status",
        "status_reason",
        "submitted_at",
        "published_at",
        "moderated_at",
        "moderated_by",
        "channel",
        "submitter_user",
    ]
    actions = [_moderate("publish"), _moderate("spam")]

    def has_add_permission(self, request):
        return False  # contributions arrive through the form or the API, which allocate the reference number
