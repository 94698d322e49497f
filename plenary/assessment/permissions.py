"""Who may do what with the assessment. One condition per line."""

from plenary.groups.permissions import is_member, is_secretariat


def can_edit_assessment(user, group) -> bool:
    return is_member(user, group)


def can_release_assessment(user, group) -> bool:
    return is_secretariat(user, group)
