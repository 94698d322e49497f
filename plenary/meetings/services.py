"""Writes to meetings, sessions and documents, each on the event trail."""

from typing import Any

from django.db import transaction

from plenary.core.models import Visibility
from plenary.core.services import event_record, upsert
from plenary.groups.models import WorkingGroup

from .models import AgendaItem, Document, Meeting, Session


def meeting_save(*, actor, group: WorkingGroup, number: int, **values: Any) -> Meeting:
    meeting, _created = upsert(actor=actor, model=Meeting, lookup={"group": group, "number": number}, values=values)
    return meeting


def session_save(
    *, actor, meeting: Meeting, date, title: str, agenda: list[str] | None = None, **values: Any
) -> Session:
    """Create or update a session; its agenda, when given, replaces the old one."""
    with transaction.atomic():
        session, _created = upsert(
            actor=actor, model=Session, lookup={"meeting": meeting, "date": date, "title": title}, values=values
        )
        if agenda is not None and list(session.agenda.values_list("title", flat=True)) != agenda:
            session.agenda.all().delete()
            AgendaItem.objects.bulk_create(
                AgendaItem(session=session, order=order, title=item) for order, item in enumerate(agenda, 1)
            )
            event_record(actor=actor, verb="agenda_set", target=session, changes={"agenda": [None, agenda]})
    return session


def document_save(*, actor, group: WorkingGroup, title: str, **values: Any) -> Document:
    document, _created = upsert(actor=actor, model=Document, lookup={"group": group, "title": title}, values=values)
    return document


def document_release(*, actor, document: Document, note: str = "") -> Document:
    """Make a members-only or secretariat-only paper public. The secretariat may call it; recorded as `released`."""
    before = document.visibility
    document.visibility = Visibility.PUBLIC
    document.save(update_fields=["visibility", "updated_at"])
    event_record(
        actor=actor, verb="released", target=document, changes={"visibility": [before, Visibility.PUBLIC]}, note=note
    )
    return document
