"""Who may do what in a group. One condition per line; every predicate is tested for every role."""

from plenary.core.models import Visibility

from .models import CHAIR_ROLES, MEMBER_ROLES, SECRETARIAT_ROLES, Membership, WorkingGroup


def group_roles(user, group: WorkingGroup) -> frozenset[str]:
    """The roles a user holds in a group, memoised on the user object for the length of a request."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_plenary_group_roles", {})
    if group.pk not in cache:
        cache[group.pk] = frozenset(
            Membership.objects.filter(group=group, person__user=user).values_list("role", flat=True)
        )
    return cache[group.pk]


def is_site_admin(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser


def is_secretariat(user, group: WorkingGroup) -> bool:
    if is_site_admin(user):
        return True
    return bool(group_roles(user, group) & SECRETARIAT_ROLES)


def is_chair(user, group: WorkingGroup) -> bool:
    return bool(group_roles(user, group) & CHAIR_ROLES)


def is_member(user, group: WorkingGroup) -> bool:
    """Members, the chair and the secretariat: everyone who may read members-only papers."""
    if is_secretariat(user, group):
        return True
    return bool(group_roles(user, group) & MEMBER_ROLES)


def visible_levels(user, group: WorkingGroup) -> list[str]:
    """The visibility levels this user may read in this group."""
    if is_secretariat(user, group):
        return [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT]
    if is_member(user, group):
        return [Visibility.PUBLIC, Visibility.MEMBERS]
    return [Visibility.PUBLIC]


def can_manage_group(user, group: WorkingGroup) -> bool:
    return is_secretariat(user, group)


def can_steer_group(user, group: WorkingGroup) -> bool:
    """The chair or the secretariat: they move drafts and meetings along."""
    if is_secretariat(user, group):
        return True
    return is_chair(user, group)
