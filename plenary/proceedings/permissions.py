"""Who may do what with the record of a session. One condition per line; every predicate is tested for every role
(tests/test_permissions.py).

The secretariat prepares (drafts minutes, derives readouts, records decisions and attendance, runs registration);
the chair approves, discloses and keeps the speakers' list, and a vice-chair may act for the chair; members read.
What a viewer may read is decided in core.visibility, not here.
"""

from plenary.groups.permissions import acts_for_chair, is_secretariat
from plenary.meetings.models import Session

from .models import Decision, Minutes, Readout


def _minutes_of(session: Session) -> Minutes | None:
    # Asked of the database: a session's cached "no minutes" would outlive the minutes written since.
    return Minutes.objects.filter(session=session).first()


def _readout_of(session: Session) -> Readout | None:
    return Readout.objects.filter(session=session).first()


def can_draft_minutes(user, session: Session) -> bool:
    """Write or correct the minutes of a closed session until the chair approves them."""
    if not is_secretariat(user, session.meeting.group):
        return False
    if not session.is_closed:
        return False
    minutes = _minutes_of(session)
    return minutes is None or not minutes.is_approved


def can_approve_minutes(user, minutes: Minutes) -> bool:
    """Approve the minutes: they become the record and cannot change afterwards."""
    if not acts_for_chair(user, minutes.session.meeting.group):
        return False
    return not minutes.is_approved


def can_derive_readout(user, session: Session) -> bool:
    """Choose and reword the paragraphs of the approved minutes that the public may read."""
    if not is_secretariat(user, session.meeting.group):
        return False
    minutes = _minutes_of(session)
    if minutes is None or not minutes.is_approved:
        return False
    readout = _readout_of(session)
    return readout is None or not readout.is_approved


def can_approve_readout(user, readout: Readout) -> bool:
    """Approve what is released: the readout becomes public."""
    if not acts_for_chair(user, readout.session.meeting.group):
        return False
    return not readout.is_approved


def can_record_decision(user, group) -> bool:
    """Enter a decision in the register and link it to the paragraphs or assessment cells it changed."""
    return is_secretariat(user, group)


def can_disclose_decision(user, decision: Decision) -> bool:
    """Make a decision public: it cannot be taken back."""
    if not acts_for_chair(user, decision.group):
        return False
    return not decision.disclosed


def can_register(user, session: Session) -> bool:
    """Anyone, signed in or not, may register for an open consultation while registration is open."""
    if not session.is_open_consultation:
        return False
    return session.registration_open


def can_manage_registrations(user, session: Session) -> bool:
    """Read the participants' list, download it for the badges, cancel a registration."""
    return is_secretariat(user, session.meeting.group)


def can_keep_speakers_list(user, session: Session) -> bool:
    """Add speakers, give the floor, reorder and strike names: the chair's, in open sessions."""
    if not acts_for_chair(user, session.meeting.group):
        return False
    return not session.is_closed


def can_record_attendance(user, session: Session) -> bool:
    return is_secretariat(user, session.meeting.group)
