from plenary.groups.models import WorkingGroup
from plenary.groups.permissions import is_secretariat


def can_request_analysis(user, group: WorkingGroup) -> bool:
    """Only the secretariat starts a run by hand; publication starts one by itself."""
    return is_secretariat(user, group)


def can_accept_suggestions(user, group: WorkingGroup) -> bool:
    return is_secretariat(user, group)


def can_decide_analysis(user, group: WorkingGroup) -> bool:
    """Campaigns split, merged or dissolved and stock lines added or taken back: the group's secretariat only."""
    return is_secretariat(user, group)
