"""Who may do what in the members' workspace. One condition per line; every predicate is tested for every role
(tests/test_permissions.py). The chair and the secretariat give out work; members do it."""

from plenary.groups.models import Membership, WorkingGroup
from plenary.groups.permissions import acts_for_chair, is_member, is_secretariat

from .models import TASK_TRANSITIONS, Task


def can_open_workspace(user, group: WorkingGroup) -> bool:
    """The members' pages: members, the chair and the secretariat."""
    return is_member(user, group)


def can_assign_work(user, group: WorkingGroup) -> bool:
    """Set tasks and name rapporteurs and drafting teams: the chair (or a vice-chair) and the secretariat."""
    if is_secretariat(user, group):
        return True
    return acts_for_chair(user, group)


def can_move_task(user, task: Task, to: str) -> bool:
    """Change a task's state: its owner, or whoever gives out work, one allowed step at a time."""
    if to not in TASK_TRANSITIONS.get(task.state, []):
        return False
    if can_assign_work(user, task.group):
        return True
    return task.owner is not None and task.owner.person.user_id == getattr(user, "pk", None)


def can_declare_interest(user, membership: Membership) -> bool:
    """A member writes their own statement of interest; nobody writes it for them."""
    if not getattr(user, "is_authenticated", False):
        return False
    return membership.person.user_id == user.pk
