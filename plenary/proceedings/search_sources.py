"""The record of sessions in the site-wide search: decisions, readouts and minutes, each hit filtered by its rule
in core.visibility (minutes only ever reach the members; a readout the public once approved; a decision once
disclosed)."""

from django.utils.translation import gettext_lazy as _

from plenary.core.search import IndexDocument, SearchSource, register_source
from plenary.core.visibility import visible

from .models import Decision, Minutes, Readout


def _session_title(session) -> str:
    return f"{session.meeting.title}, {session.title} ({session.date:%Y-%m-%d})"


def decision_document(decision: Decision) -> IndexDocument:
    return IndexDocument(
        title=f"{decision.label}: {decision.title}",
        body=f"{decision.text}\n\n{decision.get_outcome_display()}. {decision.proposed_by}",
        url=decision.get_absolute_url(),
        group_id=decision.group_id,
        language="en",
        date=decision.disclosed_at or decision.updated_at,
        facets={"outcome": decision.outcome},
    )


def readout_document(readout: Readout) -> IndexDocument:
    return IndexDocument(
        title=_session_title(readout.session),
        body=readout.text,
        url=readout.get_absolute_url(),
        group_id=readout.session.meeting.group_id,
        language="en",
        date=readout.approved_at or readout.updated_at,
    )


def minutes_document(minutes: Minutes) -> IndexDocument:
    return IndexDocument(
        title=_session_title(minutes.session),
        body=minutes.text,
        url=minutes.get_absolute_url(),
        group_id=minutes.session.meeting.group_id,
        language="en",
        date=minutes.approved_at or minutes.updated_at,
    )


def _visible(model, group_lookup: str):
    def select(viewer, filters: dict):
        if set(filters) - {"group", "language"}:
            return None  # no call, issue tag or submitter profile: such a filter excludes these
        queryset = visible(model, viewer)
        if filters.get("group"):
            queryset = queryset.filter(**{group_lookup: filters["group"]})
        if filters.get("language") and filters["language"] != "en":
            return queryset.none()
        return queryset

    return select


def register() -> None:
    register_source(
        SearchSource(
            key="decisions",
            label=_("Decisions"),
            model=Decision,
            document=decision_document,
            visible=_visible(Decision, "group__slug"),
        )
    )
    register_source(
        SearchSource(
            key="readouts",
            label=_("Readouts of sessions"),
            model=Readout,
            document=readout_document,
            visible=_visible(Readout, "session__meeting__group__slug"),
        )
    )
    register_source(
        SearchSource(
            key="minutes",
            label=_("Minutes (members)"),
            model=Minutes,
            document=minutes_document,
            visible=_visible(Minutes, "session__meeting__group__slug"),
        )
    )
