"""Writes to meetings, sessions, agendas and documents, each on the event trail.

The `*_save` functions are the idempotent loaders' (the sample, imports: `actor=None` is the system). The others
are the group's pages': they check the predicate of permissions.py (PermissionDenied otherwise), and record what
changed with its from -> to values.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from plenary.core.models import Visibility
from plenary.core.search import index_many
from plenary.core.services import event_record, upsert
from plenary.groups.models import WorkingGroup

from .models import AgendaItem, Document, Meeting, Session
from .permissions import (
    can_edit_agenda,
    can_file_paper,
    can_manage_meetings,
    can_open_registration,
    can_release_document,
)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


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
        # The agenda from the record; illustrative items added beside it (the sample) are left alone.
        recorded = session.agenda.filter(is_illustrative=False)
        if agenda is not None and list(recorded.values_list("title", flat=True)) != agenda:
            recorded.delete()
            AgendaItem.objects.bulk_create(
                AgendaItem(session=session, order=order, title=item) for order, item in enumerate(agenda, 1)
            )
            index_many(Session, [session.pk])  # bulk_create sends no signal: the session's entry holds its agenda
            event_record(actor=actor, verb="agenda_set", target=session, changes={"agenda": [None, agenda]})
    return session


def document_save(*, actor, group: WorkingGroup, title: str, **values: Any) -> Document:
    document, _created = upsert(actor=actor, model=Document, lookup={"group": group, "title": title}, values=values)
    return document


# From the group's pages ---------------------------------------------------------------------------------------------


def meeting_create(*, actor, group: WorkingGroup, **values: Any) -> Meeting:
    """A new meeting, numbered after the last one unless `number` is given. The secretariat may call it."""
    _require(can_manage_meetings(actor, group), _("Only the secretariat prepares meetings."))
    with transaction.atomic():
        WorkingGroup.objects.select_for_update().filter(pk=group.pk).first()  # numbers are given one at a time
        number = (
            values.pop("number", None) or (Meeting.objects.filter(group=group).aggregate(n=Max("number"))["n"] or 0) + 1
        )
        if Meeting.objects.filter(group=group, number=number).exists():
            raise ValidationError({"number": _("Another meeting already has this number.")})
        meeting, _created = upsert(actor=actor, model=Meeting, lookup={"group": group, "number": number}, values=values)
    return meeting


def meeting_update(*, actor, meeting: Meeting, **values: Any) -> Meeting:
    """Change a meeting's title, venue, dates, time zone or description. The secretariat may call it."""
    _require(can_manage_meetings(actor, meeting.group), _("Only the secretariat prepares meetings."))
    updated, _created = upsert(actor=actor, model=Meeting, lookup={"pk": meeting.pk}, values=values)
    return updated


def session_create(*, actor, meeting: Meeting, **values: Any) -> Session:
    """A new session of a meeting, placed after the others of its day. The secretariat may call it."""
    _require(can_manage_meetings(actor, meeting.group), _("Only the secretariat prepares meetings."))
    with transaction.atomic():
        if "order" not in values:
            last = Session.objects.filter(meeting=meeting).aggregate(n=Max("order"))["n"]
            values["order"] = 0 if last is None else last + 1
        session = Session.objects.create(meeting=meeting, **values)
        event_record(actor=actor, verb="created", target=session)
    return session


def session_update(*, actor, session: Session, **values: Any) -> Session:
    _require(can_manage_meetings(actor, session.meeting.group), _("Only the secretariat prepares meetings."))
    values.pop("registration_open", None)  # opened and closed by its own step
    updated, _created = upsert(actor=actor, model=Session, lookup={"pk": session.pk}, values=values)
    return updated


def session_registration_set(*, actor, session: Session, is_open: bool) -> Session:
    """Open or close registration for an open consultation. Records `registration_opened`/`registration_closed`."""
    if actor is not None or not session.is_open_consultation:  # None: the system (the sample loader)
        _require(
            can_open_registration(actor, session), _("Only the secretariat opens registration, for open sessions.")
        )
    if session.registration_open == is_open:
        return session
    session.registration_open = is_open
    session.save(update_fields=["registration_open", "updated_at"])
    event_record(
        actor=actor,
        verb="registration_opened" if is_open else "registration_closed",
        target=session,
        changes={"registration_open": [not is_open, is_open]},
    )
    return session


def _agenda_titles(session: Session) -> list[str]:
    return list(session.agenda.order_by("order", "pk").values_list("title", flat=True))


def agenda_item_add(*, actor, session: Session, title: str, description: str = "") -> AgendaItem:
    """Add an item at the end of a session's agenda. Records `created` on the item."""
    _require(can_edit_agenda(actor, session), _("Only the secretariat edits the agenda."))
    with transaction.atomic():
        last = session.agenda.aggregate(n=Max("order"))["n"] or 0
        item = AgendaItem.objects.create(session=session, order=last + 1, title=title, description=description)
        event_record(actor=actor, verb="created", target=item, changes={"title": [None, title]})
    return item


def agenda_item_update(*, actor, item: AgendaItem, title: str, description: str = "") -> AgendaItem:
    _require(can_edit_agenda(actor, item.session), _("Only the secretariat edits the agenda."))
    updated, _created = upsert(
        actor=actor, model=AgendaItem, lookup={"pk": item.pk}, values={"title": title, "description": description}
    )
    return updated


def agenda_item_remove(*, actor, item: AgendaItem) -> None:
    """Take an item off the agenda; its papers stay with the session. Records `removed` on the session."""
    session = item.session
    _require(can_edit_agenda(actor, session), _("Only the secretariat edits the agenda."))
    with transaction.atomic():
        Document.objects.filter(agenda_item=item).update(agenda_item=None, session=session)
        event_record(actor=actor, verb="removed", target=session, changes={"agenda item": [item.title, None]})
        item.delete()
        _renumber(session, list(session.agenda.order_by("order", "pk")))


def _renumber(session: Session, items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, 1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])


def agenda_reorder(*, actor, session: Session, item_ids: list[int]) -> list[AgendaItem]:
    """Put a session's agenda in the given order (every item once). Records `reordered` with before -> after.

    ValidationError when the list names an item of another session or leaves one out: nothing is changed then.
    """
    _require(can_edit_agenda(actor, session), _("Only the secretariat edits the agenda."))
    with transaction.atomic():
        items = {item.pk: item for item in session.agenda.select_for_update()}
        if sorted(item_ids) != sorted(items) or len(set(item_ids)) != len(item_ids):
            raise ValidationError(_("The new order must name every item of this agenda once."))
        before = _agenda_titles(session)
        _renumber(session, [items[pk] for pk in item_ids])
        after = _agenda_titles(session)
        if before != after:
            event_record(actor=actor, verb="reordered", target=session, changes={"agenda": [before, after]})
    return list(session.agenda.order_by("order"))


def agenda_item_move(*, actor, item: AgendaItem, step: int) -> list[AgendaItem]:
    """Move an item one place up (step=-1) or down (step=1): the buttons that work without JavaScript."""
    ids = list(item.session.agenda.order_by("order", "pk").values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = min(max(index + step, 0), len(ids) - 1)
    ids.insert(target, ids.pop(index))
    return agenda_reorder(actor=actor, session=item.session, item_ids=ids)


PAPER_FIELDS = [
    "title",
    "symbol",
    "kind",
    "language",
    "visibility",
    "released_on",
    "published_on",
    "text",
    "meeting",
    "session",
    "agenda_item",
]


def _check_paper_links(group: WorkingGroup, values: dict) -> None:
    item, session, meeting = values.get("agenda_item"), values.get("session"), values.get("meeting")
    if item is not None:
        values["session"] = session = item.session
    if session is not None:
        values["meeting"] = meeting = session.meeting
    if meeting is not None and meeting.group_id != group.pk:
        raise PermissionDenied(_("This meeting belongs to another group."))


def paper_create(*, actor, group: WorkingGroup, file=None, **values: Any) -> Document:
    """File a paper (attached to a meeting, a session or an agenda item) with its visibility and release date.

    The secretariat may call it; a transcript or summary of an open consultation is filed the same way, public.
    Records `created` with the visibility; `published` as well when it is public from the start.
    """
    _require(can_file_paper(actor, group), _("Only the secretariat files papers."))
    _check_paper_links(group, values)
    with transaction.atomic():
        document = Document(group=group, **values)
        if file is not None:
            document.file = file
        document.full_clean()
        document.save()
        event_record(actor=actor, verb="created", target=document, changes={"visibility": [None, document.visibility]})
    return document


def paper_update(*, actor, document: Document, file=None, **values: Any) -> Document:
    """Change a paper. Making it public is a release (`document_release`), which asks for confirmation first."""
    _require(can_file_paper(actor, document.group), _("Only the secretariat files papers."))
    if values.get("visibility") == Visibility.PUBLIC and document.visibility != Visibility.PUBLIC:
        raise ValidationError({"visibility": _("Release the paper to make it public: that step is confirmed apart.")})
    _check_paper_links(document.group, values)
    with transaction.atomic():
        updated, _created = upsert(actor=actor, model=Document, lookup={"pk": document.pk}, values=values)
        if file is not None:
            updated.file = file
            updated.save(update_fields=["file", "updated_at"])
            event_record(actor=actor, verb="changed", target=updated, changes={"file": [None, updated.file.name]})
    return updated


def document_release(*, actor, document: Document, note: str = "") -> Document:
    """Make a members-only or secretariat-only paper public. The secretariat may call it (`actor=None`: the
    system); PermissionDenied otherwise. Recorded as `released`; it cannot be undone."""
    if actor is not None:
        _require(can_release_document(actor, document), _("Only the secretariat releases papers not yet public."))
    before = document.visibility
    document.visibility = Visibility.PUBLIC
    document.save(update_fields=["visibility", "updated_at"])
    event_record(
        actor=actor, verb="released", target=document, changes={"visibility": [before, Visibility.PUBLIC]}, note=note
    )
    return document
