"""The members' area: a page per member with their sessions, papers to read, tasks, drafts and comments to answer;
tasks with an owner, a state and a due date; statements of interest published as the group decides; rapporteurs
and drafting teams."""

import datetime as dt

import pytest
from django.urls import reverse

from plenary.core.models import Event
from plenary.drafting.models import DraftStatus
from plenary.drafting.tests.factories import make_comment, make_draft, make_issues
from plenary.groups.models import InterestsPolicy
from plenary.meetings.models import SessionKind
from plenary.proceedings.services import attendance_record
from plenary.testing import ROLES
from plenary.workspace import services
from plenary.workspace.models import AssignmentRole, Task, TaskState

MEMBERS = {"member", "chair", "secretariat", "site_admin"}


@pytest.fixture
def membership(users, group):
    return users["member"].person.memberships.get(group=group)


@pytest.mark.parametrize("role", ROLES)
def test_the_members_area_is_for_the_members(role, clients, users, group, membership):
    task = services.task_create(actor=None, group=group, title="TASKFORMEMBERS", owner=membership)
    client = clients[role]
    home = client.get(reverse("workspace:home", args=[group.slug]))
    assert home.status_code == 200
    body = home.content.decode()
    if role in {"member", "chair", "secretariat"}:  # a site administrator holds no place in the group
        assert "My workspace" in body
    else:
        assert "It is open to the members of the group" in body and "TASKFORMEMBERS" not in body
    expected = 200 if role in MEMBERS else 404
    for url in [
        reverse("workspace:member", args=[group.slug, membership.person_id]),
        reverse("workspace:tasks", args=[group.slug]),
        task.get_absolute_url(),
        reverse("workspace:assignments", args=[group.slug]),
    ]:
        assert client.get(url).status_code == expected, (role, url)


def test_a_members_page_gathers_their_work(clients, users, group, membership, meeting, documents):
    data = make_issues(group)
    draft = make_draft(group, status=DraftStatus.CONSULTATION, issues=[data["issues"]["spam"]])
    key = draft.versions.get().paragraphs.filter(kind="paragraph").first().key
    make_comment(draft, key, text="COMMENTTOANSWER please")
    services.assignment_add(
        actor=users["chair"], membership=membership, role=AssignmentRole.RAPPORTEUR, issue=data["issues"]["spam"]
    )
    services.task_create(
        actor=users["secretariat"], group=group, title="MYTASK read the papers", owner=membership,
        due_on=dt.date(2005, 4, 18),
    )  # fmt: skip
    services.task_create(actor=users["secretariat"], group=group, title="SOMEONEELSESTASK", owner=None)
    closed = meeting.sessions.get(kind=SessionKind.CLOSED)
    attendance_record(actor=users["secretariat"], session=closed, statuses={membership.pk: "excused"})
    page = clients["member"].get(reverse("workspace:home", args=[group.slug])).content.decode()
    assert "MYTASK read the papers" in page and "overdue" in page and "SOMEONEELSESTASK" not in page
    assert documents["members"].title in page  # papers to read: members-only
    assert documents["secretariat"].title not in page and documents["public"].title not in page
    assert "Closed meeting" in page and "Excused" in page
    assert "Rapporteur" in page and draft.title in page and "COMMENTTOANSWER" in page
    # Another member reads the same page; the secretariat's papers stay the secretariat's.
    chair_view = clients["chair"].get(reverse("workspace:member", args=[group.slug, membership.person_id]))
    assert "MYTASK read the papers" in chair_view.content.decode()


def test_tasks_are_given_by_the_chair_or_the_secretariat_and_moved_by_their_owner(clients, users, group, membership):
    new = reverse("workspace:task_new", args=[group.slug])
    assert clients["member"].get(new).status_code == 404
    response = clients["chair"].post(
        new, {"title": "Prepare the note on spam", "owner": membership.pk, "due_on": "2005-06-01"}
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Prepare the note on spam")
    assert task.owner == membership and task.state == TaskState.OPEN and task.created_by == users["chair"]
    assert [e.verb for e in Event.objects.for_object(task).order_by("id")] == ["created", "assigned"]
    move = reverse("workspace:task_move", args=[group.slug, task.pk])
    assert clients["member"].post(move, {"to": "done"}).status_code == 302
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    assert clients["member"].post(move, {"to": "in-progress"}).status_code == 403  # done -> open only
    clients["member"].post(move, {"to": "open"})
    event = Event.objects.for_object(task).filter(verb="state_changed").first()
    assert event.changes == {"state": ["done", "open"]}
    assert clients["participant"].post(move, {"to": "done"}).status_code == 404


@pytest.mark.parametrize("policy", [InterestsPolicy.MEMBERS, InterestsPolicy.PUBLIC])
def test_statements_of_interest_are_published_as_the_group_decides(policy, clients, users, group, membership):
    group.interests_policy = policy
    group.save()
    edit = reverse("workspace:interest_edit", args=[group.slug])
    assert clients["member"].post(edit, {"text": "INTERESTSTATEMENT a board seat."}).status_code == 302
    assert Event.objects.filter(verb="declared").count() == 1
    url = reverse("workspace:interests", args=[group.slug])
    public = clients["anonymous"].get(url).content.decode()
    assert ("INTERESTSTATEMENT" in public) == (policy == InterestsPolicy.PUBLIC)
    assert "INTERESTSTATEMENT" in clients["chair"].get(url).content.decode()
    assert clients["secretariat"].get(edit).status_code == 200  # their own, not the member's
    assert clients["participant"].get(edit).status_code == 404


def test_rapporteurs_are_public_but_not_a_team_on_an_internal_draft(clients, users, group, membership):
    data = make_issues(group)
    internal = make_draft(group, slug="internal", title="INTERNALDRAFT title")
    page = reverse("workspace:assignments", args=[group.slug])
    clients["secretariat"].post(
        page, {"membership": membership.pk, "role": "rapporteur", "issue": data["issues"]["dns"].pk}
    )
    clients["chair"].post(page, {"membership": membership.pk, "role": "drafting-team", "draft": internal.pk})
    both = clients["chair"].post(
        page,
        {"membership": membership.pk, "role": "rapporteur", "issue": data["issues"]["dns"].pk, "draft": internal.pk},
    )
    assert "Choose an issue or a draft" in both.content.decode()
    assert (
        clients["member"]
        .post(page, {"membership": membership.pk, "role": "rapporteur", "issue": data["issues"]["spam"].pk})
        .status_code
        == 403
    )
    assert membership.assignments.count() == 2
    issue_page = clients["anonymous"].get(reverse("issues:detail", args=[group.slug, "dns"])).content.decode()
    assert "Rapporteur" in issue_page and membership.person.name in issue_page
    assert "INTERNALDRAFT" in clients["member"].get(page).content.decode()
    from plenary.core.visibility import visible
    from plenary.workspace.models import Assignment

    assert visible(Assignment, None).count() == 1  # the team on the internal draft stays with the members
    end = reverse("workspace:assignment_end", args=[group.slug, membership.assignments.get(role="rapporteur").pk])
    assert clients["secretariat"].post(end).status_code == 302
    assert Event.objects.filter(verb="unassigned").count() == 1


def test_a_members_page_takes_a_fixed_number_of_queries(clients, users, group, membership, meeting, documents):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plenary.meetings.models import Document

    data = make_issues(group)
    url = reverse("workspace:home", args=[group.slug])
    counts = []
    for batch in range(2):
        for n in range(3):
            slug = f"d{batch}{n}"
            draft = make_draft(group, slug=slug, title=slug, status=DraftStatus.CONSULTATION)
            services.assignment_add(actor=None, membership=membership, role=AssignmentRole.DRAFTING_TEAM, draft=draft)
            services.task_create(
                actor=None, group=group, title=f"Task {slug}", owner=membership, issue=data["issues"]["dns"]
            )
            Document.objects.create(
                group=group,
                meeting=meeting,
                title=f"Paper {slug}",
                kind=documents["members"].kind,
                visibility="members",
            )
        with CaptureQueriesContext(connection) as context:
            assert clients["member"].get(url).status_code == 200
        counts.append(len(context))
    assert counts[0] == counts[1], counts
