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


# The group's workspace, as a new user meets it in the sample ------------------------------------------------------


def _demo(sample, client, username: str) -> None:
    """The demo accounts (`load_sample --demo-accounts`) and the illustrative work that goes to them."""
    from plenary.groups.sample import DEMO_PASSWORD, demo_accounts_load
    from plenary.workspace import sample as workspace_sample

    demo_accounts_load(sample)
    workspace_sample.load(group=sample, actor=None)
    assert client.post("/accounts/signin/", {"username": username, "password": DEMO_PASSWORD}).status_code == 302


def _closed_session(sample, date: str):
    from plenary.meetings.models import Session

    return Session.objects.get(meeting__group=sample, date=date, kind=SessionKind.CLOSED)


def test_a_member_finds_the_closed_sessions_agenda_papers_minutes_and_tasks(sample, client):
    from django.test import Client

    _demo(sample, client, "demo-member")
    session = _closed_session(sample, "2005-04-19")
    third = client.get("/wgig/meetings/3/").content.decode()
    assert "Roles and responsibilities of governments, the private sector and civil society" in third
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Illustrative working paper on roles and responsibilities" in page and "Members only" in page
    paper = session.documents.get(title="Illustrative working paper on roles and responsibilities")
    assert client.get(paper.get_absolute_url()).status_code == 200
    minutes = client.get(reverse("proceedings:minutes", args=["wgig", 3, session.pk])).content.decode()
    assert "Approved by the chair" in minutes and "One member asked that a national position be noted" in minutes
    workspace = client.get("/wgig/workspace/").content.decode()
    assert "Read the compilation of comments before the June closed session" in workspace
    assert "Illustrative working paper on roles and responsibilities" in workspace  # papers to read
    # The public sees that the session took place, its readout and the disclosed decisions, never the minutes.
    public = Client()
    page = public.get(session.get_absolute_url()).content.decode()
    assert "This session was closed" in page and "Illustrative working paper" not in page
    assert public.get(paper.get_absolute_url()).status_code == 404
    assert public.get(reverse("proceedings:minutes", args=["wgig", 3, session.pk])).status_code == 404
    readout = public.get(reverse("proceedings:readout", args=["wgig", 3, session.pk])).content.decode()
    assert "The members agreed to assess the arrangements issue by issue" in readout
    assert "national position" not in readout
    register = public.get("/wgig/decisions/").content.decode()
    for shown in ["D-1", "D-2", "D-4", "D-5"]:
        assert f">{shown}<" in register
    assert ">D-3<" not in register and "Defer further work" not in register and ">D-6<" not in register


def test_the_chair_approves_a_readout_and_the_paragraphs_history_shows_the_decision(sample, client):
    from django.test import Client

    from plenary.drafting.sample import sample_draft
    from plenary.proceedings.models import Readout

    _demo(sample, client, "demo-chair")  # a vice-chair, acting for the chair
    session = _closed_session(sample, "2005-04-20")
    readout = Readout.objects.get(session=session)
    assert not readout.is_approved
    assert "Readout to approve" in client.get("/wgig/workspace/").content.decode()
    approve = reverse("proceedings:readout_approve", args=["wgig", 3, session.pk])
    assert "This cannot be undone." in client.post(approve).content.decode()
    client.post(approve, {"confirmed": "yes"})
    readout.refresh_from_db()
    assert readout.is_approved and readout.approved_by.username == "demo-chair"
    public = Client()
    text = public.get(readout.get_absolute_url()).content.decode()
    assert "The members listed the issues that need further work" in text
    draft = sample_draft(sample)
    key = draft.versions.order_by("-number").first().paragraphs.all()[2].key
    history = public.get(reverse("drafting:paragraph_history", args=["wgig", draft.slug, key])).content.decode()
    assert "Decided at the fourth and last meeting" in history and "D-4" in history
    assert "all stakeholders" in history


def test_a_registration_for_the_june_consultation_reaches_the_participants_and_the_speakers_balance(sample, client):
    from django.test import Client

    from plenary.meetings.models import Session

    june = Session.objects.get(meeting__group=sample, meeting__number=4, kind=SessionKind.OPEN_CONSULTATION)
    visitor = Client()
    assert "Register to attend" in visitor.get(june.get_absolute_url()).content.decode()
    response = visitor.post(
        reverse("proceedings:register", args=["wgig", 4, june.pk]),
        {
            "submitter_name": "A new user",
            "submitter_email": "new.user@example.org",
            "on_behalf_of": "organisation",
            "organisation": "A regional registry",
            "stakeholder_group": "technical-academic",
            "country": "ZA",
            "publish_name": "no",
            "mode": "remote",
            "wishes_to_speak": "on",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    _demo(sample, client, "demo-secretariat")
    listing = client.get(reverse("proceedings:participants", args=["wgig", 4, june.pk])).content.decode()
    assert "A new user" in listing and "A regional registry" in listing
    badges = client.get(reverse("proceedings:participants_csv", args=["wgig", 4, june.pk])).content.decode()
    assert "A new user,A regional registry,Technical and academic community,South Africa,Remotely,yes" in badges
    chair = Client()
    chair.post("/accounts/signin/", {"username": "demo-chair", "password": "plenary-demo"})
    speakers_url = reverse("proceedings:speakers", args=["wgig", 4, june.pk])
    entry = june.speakers.get(name="A regional registry")  # listed by organisation: no consent to the name
    chair.post(reverse("proceedings:speaker_update", args=["wgig", 4, june.pk, entry.pk]), {"action": "accept"})
    balance = visitor.get(speakers_url).context["balance"]
    rows = {row["label"]: (row["spoke"], row["waiting"]) for row in balance.by_group}
    assert rows["Technical and academic community"] == (0, 1)
    assert rows["Government"] == (1, 1) and rows["Civil society"] == (1, 0)
    assert {row["label"]: row["waiting"] for row in balance.by_region}["Africa"] == 1
    page = visitor.get(speakers_url).content.decode()
    assert "A regional registry" in page and "A new user" not in page and "Balance so far" in page
