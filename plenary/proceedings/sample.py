"""Illustrative minutes, readouts and decisions for the closed sessions of the sample group, and registrations and a
speakers' list for its June open consultation, so that the members' side and the chair's powers can be tried.

None of it is the WGIG's record: every text says so, is marked illustrative wherever it is shown, and names no
one (the minutes speak of "the Chair", "a member", "the secretariat"). The June consultation keeps registration
open so that a new user can register; the balance of its speakers' list shows from the start.
"""

import datetime as dt

from plenary.assessment.models import IssueAssessment
from plenary.drafting.sample import sample_draft
from plenary.groups.models import StakeholderGroup
from plenary.issues.models import Principle
from plenary.meetings.models import Session, SessionKind
from plenary.meetings.services import session_registration_set

from .models import Minutes, Outcome, Readout, Registration, SpeakerEntry
from .services import (
    ReleasedParagraph,
    decision_disclose,
    decision_link_cell,
    decision_link_paragraph,
    decision_record,
    minutes_approve,
    minutes_save,
    readout_approve,
    readout_derive,
    registration_submit,
    speaker_add,
    speaker_step,
)

D = dt.date
NOTE = "Illustrative minutes, written to show the software; they are not a record of the WGIG."

# (meeting, date, minutes paragraphs, approved, readout: indexes of paragraphs released or None, readout approved)
MINUTES = [
    (1, D(2004, 11, 23), [
        NOTE,
        "The Chair opened the first meeting and recalled the mandate given by the Summit.",
        "Members exchanged views on a working definition of Internet governance; several asked that it cover "
        "more than the management of names and addresses.",
        "A member proposed that the group organise its work in clusters of issues; the proposal was welcomed.",
    ], True, [1, 3], True),
    (2, D(2005, 2, 17), [
        NOTE,
        "The Chair summarised the open consultations of 15 and 16 February.",
        "The members reviewed the draft issue papers cluster by cluster and asked the secretariat for a "
        "compilation before the Preliminary Report.",
        "A member reserved their position on the paper on the root zone pending consultation at home.",
    ], True, [1, 2], True),
    (3, D(2005, 4, 19), [
        NOTE,
        "The Chair opened the closed meeting and recalled the two themes of the third meeting: roles and "
        "responsibilities, and the adequacy of existing arrangements.",
        "The secretariat presented the working paper on roles and responsibilities.",
        "The members agreed to assess the arrangements issue by issue against the principles of the Declaration "
        "of Principles, and to record minority views beside each rating (decision D-1).",
        "On spam, the members found no arrangement in which the parties concerned work together across borders "
        "(decision D-2).",
        "One member asked that a national position be noted; the Chair noted it.",
    ], True, [1, 3, 4], True),
    (3, D(2005, 4, 20), [
        NOTE,
        "The members listed the issues that need further work before the June meeting.",
        "Further work on the cost of international leased lines was deferred (decision D-3).",
    ], True, [1], False),
    (4, D(2005, 6, 15), [
        NOTE,
        "The Chair summarised the open consultations of 14 June on the draft recommendations.",
        "The members adopted the revised paragraph on the oversight of the root zone, which now names all "
        "stakeholders (decision D-4).",
        "The members adopted the addition of cross-border cooperation to the paragraph on spam laws "
        "(decision D-5).",
        "A proposal to drop the paragraph on a forum of enforcement authorities was not adopted (decision D-6).",
    ], True, [1, 2, 3], True),
    (4, D(2005, 6, 17), [
        NOTE,
        "The members reviewed the open points of the report and asked the secretariat for a final text.",
    ], False, None, False),
]  # fmt: skip

# (number, meeting, date, title, proposed by, outcome, disclosed, link)
# link: ("paragraph", index of the paragraph in the sample draft's v2) or ("cell", issue slug, principle slug)
DECISIONS = [
    (1, 3, D(2005, 4, 19), "Assess the arrangements issue by issue against the principles", "The Chair",
     Outcome.ADOPTED, True, ("cell", "dns", "multilateral")),
    (2, 3, D(2005, 4, 19), "Rate the arrangements on spam as not addressed for multilateral cooperation",
     "A member", Outcome.ADOPTED, True, ("cell", "spam", "multilateral")),
    (3, 3, D(2005, 4, 20), "Defer further work on the cost of international leased lines", "The secretariat",
     Outcome.DEFERRED, False, None),
    (4, 4, D(2005, 6, 15), "Adopt the revised paragraph on the oversight of the root zone", "The Chair",
     Outcome.AMENDED, True, ("paragraph", 2)),
    (5, 4, D(2005, 6, 15), "Add cross-border cooperation to the paragraph on spam laws", "A member",
     Outcome.ADOPTED, True, ("paragraph", 5)),
    (6, 4, D(2005, 6, 15), "Drop the paragraph on a forum of enforcement authorities", "A member",
     Outcome.REJECTED, False, ("paragraph", 6)),
]  # fmt: skip

# (name, e-mail, stakeholder group, country, publish name, attends, asks for the floor, then: accepted/spoke)
REGISTRATIONS = [
    ("Illustrative participant A", "participant-a@example.invalid", "government", "BR", True, "in-person", True,
     "spoke"),
    ("Illustrative participant B", "participant-b@example.invalid", "civil-society", "KE", True, "in-person", True,
     "spoke"),
    ("Illustrative participant C", "participant-c@example.invalid", "private-sector", "US", False, "remote", True,
     "waiting"),
    ("Illustrative participant D", "participant-d@example.invalid", "government", "FR", True, "in-person", True,
     "waiting"),
    ("Illustrative participant E", "participant-e@example.invalid", "technical-academic", "JP", True, "remote", True,
     "requested"),
    ("Illustrative participant F", "participant-f@example.invalid", "civil-society", "IN", False, "in-person", False,
     ""),
]  # fmt: skip


def _closed_session(group, number: int, date: dt.date) -> Session | None:
    return Session.objects.filter(
        meeting__group=group, meeting__number=number, date=date, kind=SessionKind.CLOSED
    ).first()


def load(*, group, actor, stdout=None) -> None:
    _load_minutes(group, actor)
    _load_decisions(group, actor)
    _load_consultation(group, actor)


def _load_minutes(group, actor) -> None:
    for number, date, paragraphs, approved, released, readout_approved in MINUTES:
        session = _closed_session(group, number, date)
        if session is None:
            continue
        minutes = Minutes.objects.filter(session=session).first()
        if minutes is None or not minutes.is_approved:
            minutes = minutes_save(actor=actor, session=session, text="\n\n".join(paragraphs), is_illustrative=True)
        if approved and not minutes.is_approved:
            minutes = minutes_approve(actor=actor, minutes=minutes, note="Sample data.")
        if released is None or not minutes.is_approved:
            continue
        readout = Readout.objects.filter(session=session).first()
        if readout is None:
            readout = readout_derive(
                actor=actor,
                session=session,
                released=[ReleasedParagraph(0, "Illustrative readout, derived from illustrative minutes.")]
                + [ReleasedParagraph(i, paragraphs[i]) for i in released],
                is_illustrative=True,
            )
        if readout_approved and not readout.is_approved:
            readout_approve(actor=actor, readout=readout, note="Sample data.")


def _load_decisions(group, actor) -> None:
    draft = sample_draft(group)
    latest = draft.versions.order_by("-number").first() if draft else None
    keys = [p.key for p in latest.paragraphs.all()] if latest else []
    for number, meeting, date, title, proposed_by, outcome, disclosed, link in DECISIONS:
        session = _closed_session(group, meeting, date)
        if session is None:
            continue
        decision = decision_record(
            actor=actor,
            session=session,
            number=number,
            title=title,
            text="Illustrative decision, written to show the decisions register; not a decision of the WGIG.",
            proposed_by=proposed_by,
            outcome=outcome,
            is_illustrative=True,
        )
        if link and link[0] == "paragraph" and latest is not None and link[1] < len(keys):
            decision_link_paragraph(actor=actor, decision=decision, draft=draft, key=keys[link[1]], version=latest)
        if link and link[0] == "cell":
            assessment = IssueAssessment.objects.filter(group=group, issue__slug=link[1]).first()
            principle = Principle.objects.filter(group=group, slug=link[2]).first()
            if assessment and principle:
                decision_link_cell(actor=actor, decision=decision, assessment=assessment, principle=principle)
        if disclosed and not decision.disclosed:
            decision_disclose(actor=actor, decision=decision, note="Sample data.")


def _load_consultation(group, actor) -> None:
    """The June open consultation takes registrations, with a speakers' list under way."""
    session = Session.objects.filter(
        meeting__group=group, meeting__number=4, kind=SessionKind.OPEN_CONSULTATION
    ).first()
    if session is None:
        return
    session_registration_set(actor=actor, session=session, is_open=True)
    sectors = {s.slug: s for s in StakeholderGroup.objects.all()}
    for name, email, sector, country, publish, mode, speak, fate in REGISTRATIONS:
        if Registration.objects.filter(session=session, submitter_email=email).exists():
            continue
        registration = registration_submit(
            session=session,
            profile={
                "submitter_name": name,
                "submitter_email": email,
                "on_behalf_of": "self",
                "stakeholder_group": sectors.get(sector),
                "country": country,
                "publish_name": publish,
            },
            mode=mode,
            wishes_to_speak=speak,
            is_illustrative=True,
        )
        entry = registration.speaker_entries.first()
        if entry is not None and fate in {"waiting", "spoke"}:
            entry = speaker_step(actor=actor, entry=entry, action="accept")
        if entry is not None and fate == "spoke":
            speaker_step(actor=actor, entry=entry, action="floor")
    if not SpeakerEntry.objects.filter(session=session, registration__isnull=True).exists():
        speaker_add(
            actor=actor,
            session=session,
            name="Illustrative delegation from the floor",
            stakeholder_group=sectors.get("international-organisations"),
            country="CH",
            is_illustrative=True,
        )
