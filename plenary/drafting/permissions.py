"""Who may do what with drafts. One condition per line."""

from plenary.groups.permissions import acts_for_chair, is_member, is_secretariat

from .models import TRANSITIONS, Draft, DraftStatus


def can_create_draft(user, group) -> bool:
    return is_member(user, group)


def can_edit_draft(user, draft: Draft) -> bool:
    """Members and the secretariat save new versions, except while the public reads the text under consultation."""
    if not is_member(user, draft.group):
        return False
    if draft.status == DraftStatus.CONSULTATION:
        return False
    return draft.status != DraftStatus.FINAL


def can_move_draft(user, draft: Draft, to: str) -> bool:
    """The chair opens and closes the rounds of consultation and finalises a draft; a vice-chair may act for the
    chair. The secretariat prepares the texts."""
    if not acts_for_chair(user, draft.group):
        return False
    return to in TRANSITIONS[DraftStatus(draft.status)]


def can_comment_on_draft(user, draft: Draft) -> bool:
    """Anyone, signed in or not, while the consultation window is open."""
    return draft.consultation_is_open()


def can_dispose_comment(user, draft: Draft) -> bool:
    return is_secretariat(user, draft.group)


def can_moderate_comment(user, draft: Draft) -> bool:
    return is_secretariat(user, draft.group)


def can_translate_draft(user, draft: Draft) -> bool:
    """The secretariat keeps the language versions of a draft's paragraphs, whatever the draft's status."""
    return is_secretariat(user, draft.group)
