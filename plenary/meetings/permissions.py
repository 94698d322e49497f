"""Who may do what with meetings, sessions, agendas and papers. One condition per line; each is tested for every
role in tests/test_permissions.py. The secretariat prepares the meetings; what a viewer may read is decided in
core.visibility, not here."""

from plenary.groups.models import WorkingGroup
from plenary.groups.permissions import is_secretariat

from .models import Document, Session


def can_manage_meetings(user, group: WorkingGroup) -> bool:
    """Create and edit meetings and their sessions."""
    return is_secretariat(user, group)


def can_edit_agenda(user, session: Session) -> bool:
    """Add, edit, order and remove the agenda items of a session."""
    return is_secretariat(user, session.meeting.group)


def can_file_paper(user, group: WorkingGroup) -> bool:
    """Add papers to a meeting or an agenda item and edit them (visibility and release date included)."""
    return is_secretariat(user, group)


def can_release_document(user, document: Document) -> bool:
    """Make a members-only or secretariat-only paper public now: it cannot be taken back."""
    if not is_secretariat(user, document.group):
        return False
    return document.visibility != "public"


def can_open_registration(user, session: Session) -> bool:
    """Open or close registration for an open consultation."""
    if not is_secretariat(user, session.meeting.group):
        return False
    return session.is_open_consultation
