from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from plenary.core.admin import EventTrailAdminMixin, ScopedInline

from . import services
from .models import Attachment, Call, Contribution, Question


class ExtendForm(forms.Form):
    closes_at = forms.DateTimeField(label=_("New deadline (UTC)"))
    reason = forms.CharField(label=_("Reason, shown to the public"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.action(description=_("Extend the deadline…"))
def extend_calls(modeladmin, request, queryset):
    """The deadline moves only by `call_extend`, with a reason: an intermediate page asks for both."""
    form = ExtendForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        try:
            for call in queryset:
                services.call_extend(
                    actor=request.user,
                    call=call,
                    closes_at=form.cleaned_data["closes_at"],
                    reason=form.cleaned_data["reason"],
                )
        except (PermissionDenied, ValidationError) as error:
            modeladmin.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
            return None
        modeladmin.message_user(request, _("%(count)d calls extended.") % {"count": queryset.count()})
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Extend the deadline"),
        "calls": queryset,
        "form": form,
        "opts": modeladmin.model._meta,
        "action": "extend_calls",
    }
    return TemplateResponse(request, "consultations/admin_extend.html", context)


class QuestionInline(ScopedInline, admin.StackedInline):
    model = Question
    extra = 0
    fields = [("key", "order", "kind", "required"), "label", "help_text", "choices"]


@admin.register(Call)
class CallAdmin(EventTrailAdminMixin, admin.ModelAdmin):
    """A call's deadline is set when it is made; later it moves only by the extend action (on the trail)."""

    list_display = ["title", "group", "opens_at", "closes_at", "state_label"]
    list_filter = ["group"]
    search_fields = ["title", "instructions"]
    filter_horizontal = ["scope"]
    actions = [extend_calls]
    inlines = [QuestionInline]

    @admin.display(description=_("state"))
    def state_label(self, obj):
        return obj.get_state_display()


class AttachmentInline(ScopedInline, admin.TabularInline):
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
    readonly_fields = ["year", "sequence", "submitted_at", "channel", "submitter_user"]
    actions = [_moderate("publish"), _moderate("spam")]

    def has_add_permission(self, request):
        return False  # contributions arrive through the form or the API, which allocate the reference number
