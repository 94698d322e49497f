"""Writes to groups, people and memberships. Each records what changed on the event trail."""

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from plenary.core.services import event_record, upsert
from plenary.core.visibility import can_manage, group_of

from .models import (
    SECRETARIAT_ROLES,
    TRANSLATABLE_FIELDS,
    ContentTranslation,
    Membership,
    Milestone,
    NewsItem,
    Person,
    WorkingGroup,
)
from .selectors import language_code, source_language, text_hash

BACK_OFFICE_GROUP = "Secretariat"


def group_save(*, actor, slug: str, **values: Any) -> WorkingGroup:
    """Create or update a working group. The secretariat or a site administrator may call it."""
    group, _created = upsert(actor=actor, model=WorkingGroup, lookup={"slug": slug}, values=values)
    return group


def person_save(*, actor, name: str, group: WorkingGroup, **values: Any) -> Person:
    """Create or update a person, in the context of the group that appoints them (whose trail records it)."""
    person, _created = upsert(actor=actor, model=Person, lookup={"name": name}, values=values, group_slug=group.slug)
    return person


def membership_save(*, actor, group: WorkingGroup, person: Person, role: str, **values: Any) -> Membership:
    """Appoint a person to a role in a group, or update the appointment; `appointed` goes on the trail."""
    membership, created = upsert(
        actor=actor, model=Membership, lookup={"group": group, "person": person, "role": role}, values=values
    )
    if created:
        event_record(actor=actor, verb="appointed", target=membership, changes={"role": [None, role]})
    if role in SECRETARIAT_ROLES and person.user_id:
        back_office_grant(user=person.user)
    return membership


def back_office_permissions() -> list[Permission]:
    """Every permission on the domain apps' models, and read access to accounts (to link people to accounts).

    Which group's records a secretariat sees is narrowed in the admin (GroupScopedAdminMixin), not here.
    """
    labels = [config.label for config in apps.get_app_configs() if config.name.startswith("plenary.")]
    permissions = Permission.objects.filter(content_type__app_label__in=[x for x in labels if x != "accounts"])
    return [*permissions, *Permission.objects.filter(content_type__app_label="accounts", codename__startswith="view_")]


def back_office_grant(*, user) -> None:
    """Let a secretariat member into the back office. Called when a secretariat role is given to an account."""
    auth_group, _created = AuthGroup.objects.get_or_create(name=BACK_OFFICE_GROUP)
    auth_group.permissions.set(back_office_permissions())
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(auth_group)


def milestone_save(*, actor, group: WorkingGroup, title: str, **values: Any) -> Milestone:
    milestone, _created = upsert(actor=actor, model=Milestone, lookup={"group": group, "title": title}, values=values)
    return milestone


def news_save(*, actor, group: WorkingGroup, slug: str, **values: Any) -> NewsItem:
    item, _created = upsert(actor=actor, model=NewsItem, lookup={"group": group, "slug": slug}, values=values)
    return item


def translation_save(*, actor, obj: models.Model, field: str, language: str, text: str) -> ContentTranslation:
    """Store (or update) one field of an object in another language, made from the object's current text.

    The object's group's secretariat (and site administrators) may. Only the fields in TRANSLATABLE_FIELDS, only
    the site's languages, and not the object's own language. Records `created` or `changed` on the translation.
    """
    label = obj._meta.label
    if field not in TRANSLATABLE_FIELDS.get(label, ()):
        raise ValidationError(_("This text cannot be translated here."))
    code = language_code(language)
    if code != language or code == source_language(obj):
        raise ValidationError(_("Choose one of the site's other languages."))
    if not can_manage(actor, obj):
        raise PermissionDenied(_("Only the group's secretariat may translate its texts."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("The translation is empty."))
    group = group_of(obj)
    translation, _created = upsert(
        actor=actor,
        model=ContentTranslation,
        lookup={
            "content_type": ContentType.objects.get_for_model(obj),
            "object_id": obj.pk,
            "field": field,
            "language": code,
        },
        values={
            "group": group,
            "text": text,
            "source_hash": text_hash(getattr(obj, field, "") or ""),
            "translated_at": timezone.now(),
            "translated_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    return translation
