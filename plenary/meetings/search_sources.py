"""Meetings and their sessions in the site-wide search ("third meeting" finds the meeting). A closed session is
found by its title, date and place only: its agenda and summary are the members' (core.visibility's
SessionContent), so they never reach the index, where a word from them could point to the session."""

from django.utils.translation import gettext_lazy as _

from plenary.core.search import IndexDocument, SearchSource, narrowed_out, register_source
from plenary.core.visibility import visible

from .models import AgendaItem, Meeting, Session

FILTERS = {"group", "language"}


def meeting_document(meeting: Meeting) -> IndexDocument:
    sessions = "\n".join(f"{s.title} ({s.date:%Y-%m-%d}, {s.get_kind_display()})" for s in meeting.sessions.all())
    place = ", ".join(p for p in (meeting.venue, meeting.city, meeting.country) if p)
    dates = f"{meeting.starts_on:%d %B %Y} – {meeting.ends_on:%d %B %Y}"
    return IndexDocument(
        title=f"{meeting.title} ({meeting.group.acronym}, {meeting.starts_on:%Y})",
        body="\n".join(p for p in (place, dates, meeting.description, sessions) if p),
        url=meeting.get_absolute_url(),
        group_id=meeting.group_id,
        language="en",
        date=meeting.starts_on,
        facets={"number": meeting.number},
    )


def session_document(session: Session) -> IndexDocument:
    parts = [session.meeting.title, str(session.get_kind_display()), session.venue or session.meeting.venue]
    if not session.is_closed:
        parts += [item.title for item in session.agenda.all()]
        parts.append(session.summary)
    return IndexDocument(
        title=f"{session.title} ({session.meeting.title}, {session.date:%Y-%m-%d})",
        body="\n".join(p for p in parts if p),
        url=session.get_absolute_url(),
        group_id=session.meeting.group_id,
        language="en",
        date=session.date,
        facets={"kind": session.kind},
    )


def _visible(model, group_lookup: str):
    def select(viewer, filters: dict):
        if narrowed_out(filters, FILTERS):
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
            key="meetings",
            label=_("Meetings"),
            model=Meeting,
            document=meeting_document,
            visible=_visible(Meeting, "group__slug"),
            queryset=lambda: Meeting.objects.select_related("group").prefetch_related("sessions"),
            related={Session: lambda session: session.meeting},
        )
    )
    register_source(
        SearchSource(
            key="sessions",
            label=_("Sessions"),
            model=Session,
            document=session_document,
            visible=_visible(Session, "meeting__group__slug"),
            queryset=lambda: Session.objects.select_related("meeting__group").prefetch_related("agenda"),
            related={AgendaItem: lambda item: item.session},
        )
    )
