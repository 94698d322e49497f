"""Reads of meetings and documents that depend on who is looking; the rules are in core.visibility."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from plenary.core.visibility import visible, visible_aspect, with_public_flag
from plenary.groups.models import WorkingGroup

from .models import AgendaItem, Document, Meeting, Session


def document_list(*, viewer, group: WorkingGroup | None = None) -> QuerySet[Document]:
    """The documents this viewer may read (of one group, or of every group), flagged `is_public`."""
    documents = visible(Document, viewer)
    if group is not None:
        documents = documents.filter(group=group)
    return with_public_flag(Document, documents).select_related("kind", "meeting", "session", "agenda_item", "group")


def document_get(*, viewer, group: WorkingGroup, pk: int) -> Document:
    """The document, or 404 for anyone who may not read it: its existence is not revealed."""
    try:
        return document_list(viewer=viewer, group=group).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def meeting_list(*, group: WorkingGroup) -> QuerySet[Meeting]:
    return Meeting.objects.filter(group=group).select_related("group").prefetch_related("sessions")


def meeting_next(*, group: WorkingGroup) -> Meeting | None:
    return Meeting.objects.filter(group=group, ends_on__gte=timezone.localdate()).order_by("starts_on").first()


def meeting_last(*, group: WorkingGroup) -> Meeting | None:
    return Meeting.objects.filter(group=group, ends_on__lt=timezone.localdate()).order_by("-starts_on").first()


def _agenda_prefetch(viewer, documents) -> Prefetch:
    """A session's agenda as this viewer may see it, each item with the papers this viewer may read."""
    return Prefetch(
        "agenda",
        queryset=visible(AgendaItem, viewer).prefetch_related(
            Prefetch("papers", queryset=documents, to_attr="visible_papers")
        ),
        to_attr="visible_agenda",
    )


def _mark_sessions(viewer, sessions) -> None:
    """Which sessions' content (agenda, summary) the viewer may read; papers not under a shown item go loose."""
    sessions = list(sessions)
    readable = set(
        visible_aspect(
            "meetings.SessionContent", viewer, Session.objects.filter(pk__in=[s.pk for s in sessions])
        ).values_list("pk", flat=True)
    )
    for session in sessions:
        session.content_visible = session.pk in readable
        shown = {item.pk for item in getattr(session, "visible_agenda", [])}
        session.loose_documents = [
            d for d in getattr(session, "visible_documents", []) if d.agenda_item_id not in shown
        ]


def meeting_get(*, viewer, group: WorkingGroup, number: int) -> Meeting:
    """A meeting with its sessions, agenda and the documents this viewer may read, prefetched."""
    documents = document_list(viewer=viewer, group=group)
    try:
        meeting = (
            Meeting.objects.filter(group=group, number=number)
            .prefetch_related(
                Prefetch("sessions", queryset=Session.objects.prefetch_related(_agenda_prefetch(viewer, documents))),
                Prefetch("documents", queryset=documents.filter(session__isnull=True), to_attr="visible_documents"),
                Prefetch("sessions__documents", queryset=documents, to_attr="visible_documents"),
            )
            .get()
        )
    except Meeting.DoesNotExist:
        raise Http404 from None
    _mark_sessions(viewer, meeting.sessions.all())
    return meeting


def session_get(*, viewer, group: WorkingGroup, number: int, pk: int) -> Session:
    """One session of a meeting, with what this viewer may read of it; 404 when the meeting has no such session.

    That a session took place is public, closed or not; its agenda and papers are asked of core.visibility.
    """
    documents = document_list(viewer=viewer, group=group)
    session = (
        Session.objects.filter(meeting__group=group, meeting__number=number, pk=pk)
        .select_related("meeting__group")
        .prefetch_related(
            _agenda_prefetch(viewer, documents),
            Prefetch("documents", queryset=documents, to_attr="visible_documents"),
        )
        .first()
    )
    if session is None:
        raise Http404
    _mark_sessions(viewer, [session])
    return session


def session_list(*, group: WorkingGroup) -> QuerySet[Session]:
    """Every session of the group (that a session took place is public)."""
    return Session.objects.filter(meeting__group=group).select_related("meeting").order_by("date", "order")


def agenda_item_get(*, session: Session, pk: int) -> AgendaItem:
    item = session.agenda.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def meeting_timeline(group: WorkingGroup) -> list[dict]:
    return [
        {
            "starts_on": m.starts_on,
            "ends_on": m.ends_on,
            "title": m.title,
            "kind": _("Meeting"),
            "url": m.get_absolute_url(),
        }
        for m in Meeting.objects.filter(group=group).select_related("group")  # each address names the group
    ]
