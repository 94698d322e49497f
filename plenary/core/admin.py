from django.contrib import admin
from django.forms.models import model_to_dict
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Event
from .selectors import event_list_for
from .services import diff_fields, event_record


class GroupScopedAdminMixin:
    """A group's secretariat sees and edits only its own groups' records; site administrators see all.

    `group_path` is the lookup from the model to its WorkingGroup ("" for the group itself, None for records
    shared by every group).
    """

    group_path: str | None = "group"

    def _group_ids(self, request) -> list[int] | None:
        if request.user.is_superuser or self.group_path is None:
            return None
        from plenary.groups.models import SECRETARIAT_ROLES, Membership

        return list(
            Membership.objects.filter(person__user=request.user, role__in=SECRETARIAT_ROLES).values_list(
                "group_id", flat=True
            )
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        group_ids = self._group_ids(request)
        if group_ids is None:
            return queryset
        lookup = f"{self.group_path}__in" if self.group_path else "pk__in"
        queryset = queryset.filter(**{lookup: group_ids})
        return queryset.distinct() if "__" in (self.group_path or "") else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        group_ids = self._group_ids(request)
        if group_ids is not None and db_field.name == "group":
            kwargs["queryset"] = db_field.related_model.objects.filter(pk__in=group_ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EventTrailAdminMixin(GroupScopedAdminMixin):
    """Back-office edits go on the event trail, and each object's trail is shown on its page."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "event_trail"]

    @admin.display(description=_("Event trail"))
    def event_trail(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        events = event_list_for(obj)[:50]
        if not events:
            return _("No event recorded yet.")
        return format_html_join(
            "",
            "<div>{} · <strong>{}</strong> · {} {}</div>",
            (
                (
                    f"{e.created_at:%Y-%m-%d %H:%M}",
                    e.actor_label,
                    e.verb,
                    "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in e.changes.items()),
                )
                for e in events
            ),
        )

    def save_model(self, request, obj, form, change):
        before = model_to_dict(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        super().save_model(request, obj, form, change)
        after = model_to_dict(obj)
        changes = diff_fields(before, {name: after.get(name) for name in form.changed_data if name in after})
        event_record(actor=request.user, verb="changed" if change else "created", target=obj, changes=changes)

    def delete_model(self, request, obj):
        event_record(actor=request.user, verb="deleted", target=obj)
        super().delete_model(request, obj)


@admin.register(Event)
class EventAdmin(GroupScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "verb", "target_type", "target_label", "group_slug"]
    list_filter = ["verb", "target_type", "group_slug"]
    search_fields = ["actor_label", "target_label", "note"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Event._meta.fields]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        group_ids = self._group_ids(request)
        if group_ids is None:
            return queryset
        from plenary.groups.models import WorkingGroup

        return queryset.filter(group_slug__in=WorkingGroup.objects.filter(pk__in=group_ids).values("slug"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
