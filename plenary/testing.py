"""Helpers for the tests of every app: users, groups and memberships, and who may see what.

Kept in the package (not in conftest.py) so that test modules import them by a name that cannot be shadowed by
another folder's conftest.
"""

import datetime as dt

from django.test import Client

from plenary.accounts.models import User
from plenary.core.models import Visibility
from plenary.groups.models import Membership, Person, WorkingGroup

ROLES = ["anonymous", "participant", "member", "chair", "secretariat", "site_admin", "other_group_secretariat"]


def make_group(slug: str = "tg", **overrides) -> WorkingGroup:
    values = {
        "name": f"Test group {slug}",
        "acronym": slug.upper(),
        "reference_prefix": slug.upper(),
        "mandate": "To test the software in the open.",
        "established_by": "the test suite",
        "established_on": dt.date(2004, 11, 11),
        "parent_body": "The tests",
    }
    values.update(overrides)
    return WorkingGroup.objects.create(slug=slug, **values)


def make_user(username: str, **extra) -> User:
    return User.objects.create_user(username=username, email=f"{username}@example.org", password="pw-123456", **extra)


def make_membership(group: WorkingGroup, user: User | None, role: str, **extra) -> Membership:
    person = Person.objects.create(name=extra.pop("name", f"{role} {group.slug} {user or ''}"), user=user)
    return Membership.objects.create(group=group, person=person, role=role, **extra)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# Who may read what: the visibility levels each role may see in `group`.
SEES = {
    "anonymous": {Visibility.PUBLIC},
    "participant": {Visibility.PUBLIC},
    "other_group_secretariat": {Visibility.PUBLIC},
    "member": {Visibility.PUBLIC, Visibility.MEMBERS},
    "chair": {Visibility.PUBLIC, Visibility.MEMBERS},
    "secretariat": {Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT},
    "site_admin": {Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT},
}
