"""The back office's shared behaviour: what a secretariat sees and may change is asked of core.visibility, and
every save goes through `core.services.record_save` (permissions, lifecycle fields, the event trail)."""

from django.contrib import admin
from django.db import models
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from . import visibility
from .models import Event, EventVerb
from .selectors import event_list_for
from .services import RecordEdit, lifecycle_fields, record_delete, record_save


def scoped_choices(db_field, request, kwargs: dict) -> dict:
    """The choices of a foreign key or many-to-many field: only records of the groups the user runs."""
    related = db_field.related_model
    if related is not None and visibility.has_rule(related) and visibility.rule_for(related).group is not None:
        base = kwargs.get("queryset")
        kwargs["queryset"] = visibility.managed(related, request.user, base)
    return kwargs


class ScopedChoicesMixin:
    """For inlines and model admins alike: every related-record choice is scoped through a rule."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **scoped_choices(db_field, request, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **scoped_choices(db_field, request, kwargs))


class ScopedInline(ScopedChoicesMixin):
    """An inline's rows are those of the groups the user runs; lifecycle fields are read-only."""

    def get_queryset(self, request):
        return visibility.managed(self.model, request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        lifecycle = lifecycle_fields(self.model, creating=False)
        return [*super().get_readonly_fields(request, obj), *lifecycle]


class GroupScopedAdminMixin(ScopedChoicesMixin):
    """A group's secretariat sees and edits only its own groups' records; site administrators see all.

    The group of a record is found by its rule in core.visibility; records shared by every group (vocabularies,
    organisations) are read by the back office and changed by site administrators.
    """

    def get_queryset(self, request):
        return visibility.managed(self.model, request.user, super().get_queryset(request))

    def _shared(self) -> bool:
        return visibility.rule_for(self.model).group is None

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        if self._shared():
            return request.user.is_superuser
        return visibility.can_manage(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if self._shared():
            return request.user.is_superuser
        return obj is None or visibility.can_manage(request.user, obj)


class EventTrailAdminMixin(GroupScopedAdminMixin):
    """Back-office edits go through `record_save` (and so on the event trail); each object's trail is shown."""

    def get_readonly_fields(self, request, obj=None):
        lifecycle = [f for f in lifecycle_fields(self.model, creating=obj is None) if f not in self._excluded()]
        return [*super().get_readonly_fields(request, obj), *lifecycle, "event_trail"]

    def _excluded(self) -> set[str]:
        return set(self.exclude or [])

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
                    e.get_verb_display(),
                    "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in e.changes.items()),
                )
                for e in events
            ),
        )

    # The form's save is deferred to `save_related`, so that the record, its many-to-many fields and its inline
    # rows are saved by one service call, checked and recorded together.
    def save_model(self, request, obj, form, change):
        return None

    def save_related(self, request, form, formsets, change):
        m2m_names = {f.name for f in form.instance._meta.many_to_many}
        edit = RecordEdit(
            obj=form.instance,
            fields=[name for name in form.changed_data if name not in m2m_names],
            m2m={name: list(form.cleaned_data[name]) for name in form.changed_data if name in m2m_names},
        )
        children = []
        for formset in formsets:
            formset.save(commit=False)
            parent_field = getattr(formset, "fk", None)
            for child_form in formset.forms:
                if child_form in formset.deleted_forms or not child_form.has_changed():
                    continue
                child = child_form.instance
                if parent_field is not None:
                    setattr(child, parent_field.name, form.instance)
                child_m2m = {f.name for f in child._meta.many_to_many}
                children.append(
                    RecordEdit(
                        obj=child,
                        fields=[n for n in child_form.changed_data if n not in child_m2m],
                        m2m={n: list(child_form.cleaned_data[n]) for n in child_form.changed_data if n in child_m2m},
                    )
                )
            children += [RecordEdit(obj=o, delete=True) for o in formset.deleted_objects]
        # The form's choices are already scoped, so a refusal here means a forged request: it rolls back and 403s.
        record_save(actor=request.user, edit=edit, children=children)
        self.after_save(request, form.instance, [c.obj for c in children if not c.delete])

    def after_save(self, request, obj, children: list[models.Model]) -> None:
        """Domain steps that follow a back-office save (e.g. letting a new secretariat member in)."""

    def delete_model(self, request, obj):
        record_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_delete(actor=request.user, obj=obj)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "verb", "target_type", "target_label", "group_slug"]
    list_filter = ["verb", "target_type", "group_slug"]
    search_fields = ["actor_label", "target_label", "note"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Event._meta.fields]

    def get_queryset(self, request):
        return visibility.events_visible(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


__all__ = ["EventTrailAdminMixin", "EventVerb", "GroupScopedAdminMixin", "ScopedInline", "scoped_choices"]
