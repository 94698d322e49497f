"""Who may do what in a group. One condition per line; every predicate is tested for every role.

The roles themselves are read once per request by `roles_of`, which core's visibility module calls: the question
"which groups is this user a member or the secretariat of" is answered there and nowhere else.
"""

from plenary.core.visibility import Viewer, viewer_of

from .models import CHAIR_ROLES, MEMBER_ROLES, SECRETARIAT_ROLES, Membership, WorkingGroup


def roles_of(user) -> Viewer:
    """The groups where a signed-in user is a member, the secretariat or the chair (one query)."""
    members: set[int] = set()
    secretariat: set[int] = set()
    chair: set[int] = set()
    for group_id, role in Membership.objects.filter(person__user=user).values_list("group_id", "role"):
        if role in SECRETARIAT_ROLES:
            secretariat.add(group_id)
            members.add(group_id)
        if role in MEMBER_ROLES:
            members.add(group_id)
        if role in CHAIR_ROLES:
            chair.add(group_id)
    return Viewer(
        is_superuser=bool(user.is_superuser),
        members=frozenset(members),
        secretariat=frozenset(secretariat),
        chair=frozenset(chair),
        user_id=user.pk,
    )


def is_site_admin(user) -> bool:
    return viewer_of(user).is_superuser


def is_secretariat(user, group: WorkingGroup) -> bool:
    viewer = viewer_of(user)
    if viewer.is_superuser:
        return True
    return group.pk in viewer.secretariat


def is_chair(user, group: WorkingGroup) -> bool:
    return group.pk in viewer_of(user).chair


def is_member(user, group: WorkingGroup) -> bool:
    """Members, the chair and the secretariat: everyone who may read members-only papers."""
    if is_secretariat(user, group):
        return True
    return group.pk in viewer_of(user).members


def can_manage_group(user, group: WorkingGroup) -> bool:
    return is_secretariat(user, group)


def can_steer_group(user, group: WorkingGroup) -> bool:
    """The chair or the secretariat: they move drafts and meetings along."""
    if is_secretariat(user, group):
        return True
    return is_chair(user, group)


def acts_for_chair(user, group: WorkingGroup) -> bool:
    """The chair, or a vice-chair acting for the chair; site administrators hold every role on their site."""
    if is_site_admin(user):
        return True
    return is_chair(user, group)
