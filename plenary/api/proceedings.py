"""Public reads of the record of sessions: the decisions register (disclosed decisions with the public paragraphs
and released cells they changed), the readouts the chair approved, and the speakers' list of open sessions.

Everything is read as the public reads it (proceedings' selectors with `viewer=None`, core.visibility's rules),
whoever asks: an undisclosed decision, draft minutes or a readout awaiting the chair are a 404 or absent.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from plenary.meetings.models import Session
from plenary.proceedings.models import LinkKind
from plenary.proceedings.selectors import decision_get, decision_list, readout_list, speaker_list, speakers_balance

from . import schemas as s
from .common import MappedPage, base_url, public_group

router = Router(tags=["decisions"])


class ChangeOut(Schema):
    kind: str
    draft: str | None = None
    paragraph_key: str | None = None
    version: int | None = None
    issue: str | None = None
    principle: str | None = None
    url: str


class DecisionOut(Schema):
    number: int
    label: str
    title: str
    text: str
    outcome: str
    proposed_by: str
    meeting: int
    session: str
    session_date: dt.date
    disclosed_at: dt.datetime | None
    changed: list[ChangeOut]
    url: str
    illustrative: bool


class ReadoutOut(Schema):
    meeting: int
    session: str
    session_date: dt.date
    text: str
    approved_at: dt.datetime | None
    url: str
    illustrative: bool


class SpeakerOut(Schema):
    position: int
    name: str
    stakeholder_group: str | None
    region: str
    state: str


class BalanceRowOut(Schema):
    label: str
    spoke: int
    waiting: int


class SpeakersOut(Schema):
    session: str
    speakers: list[SpeakerOut]
    by_stakeholder_group: list[BalanceRowOut]
    by_region: list[BalanceRowOut]


def _change_out(link, base: str) -> dict:
    if link.kind == LinkKind.PARAGRAPH:
        return {
            "kind": link.kind,
            "draft": link.draft.slug,
            "paragraph_key": link.paragraph_key,
            "version": link.version.number,
            "url": f"{base}{link.draft.get_absolute_url()}paragraphs/{link.paragraph_key}/",
        }
    return {
        "kind": link.kind,
        "issue": link.assessment.issue.slug,
        "principle": link.principle.slug,
        "url": base + link.assessment.get_absolute_url(),
    }


def _decision_out(decision, base: str) -> dict:
    session = decision.session
    return {
        "number": decision.number,
        "label": decision.label,
        "title": decision.title,
        "text": decision.text,
        "outcome": decision.outcome,
        "proposed_by": decision.proposed_by,
        "meeting": session.meeting.number,
        "session": session.title,
        "session_date": session.date,
        "disclosed_at": decision.disclosed_at,
        "changed": [_change_out(link, base) for link in decision.visible_links],
        "url": base + decision.get_absolute_url(),
        "illustrative": decision.is_illustrative,
    }


class DecisionFilters(Schema):
    meeting: int | None = None
    outcome: str | None = None


@router.get(
    "/{slug}/decisions",
    response=list[DecisionOut],
    operation_id="decision_list",
    summary="The disclosed decisions, with what each changed",
)
@paginate(PageNumberPagination, page_size=100)
def decision_index(request, slug: str, filters: Query[DecisionFilters]):
    decisions = decision_list(viewer=None, group=public_group(slug))
    if filters.meeting:
        decisions = decisions.filter(session__meeting__number=filters.meeting)
    if filters.outcome:
        decisions = decisions.filter(outcome=filters.outcome)
    base = base_url(request)
    return MappedPage(decisions, lambda d: _decision_out(d, base))


@router.get(
    "/{slug}/decisions/{number}",
    response={200: DecisionOut, 404: s.ErrorOut},
    operation_id="decision_get",
    summary="One disclosed decision",
)
def decision_detail(request, slug: str, number: int):
    decision = decision_get(viewer=None, group=public_group(slug), number=number)
    return _decision_out(decision, base_url(request))


@router.get(
    "/{slug}/readouts",
    response=list[ReadoutOut],
    operation_id="readout_list",
    summary="The readouts of closed sessions that the chair approved",
)
@paginate(PageNumberPagination, page_size=100)
def readout_index(request, slug: str):
    base = base_url(request)
    return MappedPage(
        readout_list(viewer=None, group=public_group(slug)),
        lambda r: {
            "meeting": r.session.meeting.number,
            "session": r.session.title,
            "session_date": r.session.date,
            "text": r.text,
            "approved_at": r.approved_at,
            "url": base + r.get_absolute_url(),
            "illustrative": r.is_illustrative,
        },
    )


@router.get(
    "/{slug}/sessions/{session}/speakers",
    response={200: SpeakersOut, 404: s.ErrorOut},
    operation_id="speaker_list",
    summary="The speakers' list of an open session and its balance by stakeholder group and region",
)
def speakers(request, slug: str, session: int):
    group = public_group(slug)
    target = get_object_or_404(Session, meeting__group=group, pk=session)
    entries = speaker_list(viewer=None, session=target)
    balance = speakers_balance(entries)
    return {
        "session": target.title,
        "speakers": [
            {
                "position": i,
                "name": e.name,
                "stakeholder_group": e.stakeholder_group.slug if e.stakeholder_group else None,
                "region": e.region,
                "state": e.state,
            }
            for i, e in enumerate(entries, 1)
        ],
        "by_stakeholder_group": balance.by_group,
        "by_region": balance.by_region,
    }
