"""Who may do what with the assessment. One condition per line; each is tested for every role."""

from plenary.groups.permissions import acts_for_chair, is_member


def can_edit_assessment(user, group) -> bool:
    """Members and the secretariat write the assessment while it is being prepared."""
    return is_member(user, group)


def can_release_assessment(user, group) -> bool:
    """The chair releases the assessment to the public (or withdraws it); a vice-chair may act for the chair."""
    return acts_for_chair(user, group)
