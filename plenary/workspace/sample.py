"""Illustrative work for the members of the sample group: tasks, rapporteurs and a drafting team, a statement of
interest and attendance. It goes to the demo accounts only (`load_sample --demo-accounts`), so that no real member
of the WGIG is given work or interests they never had; without demo accounts the tasks stay unassigned."""

import datetime as dt

from plenary.drafting.sample import sample_draft
from plenary.groups.models import Membership, Role
from plenary.issues.models import Issue
from plenary.meetings.models import Session, SessionKind
from plenary.proceedings.models import Attendance, AttendanceStatus
from plenary.proceedings.services import attendance_record

from .models import Assignment, AssignmentRole, StatementOfInterest, Task, TaskState
from .services import assignment_add, interest_declare, task_create, task_move

D = dt.date
ILLUSTRATIVE = "Illustrative: written to show the software; not work of the WGIG."

# (title, owner: the demo role or None, due, state, issue slug)
TASKS = [
    ("Read the compilation of comments before the June closed session", Role.MEMBER, D(2005, 6, 14),
     TaskState.OPEN, None),
    ("Draft the paragraph on spam for the revised recommendations", Role.MEMBER, D(2005, 6, 8), TaskState.DONE, "spam"),
    ("Prepare the assessment of multilingualism against the principles", Role.MEMBER, D(2005, 6, 10),
     TaskState.IN_PROGRESS, "multilingualism"),
    ("Approve the minutes of the last closed session", Role.VICE_CHAIR, D(2005, 6, 30), TaskState.OPEN, None),
    ("Propose a rapporteur for cybercrime", None, D(2005, 5, 15), TaskState.OPEN, "cybercrime"),
]  # fmt: skip


def _demo(group, role: str) -> Membership | None:
    return Membership.objects.filter(group=group, role=role, person__is_demo=True).select_related("person").first()


def load(*, group, actor, stdout=None) -> None:
    member, vice_chair = _demo(group, Role.MEMBER), _demo(group, Role.VICE_CHAIR)
    owners = {Role.MEMBER: member, Role.VICE_CHAIR: vice_chair}
    issues = {i.slug: i for i in Issue.objects.filter(cluster__group=group)}
    for title, role, due, state, issue in TASKS:
        owner = owners.get(role)
        if Task.objects.filter(group=group, title=title).exists() or (role and owner is None):
            continue
        task = task_create(
            actor=actor, group=group, title=title, owner=owner, due_on=due, description=ILLUSTRATIVE,
            issue=issues.get(issue) if issue else None, is_illustrative=True,
        )  # fmt: skip
        if state != TaskState.OPEN:
            task_move(actor=actor, task=task, to=state, note="Sample data.")
    if member is None:
        return
    draft = sample_draft(group)
    if "spam" in issues and not Assignment.objects.filter(membership=member, issue=issues["spam"]).exists():
        assignment_add(
            actor=actor, membership=member, role=AssignmentRole.RAPPORTEUR, issue=issues["spam"], is_illustrative=True
        )
    if draft is not None and not Assignment.objects.filter(membership=member, draft=draft).exists():
        assignment_add(
            actor=actor, membership=member, role=AssignmentRole.DRAFTING_TEAM, draft=draft, is_illustrative=True
        )
    if not StatementOfInterest.objects.filter(membership=member).exists():
        interest_declare(
            actor=actor,
            membership=member,
            text="Illustrative statement of interest of a demo account: no employment, board seat or funding that "
            "bears on the group's work.",
            is_illustrative=True,
        )
    for session in Session.objects.filter(meeting__group=group, meeting__number__in=[3, 4], kind=SessionKind.CLOSED):
        statuses = {
            m.pk: AttendanceStatus.PRESENT if m.role != Role.VICE_CHAIR else AttendanceStatus.REMOTE
            for m in (member, vice_chair)
            if m is not None and not Attendance.objects.filter(session=session, membership=m).exists()
        }
        if statuses:
            attendance_record(actor=actor, session=session, statuses=statuses)
