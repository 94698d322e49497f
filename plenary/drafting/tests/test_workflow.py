"""internal -> public consultation (with a window) -> revised -> final, by the chair (or a vice-chair acting for the
chair); the secretariat prepares the texts. Opening a round and finalising ask for confirmation."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from plenary.core.models import Event
from plenary.drafting.models import DraftStatus
from plenary.drafting.services import draft_move

from .factories import make_draft


@pytest.mark.parametrize(
    ("role", "may"),
    [
        ("anonymous", False),
        ("participant", False),
        ("member", False),
        ("chair", True),
        ("secretariat", False),
        ("other_group_secretariat", False),
    ],
)
def test_only_the_chair_moves_a_draft(role, may, clients, users, group):
    draft = make_draft(group)
    now = timezone.localtime()
    response = clients[role].post(
        reverse("drafting:move", args=[group.slug, draft.slug]),
        {
            "to": "consultation",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "confirmed": "yes",
        },
    )
    draft.refresh_from_db()
    if may:
        assert response.status_code == 302
        assert draft.status == DraftStatus.CONSULTATION
        event = Event.objects.for_object(draft).get(verb="moved")
        assert event.changes["status"] == ["internal", "consultation"]
        assert event.actor == users[role]
    else:
        assert response.status_code in (403, 404)
        assert draft.status == DraftStatus.INTERNAL


def test_consultation_needs_a_window_and_steps_are_one_at_a_time(group, users):
    draft = make_draft(group)
    with pytest.raises(ValidationError):
        draft_move(actor=users["chair"], draft=draft, to=DraftStatus.CONSULTATION)
    with pytest.raises(ValidationError):
        draft_move(actor=users["chair"], draft=draft, to=DraftStatus.FINAL)
    with pytest.raises(PermissionDenied):
        now = timezone.now()
        draft_move(
            actor=users["member"],
            draft=draft,
            to=DraftStatus.CONSULTATION,
            opens_at=now,
            closes_at=now + dt.timedelta(days=1),
        )
    now = timezone.now()
    draft = draft_move(
        actor=users["chair"],
        draft=draft,
        to=DraftStatus.CONSULTATION,
        opens_at=now,
        closes_at=now + dt.timedelta(days=1),
    )
    draft = draft_move(actor=users["chair"], draft=draft, to=DraftStatus.REVISED)
    with pytest.raises(PermissionDenied):
        draft_move(actor=users["secretariat"], draft=draft, to=DraftStatus.FINAL)
    draft = draft_move(actor=users["chair"], draft=draft, to=DraftStatus.FINAL)
    assert [e.changes["status"][1] for e in Event.objects.for_object(draft).filter(verb="moved").order_by("id")] == [
        "consultation",
        "revised",
        "final",
    ]
    assert draft.first_public_version == 1


def test_finalising_asks_for_confirmation_and_a_vice_chair_may_do_it(clients, group):
    from plenary.groups.models import Role
    from plenary.testing import client_for, make_membership, make_user

    draft = make_draft(group, status=DraftStatus.REVISED)
    vice_chair = make_user("vicechair")
    make_membership(group, vice_chair, Role.VICE_CHAIR)
    url = reverse("drafting:move", args=[group.slug, draft.slug])
    asked = client_for(vice_chair).post(url, {"to": "final"})
    assert asked.status_code == 200 and "This cannot be undone." in asked.content.decode()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.REVISED
    client_for(vice_chair).post(url, {"to": "final", "confirmed": "yes"})
    draft.refresh_from_db()
    assert draft.status == DraftStatus.FINAL
