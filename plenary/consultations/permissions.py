"""Who may do what with calls and contributions. One condition per line; each case is tested."""

from plenary.groups.models import WorkingGroup
from plenary.groups.permissions import is_secretariat

from .models import CallState, Contribution, ContributionStatus

WITHDRAWABLE = {ContributionStatus.RECEIVED, ContributionStatus.PUBLISHED}


def can_moderate_contributions(user, group: WorkingGroup) -> bool:
    return is_secretariat(user, group)


def can_manage_calls(user, group: WorkingGroup) -> bool:
    return is_secretariat(user, group)


def can_withdraw_contribution(contribution: Contribution) -> bool:
    """The submitter (holder of the private link) may withdraw while the call is open."""
    if contribution.status not in WITHDRAWABLE:
        return False
    return contribution.call.state == CallState.OPEN
