"""Writes in the members' workspace, each atomic and on the event trail. Each checks its predicate
(PermissionDenied otherwise); `actor=None` is the system (the sample loader)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from plenary.core.services import event_record, upsert
from plenary.drafting.models import Draft
from plenary.groups.models import Membership, WorkingGroup
from plenary.issues.models import Issue

from .models import Assignment, StatementOfInterest, Task, TaskState
from .permissions import can_assign_work, can_declare_interest, can_move_task


def _check(actor, allowed: bool, message: str) -> None:
    if actor is not None and not allowed:
        raise PermissionDenied(message)


def _same_group(group: WorkingGroup, **objects) -> None:
    for name, obj in objects.items():
        if obj is None:
            continue
        owner = obj.group_id if hasattr(obj, "group_id") else obj.cluster.group_id
        if owner != group.pk:
            raise ValidationError(_("The %(what)s belongs to another group.") % {"what": name})


def task_create(
    *,
    actor,
    group: WorkingGroup,
    title: str,
    owner: Membership | None = None,
    due_on: dt.date | None = None,
    description: str = "",
    issue: Issue | None = None,
    draft: Draft | None = None,
    session=None,
    is_illustrative: bool = False,
) -> Task:
    """Give out a task (the chair or the secretariat). Records `created` and `assigned` when it has an owner."""
    _check(actor, actor is None or can_assign_work(actor, group), _("Only the chair and the secretariat set tasks."))
    if not title.strip():
        raise ValidationError(_("Say what the task is."))
    _same_group(group, owner=owner, issue=issue, draft=draft)
    if session is not None and session.meeting.group_id != group.pk:
        raise ValidationError(_("The session belongs to another group."))
    with transaction.atomic():
        task = Task.objects.create(
            group=group, title=title.strip(), owner=owner, due_on=due_on, description=description.strip(),
            issue=issue, draft=draft, session=session, is_illustrative=is_illustrative,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        event_record(
            actor=actor, verb="created", target=task, changes={"due_on": [None, due_on.isoformat() if due_on else None]}
        )
        if owner is not None:
            event_record(actor=actor, verb="assigned", target=task, changes={"owner": [None, str(owner.person)]})
    return task


def task_update(*, actor, task: Task, **values) -> Task:
    """Change what a task is, its owner or its due date (the chair or the secretariat). Records `changed`."""
    _check(actor, actor is None or can_assign_work(actor, task.group), _("Only the chair and the secretariat may."))
    values.pop("state", None)  # the state moves through task_move
    _same_group(task.group, owner=values.get("owner"), issue=values.get("issue"), draft=values.get("draft"))
    updated, _created = upsert(actor=actor, model=Task, lookup={"pk": task.pk}, values=values)
    return updated


def task_move(*, actor, task: Task, to: str, note: str = "") -> Task:
    """Move a task to another state (its owner, the chair or the secretariat). Records `state_changed`."""
    if to not in TaskState.values:
        raise ValidationError(_("Unknown state."))
    _check(actor, actor is None or can_move_task(actor, task, to), _("You may not move this task there."))
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        before = task.state
        if before == to:
            return task
        task.state = to
        task.save(update_fields=["state", "updated_at"])
        event_record(actor=actor, verb="state_changed", target=task, changes={"state": [before, to]}, note=note)
    return task


def interest_declare(*, actor, membership: Membership, text: str, is_illustrative: bool = False) -> StatementOfInterest:
    """A member declares (or updates) their statement of interest. Records `declared` with from -> to."""
    _check(
        actor, actor is None or can_declare_interest(actor, membership), _("Only the member declares their interests.")
    )
    if not text.strip():
        raise ValidationError(_("The statement is empty."))
    with transaction.atomic():
        existing = StatementOfInterest.objects.filter(membership=membership).first()
        before = existing.text if existing else None
        if before == text.strip():
            return existing
        statement, _created = StatementOfInterest.objects.update_or_create(
            membership=membership,
            defaults={"text": text.strip(), "declared_on": dt.date.today(), "is_illustrative": is_illustrative},
        )
        event_record(actor=actor, verb="declared", target=statement, changes={"text": [before, statement.text]})
    return statement


def assignment_add(
    *,
    actor,
    membership: Membership,
    role: str,
    issue: Issue | None = None,
    draft: Draft | None = None,
    is_illustrative: bool = False,
) -> Assignment:
    """Name a member rapporteur of an issue or a draft, or put them on its drafting team (the chair or the
    secretariat). Records `assigned`. ValidationError for a target of another group, or none, or both."""
    group = membership.group
    _check(actor, actor is None or can_assign_work(actor, group), _("Only the chair and the secretariat may."))
    if (issue is None) == (draft is None):
        raise ValidationError(_("Choose an issue or a draft."))
    _same_group(group, issue=issue, draft=draft)
    try:
        with transaction.atomic():
            assignment, created = Assignment.objects.get_or_create(
                group=group, membership=membership, role=role, issue=issue, draft=draft,
                defaults={"is_illustrative": is_illustrative},
            )  # fmt: skip
            if created:
                event_record(actor=actor, verb="assigned", target=assignment, changes={"role": [None, role]})
    except IntegrityError:
        raise ValidationError(_("This member already has this role there.")) from None
    return assignment


def assignment_end(*, actor, assignment: Assignment) -> None:
    _check(
        actor, actor is None or can_assign_work(actor, assignment.group), _("Only the chair and the secretariat may.")
    )
    with transaction.atomic():
        event_record(actor=actor, verb="unassigned", target=assignment, changes={"role": [assignment.role, None]})
        assignment.delete()
