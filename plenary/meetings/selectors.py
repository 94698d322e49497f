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
    return with_public_flag(Document, documents).select_related("kind", "meeting", "session", "group")


def document_get(*, viewer, group: WorkingGroup, pk: int) -> Document:
    """The document, or 404 for anyone who may not read it: its existence is not revealed."""
    try:
        return document_list(viewer=viewer, group=group).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def meeting_list(*, group: WorkingGroup) -> QuerySet[Meeting]:
    return Meeting.objects.filter(group=group).prefetch_related("sessions")


def meeting_next(*, group: WorkingGroup) -> Meeting | None:
    return Meeting.objects.filter(group=group, ends_on__gte=timezone.localdate()).order_by("starts_on").first()


def meeting_last(*, group: WorkingGroup) -> Meeting | None:
    return Meeting.objects.filter(group=group, ends_on__lt=timezone.localdate()).order_by("-starts_on").first()


def meeting_get(*, viewer, group: WorkingGroup, number: int) -> Meeting:
    """A meeting with its sessions, agenda and the documents this viewer may read, prefetched."""
    documents = document_list(viewer=viewer, group=group)
    try:
        meeting = (
            Meeting.objects.filter(group=group, number=number)
            .prefetch_related(
                Prefetch(
                    "sessions",
                    queryset=Session.objects.prefetch_related(
                        Prefetch("agenda", queryset=visible(AgendaItem, viewer), to_attr="visible_agenda")
                    ),
                ),
                Prefetch("documents", queryset=documents.filter(session__isnull=True), to_attr="visible_documents"),
                Prefetch("sessions__documents", queryset=documents, to_attr="visible_documents"),
            )
            .get()
        )
    except Meeting.DoesNotExist:
        raise Http404 from None
    readable = set(
        visible_aspect("meetings.SessionContent", viewer, Session.objects.filter(meeting=meeting)).values_list(
            "pk", flat=True
        )
    )
    for session in meeting.sessions.all():
        session.content_visible = session.pk in readable
    return meeting


def meeting_timeline(group: WorkingGroup) -> list[dict]:
    return [
        {
            "starts_on": m.starts_on,
            "ends_on": m.ends_on,
            "title": m.title,
            "kind": _("Meeting"),
            "url": m.get_absolute_url(),
        }
        for m in Meeting.objects.filter(group=group)
    ]
