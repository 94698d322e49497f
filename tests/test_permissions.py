"""Roles with meaning: every predicate of the workspace, asked of every role.

The chair approves minutes and readouts, opens and closes consultation rounds, releases the assessment, keeps the
speakers' list and discloses decisions, and a vice-chair may act for the chair; the secretariat prepares; members
read and draft. A role is held in one group: the chair of another group is nobody here.
"""

import pytest

from plenary.assessment import permissions as assessment
from plenary.drafting import permissions as drafting
from plenary.drafting.models import DraftStatus
from plenary.drafting.tests.factories import make_draft
from plenary.groups.models import Role
from plenary.meetings import permissions as meetings
from plenary.meetings.models import SessionKind
from plenary.proceedings import permissions as proceedings
from plenary.proceedings import services as record
from plenary.testing import make_membership, make_user
from plenary.workspace import permissions as workspace
from plenary.workspace.models import TaskState
from plenary.workspace.services import task_create

ROLES = [
    "anonymous",
    "participant",
    "member",
    "vice_chair",
    "chair",
    "secretariat",
    "site_admin",
    "other_group_secretariat",
    "other_group_chair",
]
CHAIR = {"chair", "vice_chair", "site_admin"}
SECRETARIAT = {"secretariat", "site_admin"}
MEMBERS = {"member", "vice_chair", "chair", "secretariat", "site_admin"}
GIVES_WORK = CHAIR | SECRETARIAT
NOBODY: set[str] = set()


@pytest.fixture
def people(users, group, other_group):
    vice_chair = make_user("vicechair")
    make_membership(group, vice_chair, Role.VICE_CHAIR)
    other_chair = make_user("otherchair")
    make_membership(other_group, other_chair, Role.CHAIR)
    return {**users, "vice_chair": vice_chair, "other_group_chair": other_chair}


@pytest.fixture
def objects(group, meeting, documents, people):
    """One object in each state a predicate looks at, made through the services."""
    closed = meeting.sessions.get(kind=SessionKind.CLOSED)
    open_session = meeting.sessions.get(kind=SessionKind.OPEN_CONSULTATION)
    draft_minutes = record.minutes_save(actor=None, session=closed, text="Opening.\n\nThe group agreed.")
    approved_session = meeting.sessions.create(date=closed.date, title="Approved", kind=SessionKind.CLOSED)
    approved = record.minutes_approve(
        actor=None, minutes=record.minutes_save(actor=None, session=approved_session, text="Agreed.")
    )
    readout = record.readout_derive(
        actor=None, session=approved_session, released=[record.ReleasedParagraph(0, "Agreed.")]
    )
    decision = record.decision_record(actor=None, session=closed, title="A decision", proposed_by="The chair")
    owner = people["member"].person.memberships.get(group=group)
    task = task_create(actor=None, group=group, title="Read the papers", owner=owner)
    return {
        "closed": closed,
        "open": open_session,
        "draft_minutes": draft_minutes,
        "approved_minutes": approved,
        "approved_session": approved_session,
        "readout": readout,
        "decision": decision,
        "members_paper": documents["members"],
        "public_paper": documents["public"],
        "draft": make_draft(group),
        "consulting": make_draft(group, slug="out", status=DraftStatus.CONSULTATION),
        "task": task,
        "membership": owner,
    }


def _cases(group, o) -> dict:
    """predicate -> (question asked of a user, the roles that may)."""
    return {
        "can_manage_meetings": (lambda u: meetings.can_manage_meetings(u, group), SECRETARIAT),
        "can_edit_agenda": (lambda u: meetings.can_edit_agenda(u, o["closed"]), SECRETARIAT),
        "can_file_paper": (lambda u: meetings.can_file_paper(u, group), SECRETARIAT),
        "can_release_document (members' paper)": (
            lambda u: meetings.can_release_document(u, o["members_paper"]),
            SECRETARIAT,
        ),
        "can_release_document (already public)": (
            lambda u: meetings.can_release_document(u, o["public_paper"]),
            NOBODY,
        ),
        "can_open_registration (open session)": (lambda u: meetings.can_open_registration(u, o["open"]), SECRETARIAT),
        "can_open_registration (closed session)": (lambda u: meetings.can_open_registration(u, o["closed"]), NOBODY),
        "can_draft_minutes (closed session)": (lambda u: proceedings.can_draft_minutes(u, o["closed"]), SECRETARIAT),
        "can_draft_minutes (approved)": (
            lambda u: proceedings.can_draft_minutes(u, o["approved_session"]),
            NOBODY,
        ),
        "can_draft_minutes (open session)": (lambda u: proceedings.can_draft_minutes(u, o["open"]), NOBODY),
        "can_approve_minutes": (lambda u: proceedings.can_approve_minutes(u, o["draft_minutes"]), CHAIR),
        "can_approve_minutes (approved)": (lambda u: proceedings.can_approve_minutes(u, o["approved_minutes"]), NOBODY),
        "can_derive_readout (approved minutes)": (
            lambda u: proceedings.can_derive_readout(u, o["approved_session"]),
            SECRETARIAT,
        ),
        "can_derive_readout (draft minutes)": (lambda u: proceedings.can_derive_readout(u, o["closed"]), NOBODY),
        "can_approve_readout": (lambda u: proceedings.can_approve_readout(u, o["readout"]), CHAIR),
        "can_record_decision": (lambda u: proceedings.can_record_decision(u, group), SECRETARIAT),
        "can_disclose_decision": (lambda u: proceedings.can_disclose_decision(u, o["decision"]), CHAIR),
        "can_register (registration closed)": (lambda u: proceedings.can_register(u, o["open"]), NOBODY),
        "can_manage_registrations": (lambda u: proceedings.can_manage_registrations(u, o["open"]), SECRETARIAT),
        "can_keep_speakers_list (open session)": (lambda u: proceedings.can_keep_speakers_list(u, o["open"]), CHAIR),
        "can_keep_speakers_list (closed session)": (
            lambda u: proceedings.can_keep_speakers_list(u, o["closed"]),
            NOBODY,
        ),
        "can_record_attendance": (lambda u: proceedings.can_record_attendance(u, o["closed"]), SECRETARIAT),
        "can_open_workspace": (lambda u: workspace.can_open_workspace(u, group), MEMBERS),
        "can_assign_work": (lambda u: workspace.can_assign_work(u, group), GIVES_WORK),
        "can_move_task (to in progress)": (
            lambda u: workspace.can_move_task(u, o["task"], TaskState.IN_PROGRESS),
            GIVES_WORK | {"member"},  # the member owns it
        ),
        "can_move_task (a step that does not exist)": (
            lambda u: workspace.can_move_task(u, o["task"], TaskState.OPEN),
            NOBODY,
        ),
        "can_declare_interest (own)": (lambda u: workspace.can_declare_interest(u, o["membership"]), {"member"}),
        "can_edit_assessment": (lambda u: assessment.can_edit_assessment(u, group), MEMBERS),
        "can_release_assessment": (lambda u: assessment.can_release_assessment(u, group), CHAIR),
        "can_move_draft (open a round)": (
            lambda u: drafting.can_move_draft(u, o["draft"], DraftStatus.CONSULTATION),
            CHAIR,
        ),
        "can_move_draft (close a round)": (
            lambda u: drafting.can_move_draft(u, o["consulting"], DraftStatus.REVISED),
            CHAIR,
        ),
        "can_move_draft (a step that does not exist)": (
            lambda u: drafting.can_move_draft(u, o["draft"], DraftStatus.FINAL),
            NOBODY,
        ),
        "can_create_draft": (lambda u: drafting.can_create_draft(u, group), MEMBERS),
        "can_edit_draft": (lambda u: drafting.can_edit_draft(u, o["draft"]), MEMBERS),
        "can_translate_draft": (lambda u: drafting.can_translate_draft(u, o["draft"]), SECRETARIAT),
    }


def test_every_predicate_for_every_role(people, group, objects):
    wrong = []
    cases = _cases(group, objects)
    for name, (ask, allowed) in cases.items():
        for role in ROLES:
            if ask(people[role]) != (role in allowed):
                wrong.append((name, role, role in allowed))
    assert wrong == [], wrong
    assert len(cases) >= 30


def test_every_predicate_of_the_workspace_apps_is_in_the_table(people, group, objects):
    """A predicate added to a permissions.py without a row above fails here."""
    import inspect

    names = {name.split(" ")[0] for name in _cases(group, objects)}
    for module in (meetings, proceedings, workspace):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("can_") and function.__module__ == module.__name__:
                assert name in names, f"{module.__name__}.{name} is not tested for every role"
