"""Reads of the record of sessions that depend on who is looking; the rules are in core.visibility.

Every function takes the viewer and asks `visible()`/`can_see()`: minutes are the members', readouts are public
once approved, decisions once disclosed, registrations are the secretariat's.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from plenary.core.visibility import visible, with_public_flag
from plenary.groups.countries import country_name
from plenary.groups.models import Membership, WorkingGroup
from plenary.meetings.models import Session

from .models import (
    Attendance,
    Decision,
    DecisionLink,
    LinkKind,
    Minutes,
    Readout,
    Registration,
    RegistrationStatus,
    SpeakerEntry,
    SpeakerState,
)
from .permissions import (
    can_approve_minutes,
    can_approve_readout,
    can_derive_readout,
    can_draft_minutes,
    can_keep_speakers_list,
    can_manage_registrations,
    can_record_attendance,
    can_record_decision,
    can_register,
)


def minutes_get(*, viewer, session: Session) -> Minutes | None:
    return visible(Minutes, viewer).filter(session=session).select_related("approved_by", "drafted_by").first()


def readout_get(*, viewer, session: Session) -> Readout | None:
    return with_public_flag(Readout, visible(Readout, viewer).filter(session=session)).first()


def readout_list(*, viewer, group: WorkingGroup) -> QuerySet[Readout]:
    return with_public_flag(
        Readout,
        visible(Readout, viewer).filter(session__meeting__group=group).select_related("session__meeting__group"),
    ).order_by("-session__date")


def _links(viewer) -> Prefetch:
    links = visible(DecisionLink, viewer).select_related(
        "draft__group", "version", "assessment__issue", "assessment__group", "principle"
    )
    return Prefetch("links", queryset=links, to_attr="visible_links")


def decision_list(*, viewer, group: WorkingGroup) -> QuerySet[Decision]:
    """The decisions register as this viewer may read it, each with the links the viewer may see, flagged
    `is_public`."""
    decisions = visible(Decision, viewer).filter(group=group).select_related("session__meeting__group", "group")
    return with_public_flag(Decision, decisions).prefetch_related(_links(viewer))


def decision_get(*, viewer, group: WorkingGroup, number: int) -> Decision:
    decision = decision_list(viewer=viewer, group=group).filter(number=number).first()
    if decision is None:
        raise Http404
    return decision


def paragraph_decisions(viewer, draft, key: str) -> list[dict]:
    """For the history of a paragraph: the decisions that changed it, as this viewer may see them."""
    links = (
        visible(DecisionLink, viewer)
        .filter(kind=LinkKind.PARAGRAPH, draft=draft, paragraph_key=key)
        .select_related("decision__session__meeting", "decision__group", "version")
        .order_by("decision__number")
    )
    return [
        {"template": "proceedings/_paragraph_note.html", "link": link, "version_id": link.version_id} for link in links
    ]


def issue_panel(request, issue) -> dict | None:
    """On an issue's page: the decisions that changed its assessment cells, as this viewer may see them."""
    links = list(
        visible(DecisionLink, request.user)
        .filter(kind=LinkKind.CELL, assessment__issue=issue)
        .select_related("decision__session__meeting", "decision__group", "principle")
        .order_by("decision__number")
    )
    return {"links": links} if links else None


# The session's page ------------------------------------------------------------------------------------------------


def record_panel(request, session: Session) -> dict | None:
    """Minutes (members) and readout (public once approved) of a session, with the steps this viewer may take."""
    user = request.user
    minutes = minutes_get(viewer=user, session=session)
    readout = readout_get(viewer=user, session=session)
    context = {
        "session": session,
        "minutes": minutes,
        "readout": readout,
        "can_draft": can_draft_minutes(user, session),
        "can_approve_minutes": minutes is not None and can_approve_minutes(user, minutes),
        "can_derive": can_derive_readout(user, session),
        "can_approve_readout": readout is not None and can_approve_readout(user, readout),
    }
    if not (minutes or readout or context["can_draft"]):
        return None
    return context


def decisions_panel(request, session: Session) -> dict | None:
    decisions = list(decision_list(viewer=request.user, group=session.meeting.group).filter(session=session))
    can_record = can_record_decision(request.user, session.meeting.group)
    if not decisions and not can_record:
        return None
    return {"session": session, "decisions": decisions, "can_record": can_record}


def consultation_panel(request, session: Session) -> dict | None:
    """Registration and the speakers' list of an open session."""
    if session.is_closed:
        return None
    user = request.user
    speakers = speaker_list(viewer=user, session=session)
    context = {
        "session": session,
        "can_register": can_register(user, session),
        "can_manage": can_manage_registrations(user, session),
        "can_keep": can_keep_speakers_list(user, session),
        "speakers": [s for s in speakers if s.state in {SpeakerState.WAITING, SpeakerState.SPOKE}],
        "registration_count": registration_count(viewer=user, session=session)
        if can_manage_registrations(user, session)
        else None,
    }
    if not (context["can_register"] or context["can_manage"] or context["speakers"] or context["can_keep"]):
        return None
    return context


def attendance_panel(request, session: Session) -> dict | None:
    user = request.user
    records = list(attendance_list(viewer=user, session=session))
    can_record = can_record_attendance(user, session)
    if not records and not can_record:
        return None
    return {"session": session, "records": records, "can_record": can_record}


# Registration, the speakers' list, attendance ------------------------------------------------------------------------


def participant_list(*, viewer, session: Session) -> QuerySet[Registration]:
    """The participants' list (the secretariat): registered, not cancelled."""
    return (
        visible(Registration, viewer)
        .filter(session=session, status=RegistrationStatus.REGISTERED)
        .select_related("stakeholder_group")
    )


def registration_count(*, viewer, session: Session) -> int:
    return participant_list(viewer=viewer, session=session).count()


def speaker_list(*, viewer, session: Session) -> list[SpeakerEntry]:
    return list(
        visible(SpeakerEntry, viewer)
        .filter(session=session)
        .select_related("stakeholder_group")
        .order_by("position", "id")
    )


@dataclass
class Balance:
    """Who has spoken and who waits, by stakeholder group and by region, and who would redress the balance."""

    by_group: list[dict] = field(default_factory=list)  # {label, spoke, waiting}
    by_region: list[dict] = field(default_factory=list)
    suggested: SpeakerEntry | None = None
    spoke: int = 0
    waiting: int = 0


def speakers_balance(entries: list[SpeakerEntry]) -> Balance:
    """The balance of the speakers' list as it goes. The suggestion is the first waiting speaker whose stakeholder
    group has been heard least so far, then whose region has, so the chair can see whom the floor is missing."""
    heard = [e for e in entries if e.state == SpeakerState.SPOKE]
    waiting = [e for e in entries if e.state == SpeakerState.WAITING]

    def group_label(entry):
        return entry.stakeholder_group.name if entry.stakeholder_group else ""

    def region_label(entry):
        return entry.region or ""

    def table(label_of) -> list[dict]:
        spoke, queued = Counter(label_of(e) for e in heard), Counter(label_of(e) for e in waiting)
        labels = sorted(set(spoke) | set(queued), key=lambda x: (x == "", x))
        return [{"label": label, "spoke": spoke[label], "waiting": queued[label]} for label in labels]

    group_heard, region_heard = Counter(group_label(e) for e in heard), Counter(region_label(e) for e in heard)
    suggested = min(
        waiting, key=lambda e: (group_heard[group_label(e)], region_heard[region_label(e)], e.position), default=None
    )
    return Balance(
        by_group=table(group_label),
        by_region=table(region_label),
        suggested=suggested,
        spoke=len(heard),
        waiting=len(waiting),
    )


def attendance_list(*, viewer, session: Session) -> QuerySet[Attendance]:
    return visible(Attendance, viewer).filter(session=session).select_related("membership__person")


def attendance_sheet(*, viewer, session: Session) -> list[dict]:
    """Every member of the group with their recorded attendance, for the secretariat's form."""
    recorded = {a.membership_id: a for a in attendance_list(viewer=viewer, session=session)}
    members = (
        visible(Membership, viewer)
        .filter(group=session.meeting.group, role__in=["chair", "vice-chair", "member"])
        .select_related("person")
        .order_by("order", "person__name")
    )
    return [{"membership": m, "record": recorded.get(m.pk)} for m in members]


def attendance_of(*, viewer, membership: Membership) -> dict[int, Attendance]:
    """A member's attendance by session id, for their page."""
    return {a.session_id: a for a in visible(Attendance, viewer).filter(membership=membership)}


def participants_csv_rows(*, viewer, session: Session) -> list[list[str]]:
    """For the venue's badges: name, organisation, stakeholder group, country, how they attend (secretariat)."""
    rows = []
    for r in participant_list(viewer=viewer, session=session).order_by("submitter_name"):
        rows.append(
            [
                r.submitter_name,
                r.organisation,
                r.stakeholder_group.name if r.stakeholder_group else "",
                country_name(r.country),
                r.get_mode_display(),
                "yes" if r.wishes_to_speak else "",
            ]
        )
    return rows
