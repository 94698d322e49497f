"""Reads that depend on who is looking. Closed papers are filtered here and nowhere else."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from plenary.core.models import Visibility
from plenary.groups.models import WorkingGroup
from plenary.groups.permissions import visible_levels

from .models import Document, Meeting, Session


def visible_documents_q(viewer, group: WorkingGroup) -> Q:
    """Documents at a level the viewer may read, or released to the public."""
    return Q(visibility__in=visible_levels(viewer, group)) | Q(released_on__lte=timezone.localdate())


def document_list(*, viewer, group: WorkingGroup) -> QuerySet[Document]:
    return (
        Document.objects.filter(group=group)
        .filter(visible_documents_q(viewer, group))
        .select_related("kind", "meeting", "session", "group")
    )


def document_get(*, viewer, group: WorkingGroup, pk: int) -> Document:
    """The document, or 404 for anyone who may not read it: its existence is not revealed."""
    try:
        return document_list(viewer=viewer, group=group).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def public_document_list() -> QuerySet[Document]:
    """Every document anyone may read, across groups (search and open data)."""
    return Document.objects.filter(
        Q(visibility=Visibility.PUBLIC) | Q(released_on__lte=timezone.localdate())
    ).select_related("kind", "group")


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
        return (
            Meeting.objects.filter(group=group, number=number)
            .prefetch_related(
                Prefetch("sessions", queryset=Session.objects.prefetch_related("agenda")),
                Prefetch("documents", queryset=documents.filter(session__isnull=True), to_attr="visible_documents"),
                Prefetch("sessions__documents", queryset=documents, to_attr="visible_documents"),
            )
            .get()
        )
    except Meeting.DoesNotExist:
        raise Http404 from None


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
