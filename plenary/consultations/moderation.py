"""The moderation kit that contributions and paragraph comments share: one reference counter with a series per
kind of input, and one atomic change of status that records the decision on the trail.

Both kinds of input carry a `SubmitterProfile` and the same lifecycle (received, published, rejected, spam,
withdrawn), so a page, the API and the back office moderate them with the same steps.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from plenary.core.services import event_record
from plenary.groups.models import WorkingGroup

from .models import ContributionStatus, ReferenceCounter

MODERATION_VERBS = {"published", "rejected", "marked_spam", "moderated"}


def reference_allocate(*, group: WorkingGroup, series: str, year: int, count: int = 1) -> int:
    """The next sequence number of a series (contributions, comments) for a group and year; with `count`, the last
    of a block of that many consecutive numbers (a bulk import takes its numbers at once).

    Must run inside the transaction that stores the input. The UPDATE takes the counter row's lock (PostgreSQL) or
    the database's write lock (SQLite, whose transactions here begin IMMEDIATE), so two pieces of input never get
    the same number, whatever they are attached to, and a rolled-back one frees its number.
    """
    try:
        with transaction.atomic():
            ReferenceCounter.objects.get_or_create(group=group, series=series, year=year)
    except IntegrityError:  # another submission created the row first
        pass
    ReferenceCounter.objects.filter(group=group, series=series, year=year).update(last=F("last") + count)
    return ReferenceCounter.objects.get(group=group, series=series, year=year).last


def reference_format(*, group: WorkingGroup, series: str, year: int, sequence: int) -> str:
    return f"{group.reference_prefix}/{series}/{year}/{sequence:04d}"


def status_set(*, actor, item: models.Model, status: str, verb: str, reason: str = "", note: str = ""):
    """Change the status of a contribution or a comment under its row lock, and record `verb` from -> to.

    The callers check who may; this is the one place the fields of a decision are written, so a decision reads
    the same whichever kind of input it is about. Returns the fresh item.
    """
    model = type(item)
    with transaction.atomic():
        item = model.objects.select_for_update().get(pk=item.pk)
        before = item.status
        now = timezone.now()
        item.status = status
        fields = ["status", "updated_at"]
        if status == ContributionStatus.PUBLISHED and item.published_at is None:
            item.published_at = now
            fields.append("published_at")
        if verb in MODERATION_VERBS:
            item.moderated_at = now
            item.moderated_by = actor if getattr(actor, "is_authenticated", False) else None
            fields += ["moderated_at", "moderated_by"]
        if reason or status == ContributionStatus.PUBLISHED:
            item.status_reason = reason
            fields.append("status_reason")
        item.save(update_fields=fields)
        event_record(actor=actor, verb=verb, target=item, changes={"status": [before, status]}, note=reason or note)
    return item
