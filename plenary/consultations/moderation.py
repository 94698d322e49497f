"""The moderation kit that contributions and paragraph comments share: one reference counter with a series per
kind of input, and one atomic change of status that records the decision on the trail.

Both kinds of input carry a `SubmitterProfile` and the same lifecycle (received, published, rejected, spam,
withdrawn), so a page, the API and the back office moderate them with the same steps.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from plenary.core.pagination import KeysetPage, keyset_page_merged
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


# One queue for every kind of input ---------------------------------------------------------------------------------
#
# consultations holds the queue; each app whose input is moderated registers its kind (this app its contributions,
# drafting its paragraph comments), so the dependency still points one way and one page lists them all, oldest
# first, with the same filters, the same bulk decisions and the same `status_set` behind them.

ACTIONS = {
    "publish": ContributionStatus.PUBLISHED,
    "reject": ContributionStatus.REJECTED,
    "spam": ContributionStatus.SPAM,
}


@dataclass
class QueueRow:
    """One item of the queue as the page shows it, whatever its kind."""

    kind: str
    kind_label: str
    pk: int
    reference: str
    title: str
    status: str
    status_label: str
    origin: str  # the call or the draft (and paragraph) it answers
    submitter: str
    public_author: str
    profile: str
    submitted_at: Any
    language: str
    url: str  # where the secretariat reads it in full and decides
    tags: list[str] = field(default_factory=list)
    suggestions: list[tuple[str, float]] = field(default_factory=list)  # (issue name, score)
    notes: list[str] = field(default_factory=list)  # attachments, campaign
    item: Any = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"


@dataclass(frozen=True)
class QueueKind:
    """A kind of input in the queue.

    `items(viewer, group, filters)`: the group's items this viewer may see (core.visibility) that the filters
    keep, or None when a filter names something this kind has not (a call for comments, a campaign).
    `rows(pks, names)`: one page of them as rows, their related rows read in bulk. `moderate(actor, item,
    action, reason)`: one decision, by the kind's own service, which checks who may and ends in `status_set`.
    `origins(group)`: the calls or drafts to filter by.
    """

    key: str
    label: Any
    rank: int
    model: type[models.Model]
    items: Callable[[Any, WorkingGroup, dict], models.QuerySet | None]
    rows: Callable[[list[int], dict], list[QueueRow]]
    moderate: Callable[..., models.Model]
    origins: Callable[[WorkingGroup], list[tuple[str, str]]]


_KINDS: dict[str, QueueKind] = {}


def register_queue_kind(kind: QueueKind) -> None:
    _KINDS[kind.key] = kind


def queue_kinds() -> list[QueueKind]:
    return sorted(_KINDS.values(), key=lambda k: k.rank)


QUEUE_FILTERS = ("status", "kind", "origin", "language", "suggestions", "stakeholder_group", "country", "campaign")


def queue_page(
    *, viewer, group: WorkingGroup, filters: dict, cursor: str | None = None, per_page: int = 50
) -> KeysetPage:
    """One page of the queue, every kind together, oldest first, by keyset: (submitted_at, kind, id).

    Each kind reads at most `per_page` + 1 rows after the cursor and the pages are merged, so a page costs the
    same two or three index range scans however deep it is. The caller checks that the viewer is the secretariat.
    """
    kinds = queue_kinds()
    readable = [(kind, kind.items(viewer, group, filters)) for kind in kinds]
    readable = [(kind, items) for kind, items in readable if items is not None]
    page = keyset_page_merged(
        [(kind.rank, items) for kind, items in readable], field="submitted_at", cursor=cursor, per_page=per_page
    )
    names = issue_names(group)
    rows_of: dict[tuple[int, int], QueueRow] = {}
    for kind, _items in readable:
        mine = [pk for rank, pk in page.object_list if rank == kind.rank]
        if mine:
            rows_of.update({(kind.rank, row.pk): row for row in kind.rows(mine, names)})
    page.object_list = [rows_of[key] for key in page.object_list if key in rows_of]
    return page


def queue_counts(*, viewer, group: WorkingGroup, filters: dict) -> dict[str, int]:
    """How many items of each status the queue holds under the other filters (one grouped count per kind)."""
    counts: dict[str, int] = {}
    for kind in queue_kinds():
        items = kind.items(viewer, group, {**filters, "status": "all"})
        if items is None:
            continue
        for row in items.order_by().values("status").annotate(n=models.Count("id")):
            counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
    return counts


def queue_origins(*, group: WorkingGroup) -> list[tuple[str, list[tuple[str, str]]]]:
    """The calls and drafts to filter by, grouped by kind (an <optgroup> each)."""
    return [(str(kind.label), choices) for kind in queue_kinds() if (choices := kind.origins(group))]


def issue_names(group: WorkingGroup) -> dict[str, str]:
    """The group's issues by slug, so that tags and suggestions read as names."""
    from plenary.issues.models import Issue

    return dict(Issue.objects.filter(cluster__group=group).values_list("slug", "title"))


def queue_moderate(*, actor, group: WorkingGroup, keys: list[str], action: str, reason: str = "") -> int:
    """Apply one decision to the chosen items of any kind, all or none. Returns how many were decided.

    `keys` are "kind:pk" (a bare pk is a contribution, as older links sent). Each kind's service checks who may
    (PermissionDenied) and wants a reason for a rejection (ValidationError); every one ends in `status_set`.
    """
    if action not in ACTIONS:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    wanted: dict[str, list[int]] = {}
    for key in keys:
        kind, _sep, pk = key.rpartition(":")
        if pk.isdigit():
            wanted.setdefault(kind or "contribution", []).append(int(pk))
    count = 0
    with transaction.atomic():
        for kind in queue_kinds():
            pks = wanted.get(kind.key)
            if not pks:
                continue
            items = kind.items(actor, group, {"status": "all"})
            for item in items.filter(pk__in=pks).order_by("submitted_at", "id"):
                kind.moderate(actor=actor, item=item, action=action, reason=reason)
                count += 1
    return count
