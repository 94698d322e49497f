"""Writes shared by every app: recording what happened on the event trail, and the back office's saves."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from . import visibility
from .models import Event, EventVerb

SYSTEM_LABEL = "system"


def _field_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return _label_list(_field_value(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields that changed, as {name: [from, to]}, ready for the event trail."""
    return {
        name: [_field_value(before.get(name)), _field_value(after.get(name))]
        for name in after
        if _field_value(before.get(name)) != _field_value(after.get(name))
    }


def event_record(
    *,
    actor,
    verb: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
    note: str = "",
    group_slug: str = "",
) -> Event:
    """Append one entry to the trail. Any caller may; nothing can change it afterwards.

    `verb` must be one of `EventVerb` (ValueError otherwise). The event's group is the target's (by its
    visibility rule's path); pass `group_slug` for objects shared by every group (a person, an organisation) so
    that the group on whose behalf it happened can read it.
    """
    if verb not in EventVerb.values:
        raise ValueError(f"unknown event verb {verb!r}: add it to core.models.EventVerb")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if not group_slug:
        group = visibility.group_of(target) if visibility.has_rule(type(target)) else None
        group_slug = getattr(group, "slug", "") or ""
    return Event.objects.create(
        actor=actor if authenticated else None,
        actor_label=(actor.get_username() if authenticated else SYSTEM_LABEL)[:200],
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_label=str(target)[:300],
        group_slug=group_slug,
        changes=changes or {},
        note=note,
    )


def upsert(
    *,
    actor,
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    note: str = "",
    group_slug: str = "",
) -> tuple[models.Model, bool]:
    """Create or update one row found by `lookup`, and record `created` or `changed` (with from -> to) if it did.

    Used by back-office imports and the sample loader so that running them twice changes nothing and records
    nothing the second time.
    """
    with transaction.atomic():
        obj = model.objects.select_for_update().filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            event_record(actor=actor, verb="created", target=obj, note=note, group_slug=group_slug)
            return obj, True
        before = model_to_dict(obj, fields=list(values))
        for name, value in values.items():
            setattr(obj, name, value)
        after = model_to_dict(obj, fields=list(values))
        changes = diff_fields(before, after)
        if changes:
            obj.save()
            event_record(actor=actor, verb="changed", target=obj, changes=changes, note=note, group_slug=group_slug)
        return obj, False


# The back office ---------------------------------------------------------------------------------------------------


@dataclass
class RecordEdit:
    """One record edited in the back office: the fields the form changed and the new many-to-many values."""

    obj: models.Model
    fields: list[str] = field(default_factory=list)
    m2m: dict[str, list] = field(default_factory=dict)
    delete: bool = False


def _label_list(values) -> list[str]:
    return sorted(str(v) for v in values)


def _check_manageable(actor, obj: models.Model, before: models.Model | None) -> None:
    """The actor must run the record's group before the edit and after it, and every record it links to."""
    if before is not None and not visibility.can_manage(actor, before):
        raise PermissionDenied(_("You may change only the records of the groups you run."))
    if before is None and not _may_create(actor, obj):
        raise PermissionDenied(_("You may add records only to the groups you run."))
    if before is not None and not _in_managed_group(actor, obj):
        raise PermissionDenied(_("You may move a record only to a group you run."))
    for f in obj._meta.concrete_fields:
        if not f.is_relation or f.related_model is None or not visibility.has_rule(f.related_model):
            continue
        related = getattr(obj, f.name, None)
        if related is None or visibility.rule_for(f.related_model).group is None:
            continue
        if before is not None and getattr(before, f.attname) == getattr(obj, f.attname):
            continue
        if not visibility.can_manage(actor, related):
            raise PermissionDenied(_("“%(record)s” belongs to a group you do not run.") % {"record": related})


def _in_managed_group(actor, obj: models.Model) -> bool:
    viewer = visibility.viewer_of(actor)
    if viewer.is_superuser:
        return True
    rule = visibility.rule_for(type(obj))
    if rule.group is None:
        return False
    if rule.multi_valued:
        return visibility.can_manage(actor, obj)
    group = visibility.group_of(obj)
    return group is not None and group.pk in viewer.secretariat


def _may_create(actor, obj: models.Model) -> bool:
    viewer = visibility.viewer_of(actor)
    if viewer.is_superuser:
        return True
    rule = visibility.rule_for(type(obj))
    if rule.group is None:
        return bool(viewer.secretariat)  # a shared record (an organisation, a vocabulary entry) may be added
    if rule.multi_valued:
        return bool(viewer.secretariat)  # a person joins a group through a membership the actor then adds
    return _in_managed_group(actor, obj)


def lifecycle_fields(model: type[models.Model], *, creating: bool) -> list[str]:
    """The fields the back office may not edit: all lifecycle fields, or on a new record those with a default."""
    names = visibility.rule_for(model).lifecycle
    if not creating:
        return list(names)
    return [name for name in names if model._meta.get_field(name).has_default()]


def _check_lifecycle(obj: models.Model, before: models.Model | None) -> None:
    """Lifecycle fields change only through their transition services (release, extend, publish...). A new record
    starts in its initial state; a field without one (a call's first deadline) is set when the record is made."""
    for name in lifecycle_fields(type(obj), creating=before is None):
        f = obj._meta.get_field(name)
        new = getattr(obj, f.attname)
        old = getattr(before, f.attname) if before is not None else f.get_default()
        if _field_value(new) != _field_value(old):
            raise ValidationError(
                _("“%(field)s” changes only through its own step (e.g. release, extend, publish), not here.")
                % {"field": f.verbose_name}
            )


def record_save(*, actor, edit: RecordEdit, children: list[RecordEdit] | None = None) -> models.Model:
    """Save a back-office edit of one record and of its inline rows, all or nothing.

    The group's secretariat (or a site administrator) may call it: PermissionDenied for a record, a new group or a
    linked record of a group the actor does not run; ValidationError when a lifecycle field would change here.
    Records `created`, `changed` (fields and many-to-many as from -> to) or `deleted` for each record that changed.
    """
    with transaction.atomic():
        obj = _record_save_one(actor, edit)
        for child in children or []:
            if child.delete:
                record_delete(actor=actor, obj=child.obj)
            else:
                _record_save_one(actor, child)
    return obj


def _record_save_one(actor, edit: RecordEdit) -> models.Model:
    obj = edit.obj
    model = type(obj)
    before = model._default_manager.filter(pk=obj.pk).first() if obj.pk is not None else None
    _check_manageable(actor, obj, before)
    _check_lifecycle(obj, before)
    m2m_before = {name: _label_list(getattr(before, name).all()) for name in edit.m2m} if before is not None else {}
    old = model_to_dict(before, fields=edit.fields) if before is not None else {}
    obj.save()
    for name, values in edit.m2m.items():
        for value in values:
            if visibility.has_rule(type(value)) and not visibility.can_manage(actor, value):
                raise PermissionDenied(_("“%(record)s” belongs to a group you do not run.") % {"record": value})
        getattr(obj, name).set(values)
    new = model_to_dict(obj, fields=edit.fields)
    changes = diff_fields(old, {name: new.get(name) for name in edit.fields if name in new})
    for name, values in edit.m2m.items():
        after = _label_list(values)
        if m2m_before.get(name, []) != after:
            changes[name] = [m2m_before.get(name, []), after]
    if before is None:
        event_record(actor=actor, verb=EventVerb.CREATED, target=obj, changes=changes)
    elif changes:
        event_record(actor=actor, verb=EventVerb.CHANGED, target=obj, changes=changes)
    return obj


def record_delete(*, actor, obj: models.Model) -> None:
    """Delete a record in the back office: the group's secretariat may; records `deleted` (before it goes)."""
    if not visibility.can_manage(actor, obj):
        raise PermissionDenied(_("You may delete only the records of the groups you run."))
    with transaction.atomic():
        event_record(actor=actor, verb=EventVerb.DELETED, target=obj)
        obj.delete()
