"""Who may do what with the assessment. One condition per line."""

from plenary.groups.permissions import is_member, is_secretariat


def can_view_working_assessment(user, group) -> bool:
    """Members and the secretariat read the assessment while it is being written; the public once released."""
    return is_member(user, group)


def can_edit_assessment(user, group) -> bool:
    return is_member(user, group)


def can_release_assessment(user, group) -> bool:
    return is_secretariat(user, group)
