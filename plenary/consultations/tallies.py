"""Counts of the public record kept up to date as it changes, so that no page counts a million rows to draw.

A `Tally` row counts the published contributions of a group (and of each call) that share one facet value: their
call, kind, stakeholder group, region, country, language, month, region x stakeholder group cell, "on behalf of",
issue tag; "all" counts them all and "follower" those that are a campaign's signatory but not its representative
(so voices = all - follower). Whether a contribution is in the public record is asked of core.visibility.

Every save of a contribution and every change of its tags passes through the signals below, which apply the
difference between its facets before and after (zero, one or many rows). Bulk writes that skip signals (the
analysis' write-back of campaigns, the bulk import) call `tallies_rebuild` or `tallies_add` themselves, and
`manage.py tallies_rebuild` recounts everything from the contributions.
"""

from __future__ import annotations

from collections import Counter

from django.db import IntegrityError, models, transaction
from django.db.models import Count, F
from django.db.models.signals import m2m_changed, post_save, pre_save

from plenary.core import visibility

from .models import Contribution, Tally

Facet = tuple[str, str]
FACETS = (
    "all",
    "call",
    "kind",
    "stakeholder_group",
    "region",
    "country",
    "language",
    "month",
    "cell",
    "on_behalf_of",
    "follower",
    "issue",
)


def facets_of(row: dict) -> list[Facet]:
    """The facet values of one contribution, from a dict of its fields (see `_ROW_FIELDS`) and its issue slugs."""
    sector = row.get("stakeholder_group__slug") or ""
    submitted = row.get("submitted_at")
    values = [
        ("all", ""),
        ("call", row.get("call__slug") or ""),
        ("kind", row.get("kind") or ""),
        ("stakeholder_group", sector),
        ("region", row.get("region") or ""),
        ("country", row.get("country") or ""),
        ("language", row.get("language") or ""),
        ("month", submitted.strftime("%Y-%m") if submitted else ""),
        ("cell", f"{row.get('region') or ''}|{sector}"),
        ("on_behalf_of", row.get("on_behalf_of") or ""),
    ]
    campaign = row.get("campaign") or ""
    if campaign and campaign != row.get("reference"):
        values.append(("follower", ""))
    values += [("issue", slug) for slug in row.get("issues", [])]
    return values


_ROW_FIELDS = (
    "pk",
    "group_id",
    "call_id",
    "call__slug",
    "kind",
    "stakeholder_group__slug",
    "region",
    "country",
    "language",
    "submitted_at",
    "on_behalf_of",
    "campaign",
    "reference",
)


def _public_rows(queryset) -> list[dict]:
    """The facet rows of those contributions of `queryset` that are in the public record, with their issues."""
    rows = list(visibility.public(Contribution, queryset).values(*_ROW_FIELDS))
    if rows:
        through = Contribution.issues.through
        issues: dict[int, list[str]] = {}
        for contribution_id, slug in through.objects.filter(contribution_id__in=[r["pk"] for r in rows]).values_list(
            "contribution_id", "issue__slug"
        ):
            issues.setdefault(contribution_id, []).append(slug)
        for row in rows:
            row["issues"] = issues.get(row["pk"], [])
    return rows


def _state(pk: int | None) -> list[dict]:
    if pk is None:
        return []
    return _public_rows(Contribution.objects.filter(pk=pk))


def _facet_counter(rows: list[dict]) -> Counter:
    counts: Counter = Counter()
    for row in rows:
        for scope in (None, row["call_id"]):
            for facet, value in facets_of(row):
                counts[(row["group_id"], scope, facet, value)] += 1
    return counts


def _diff(before: list[dict], after: list[dict]) -> None:
    """Write what changed between two states of the public record (only the facets that differ)."""
    changes = _facet_counter(after)
    changes.subtract(_facet_counter(before))
    _write(changes)


def _write(changes: Counter) -> None:
    for (group_id, call_id, facet, value), delta in changes.items():
        if not delta:
            continue
        lookup = {"group_id": group_id, "call_id": call_id, "facet": facet, "value": value[:200]}
        if Tally.objects.filter(**lookup).update(count=F("count") + delta):
            continue
        try:
            with transaction.atomic():
                Tally.objects.create(**lookup, count=delta)
        except IntegrityError:  # created by a concurrent change meanwhile
            Tally.objects.filter(**lookup).update(count=F("count") + delta)


def tallies_add(contributions: models.QuerySet) -> None:
    """Count in contributions that were written without signals (the bulk import), once."""
    _diff([], _public_rows(contributions))


def tallies_rebuild(*, group_id: int | None = None) -> int:
    """Recount from the contributions (all groups, or one): one pass, set-based. Returns the rows written."""
    with transaction.atomic():
        stale = Tally.objects.all() if group_id is None else Tally.objects.filter(group_id=group_id)
        stale.delete()
        public = visibility.public(Contribution)
        if group_id is not None:
            public = public.filter(group_id=group_id)
        changes: Counter = Counter()
        simple = {
            "call": "call__slug",
            "kind": "kind",
            "stakeholder_group": "stakeholder_group__slug",
            "region": "region",
            "country": "country",
            "language": "language",
            "on_behalf_of": "on_behalf_of",
        }
        for scope in ("group", "call"):
            keys = ["group_id"] + (["call_id"] if scope == "call" else [])

            def counted(queryset, *fields, _keys=keys):
                return queryset.order_by().values(*_keys, *fields).annotate(n=Count("pk", distinct=True))

            def key(row, _scope=scope):
                return row["group_id"], row["call_id"] if _scope == "call" else None

            for row in counted(public):
                changes[(*key(row), "all", "")] += row["n"]
            for facet, field in simple.items():
                for row in counted(public, field):
                    changes[(*key(row), facet, row[field] or "")] += row["n"]
            for row in counted(public, "region", "stakeholder_group__slug"):
                value = f"{row['region'] or ''}|{row['stakeholder_group__slug'] or ''}"
                changes[(*key(row), "cell", value)] += row["n"]
            from django.db.models.functions import TruncMonth

            for row in counted(public.annotate(month=TruncMonth("submitted_at")), "month"):
                changes[(*key(row), "month", row["month"].strftime("%Y-%m") if row["month"] else "")] += row["n"]
            followers = public.exclude(campaign="").exclude(campaign=F("reference"))
            for row in counted(followers):
                changes[(*key(row), "follower", "")] += row["n"]
            for row in counted(public.filter(issues__isnull=False), "issues__slug"):
                changes[(*key(row), "issue", row["issues__slug"])] += row["n"]
        Tally.objects.bulk_create(
            [Tally(group_id=g, call_id=c, facet=f, value=v[:200], count=n) for (g, c, f, v), n in changes.items() if n],
            batch_size=1000,
        )
    return len(changes)


def followers_recount(*, group_id: int) -> None:
    """After the analysis wrote campaigns back in bulk: recount the signatories who are not representatives."""
    with transaction.atomic():
        Tally.objects.filter(group_id=group_id, facet="follower").delete()
        followers = (
            visibility.public(Contribution)
            .filter(group_id=group_id)
            .exclude(campaign="")
            .exclude(campaign=F("reference"))
            .order_by()
        )
        total = followers.count()
        rows = [Tally(group_id=group_id, call=None, facet="follower", value="", count=total)] if total else []
        for row in followers.values("call_id").annotate(n=Count("pk")):
            rows.append(Tally(group_id=group_id, call_id=row["call_id"], facet="follower", value="", count=row["n"]))
        Tally.objects.bulk_create(rows)


# Reading -----------------------------------------------------------------------------------------------------------


def tally_counts(*, group, facet: str, call=None) -> dict[str, int]:
    """{value: count} of one facet, for a group (call=None) or one call; only values that count something."""
    rows = Tally.objects.filter(group=group, call=call, facet=facet, count__gt=0).values_list("value", "count")
    return dict(rows)


def tally_total(*, group, call=None, facet: str = "all", value: str = "") -> int:
    row = Tally.objects.filter(group=group, call=call, facet=facet, value=value).values_list("count", flat=True)
    return row.first() or 0


# Keeping them current ----------------------------------------------------------------------------------------------


def _before_save(sender, instance: Contribution, raw=False, **kwargs):
    if raw:
        return
    instance._tally_before = _state(instance.pk) if instance.pk else []


def _after_save(sender, instance: Contribution, raw=False, **kwargs):
    if raw:
        return
    _diff(getattr(instance, "_tally_before", []), _state(instance.pk))


def _tags_changed(sender, instance, action: str, **kwargs):
    if not isinstance(instance, Contribution):
        return  # changed from the issue's side: counted below when the contribution's own side is used
    if action in {"pre_add", "pre_remove", "pre_clear"}:
        instance._tally_before = _state(instance.pk)
    elif action in {"post_add", "post_remove", "post_clear"}:
        _diff(getattr(instance, "_tally_before", []), _state(instance.pk))


def connect() -> None:
    pre_save.connect(_before_save, sender=Contribution, dispatch_uid="tallies-before")
    post_save.connect(_after_save, sender=Contribution, dispatch_uid="tallies-after")
    m2m_changed.connect(_tags_changed, sender=Contribution.issues.through, dispatch_uid="tallies-tags")
