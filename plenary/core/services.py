"""Writes shared by every app: recording what happened on the event trail."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.forms.models import model_to_dict

from .models import Event

SYSTEM_LABEL = "system"


def _field_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
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
    """Append one entry to the trail. Any caller may; nothing can change it afterwards."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if not group_slug:
        group_slug = getattr(getattr(target, "group", None), "slug", "")
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
    *, actor, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any], note: str = ""
) -> tuple[models.Model, bool]:
    """Create or update one row found by `lookup`, and record `created` or `changed` (with from -> to) if it did.

    Used by back-office imports and the sample loader so that running them twice changes nothing and records
    nothing the second time.
    """
    with transaction.atomic():
        obj = model.objects.select_for_update().filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            event_record(actor=actor, verb="created", target=obj, note=note)
            return obj, True
        before = model_to_dict(obj, fields=list(values))
        for name, value in values.items():
            setattr(obj, name, value)
        after = model_to_dict(obj, fields=list(values))
        changes = diff_fields(before, after)
        if changes:
            obj.save()
            event_record(actor=actor, verb="changed", target=obj, changes=changes, note=note)
        return obj, False
