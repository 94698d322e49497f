import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from plenary.core.models import Event
from plenary.groups.models import Membership, Role, WorkingGroup
from plenary.issues.models import Cluster, Issue, Principle
from plenary.meetings.models import Meeting, SessionKind


@pytest.fixture(scope="module")
def _sample_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the sample once for this module (it builds a report and runs the analysis: seconds, not millis).

    Each test still runs in its own transaction on top of it; the module's end empties the database again.
    """
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("sample-media")):
        call_command("load_sample", verbosity=0, stdout=io.StringIO())
        yield
        call_command("flush", "--no-input", verbosity=0)


@pytest.fixture
def sample(_sample_loaded, db):
    return WorkingGroup.objects.get(slug="wgig")


def test_sample_group_holds_the_public_record(sample):
    members = Membership.objects.filter(group=sample)
    assert members.filter(role=Role.CHAIR).get().person.name == "Nitin Desai"
    assert members.filter(role=Role.MEMBER).count() == 39
    assert members.filter(role=Role.EXECUTIVE_COORDINATOR).get().person.name == "Markus Kummer"
    assert members.filter(role=Role.SECRETARIAT).count() == 10
    derived = members.filter(role=Role.MEMBER).exclude(country="")
    assert derived.count() == 39
    assert all("country" in m.derived_fields for m in derived)
    assert all(m.region for m in derived)
    assert Meeting.objects.filter(group=sample).count() == 4
    third = Meeting.objects.get(group=sample, number=3)
    sessions = list(third.sessions.order_by("date"))
    assert [(s.date.isoformat(), s.kind) for s in sessions] == [
        ("2005-04-18", SessionKind.OPEN_CONSULTATION),
        ("2005-04-19", SessionKind.CLOSED),
        ("2005-04-20", SessionKind.CLOSED),
    ]
    assert sample.milestones.count() == 8
    assert Cluster.objects.filter(group=sample).count() == 4
    assert Issue.objects.filter(cluster__group=sample, slug="dns").exists()
    assert Issue.objects.filter(cluster__group=sample).count() >= 27
    assert Principle.objects.filter(group=sample).count() == 8
    assert sample.news.get().title.startswith("Working Group on Internet Governance to Meet in Geneva")


def test_every_event_of_the_sample_resolves_its_group(sample):
    """So that the group's secretariat reads its whole trail, people and organisations included."""
    assert Event.objects.exists()
    assert not Event.objects.filter(group_slug="").exists()


def test_loading_twice_changes_nothing(sample):
    events = Event.objects.count()
    memberships = Membership.objects.count()
    call_command("load_sample", verbosity=0, stdout=io.StringIO())
    assert Event.objects.count() == events
    assert Membership.objects.count() == memberships


def test_demo_accounts_sign_in_with_their_role(sample, client):
    call_command("load_sample", "--demo-accounts", stdout=io.StringIO())
    response = client.post("/accounts/signin/", {"username": "demo-secretariat", "password": "plenary-demo"})
    assert response.status_code == 302
    assert client.get("/admin/meetings/meeting/").status_code == 200
    members_page = client.get(reverse("groups:members", args=["wgig"])).content.decode()
    assert "Demo account: vice-chair" not in members_page and "Demo account: member" not in members_page


def test_a_new_user_finds_the_third_meeting_members_and_clusters(sample, client):
    home = client.get("/wgig/").content.decode()
    assert "/wgig/meetings/3/" in home
    third = client.get("/wgig/meetings/3/").content.decode()
    assert "18 April 2005" in third and "19 April 2005" in third and "20 April 2005" in third
    assert "Open consultation" in third and "Closed (members only)" in third
    members = client.get("/wgig/members/").content.decode()
    assert "Nitin Desai" in members and "<svg" in members
    issues = client.get("/wgig/issues/").content.decode()
    for title in ["Administration of the domain name system", "Spam", "Intellectual property rights", "Gender"]:
        assert title in issues


def test_sample_leaves_work_in_the_queue_and_none_of_it_in_public(sample, client):
    from plenary.consultations.models import Contribution, ContributionStatus

    waiting = Contribution.objects.filter(group=sample, status=ContributionStatus.RECEIVED)
    assert waiting.count() == 2
    public = client.get(reverse("consultations:contributions", args=["wgig"])).content.decode()
    assert "Published contributions" in public
    for contribution in waiting:
        assert contribution.title not in public
        assert contribution.reference not in public
    assert Contribution.objects.filter(group=sample, status=ContributionStatus.PUBLISHED).count() == 42
