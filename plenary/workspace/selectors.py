"""Reads of the members' workspace; every list asks core.visibility for what the viewer may see."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from plenary.core.visibility import visible, with_public_flag
from plenary.drafting.models import Draft, ParagraphComment
from plenary.groups.models import MEMBER_ROLES, SECRETARIAT_ROLES, InterestsPolicy, Membership, WorkingGroup
from plenary.groups.permissions import acts_for_chair
from plenary.meetings.models import Document, Session
from plenary.proceedings.models import Decision, Minutes, Readout
from plenary.proceedings.selectors import attendance_of

from .models import Assignment, StatementOfInterest, Task, TaskState

RECENT_SESSIONS = 8
PAPERS_TO_READ = 15


def membership_of(user, group: WorkingGroup) -> Membership | None:
    """The viewer's own place in the group (a member role before a secretariat one), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    memberships = Membership.objects.filter(group=group, person__user=user).select_related("person")
    roles = {m.role: m for m in memberships}
    for role in [*MEMBER_ROLES, *SECRETARIAT_ROLES]:
        if role in roles:
            return roles[role]
    return None


def member_get(*, viewer, group: WorkingGroup, person: int) -> Membership:
    """A member's page as another member sees it: through the membership rule (demo accounts are never listed)."""
    membership = (
        visible(Membership, viewer)
        .filter(group=group, person_id=person, role__in=[*MEMBER_ROLES, *SECRETARIAT_ROLES])
        .select_related("person")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def task_list(*, viewer, group: WorkingGroup) -> QuerySet[Task]:
    return (
        visible(Task, viewer)
        .filter(group=group)
        .select_related("owner__person", "issue", "draft", "session__meeting", "group")
    )


def task_get(*, viewer, group: WorkingGroup, pk: int) -> Task:
    task = task_list(viewer=viewer, group=group).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def assignment_list(*, viewer, group: WorkingGroup) -> QuerySet[Assignment]:
    return with_public_flag(
        Assignment,
        visible(Assignment, viewer).filter(group=group).select_related("membership__person", "issue", "draft__group"),
    )


def interest_list(*, viewer, group: WorkingGroup) -> QuerySet[StatementOfInterest]:
    return visible(StatementOfInterest, viewer).filter(membership__group=group).select_related("membership__person")


def interests_published(group: WorkingGroup) -> bool:
    return group.interests_policy == InterestsPolicy.PUBLIC


def issue_panel(request, issue) -> dict | None:
    """On an issue's page: its rapporteurs and drafting team, as this viewer may see them."""
    assignments = list(assignment_list(viewer=request.user, group=issue.cluster.group).filter(issue=issue))
    return {"assignments": assignments} if assignments else None


def member_page(*, viewer, membership: Membership) -> dict:
    """Everything a member has on their plate, each part filtered by what the viewer may see."""
    group = membership.group
    today = timezone.localdate()
    sessions = list(
        Session.objects.filter(meeting__group=group)
        .select_related("meeting__group")
        .order_by("-date", "-order")[:RECENT_SESSIONS]
    )
    attended = attendance_of(viewer=viewer, membership=membership)
    papers = visible(Document, viewer).filter(group=group).exclude(visibility="public")
    papers = papers.exclude(released_on__lte=today).select_related("session", "meeting", "kind", "group")
    papers = with_public_flag(Document, papers).order_by("-session__date", "-published_on", "title")[:PAPERS_TO_READ]
    assignments = list(assignment_list(viewer=viewer, group=group).filter(membership=membership))
    draft_ids = {a.draft_id for a in assignments if a.draft_id}
    issue_ids = {a.issue_id for a in assignments if a.issue_id}
    drafts = (
        visible(Draft, viewer)
        .filter(group=group)
        .filter(Q(pk__in=draft_ids) | Q(issues__in=issue_ids))
        .select_related("group")
        .distinct()
    )
    comments = (
        visible(ParagraphComment, viewer)
        .filter(draft__in=drafts, disposition="")
        .select_related("draft", "version")
        .order_by("submitted_at")
    )
    tasks = task_list(viewer=viewer, group=group).filter(owner=membership)
    waiting = {}
    if membership.person.user_id and acts_for_chair(membership.person.user, group):
        waiting = approvals_waiting(viewer=viewer, group=group)
    return {
        "membership": membership,
        "sessions": [{"session": s, "attendance": attended.get(s.pk)} for s in sessions],
        "papers": list(papers),
        "tasks": [t for t in tasks if t.is_active],
        "done_tasks": [t for t in tasks if not t.is_active],
        "assignments": assignments,
        "drafts": list(drafts),
        "comments": list(comments[:50]),
        "waiting": waiting,
        "statement": interest_list(viewer=viewer, group=group).filter(membership=membership).first(),
    }


def approvals_waiting(*, viewer, group: WorkingGroup) -> dict:
    """What waits for the chair: minutes and readouts to approve, decisions not yet disclosed."""
    return {
        "minutes": list(
            visible(Minutes, viewer).filter(session__meeting__group=group, status="draft").select_related("session")
        ),
        "readouts": list(
            visible(Readout, viewer).filter(session__meeting__group=group, status="draft").select_related("session")
        ),
        "decisions": list(visible(Decision, viewer).filter(group=group, disclosed=False)),
    }


def open_tasks_count(*, viewer, group: WorkingGroup) -> int:
    return task_list(viewer=viewer, group=group).filter(state__in=[TaskState.OPEN, TaskState.IN_PROGRESS]).count()
