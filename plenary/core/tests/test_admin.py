"""The back office: the secretariat reaches its own group's records, with the event trail on each."""

import pytest
from django.urls import reverse

from plenary.core.models import Event
from plenary.groups.models import Person, Role
from plenary.groups.services import membership_save
from plenary.testing import client_for, make_membership, make_user

ADMIN_LISTS = [
    "groups/workinggroup",
    "groups/membership",
    "groups/person",
    "groups/newsitem",
    "meetings/meeting",
    "meetings/session",
    "meetings/document",
    "issues/cluster",
    "issues/issue",
    "issues/principle",
    "core/event",
]


@pytest.fixture
def secretariat_client(group, other_group, documents, meeting):
    user = make_user("sec")
    make_membership(other_group, None, Role.SECRETARIAT)
    person = Person.objects.create(name="Secretary", user=user)
    membership_save(actor=None, group=group, person=person, role=Role.SECRETARIAT)
    user.refresh_from_db()
    assert user.is_staff
    return client_for(user)


def test_secretariat_reaches_every_back_office_list(secretariat_client):
    for path in ADMIN_LISTS:
        response = secretariat_client.get(f"/admin/{path}/")
        assert response.status_code == 200, path


def test_secretariat_sees_only_its_own_groups_records(secretariat_client, group, other_group):
    body = secretariat_client.get("/admin/groups/workinggroup/").content.decode()
    assert group.name in body
    assert other_group.name not in body
    response = secretariat_client.get(reverse("admin:groups_workinggroup_change", args=[other_group.pk]))
    assert response.status_code in (302, 404)


def test_admin_edit_goes_on_the_trail_and_shows_on_the_page(secretariat_client, meeting):
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = secretariat_client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"venue": "Palais des Nations"})
    for prefix in ("sessions", "documents"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    response = secretariat_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.for_object(meeting).first()
    assert event.verb == "changed"
    assert event.changes["venue"] == ["Geneva", "Palais des Nations"]
    assert "Palais des Nations" in secretariat_client.get(url).content.decode()


def test_public_and_members_are_kept_out_of_the_back_office(clients):
    for role in ["anonymous", "participant", "member", "chair"]:
        response = clients[role].get("/admin/meetings/document/")
        assert response.status_code == 302, role
