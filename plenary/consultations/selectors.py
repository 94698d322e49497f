"""Reads that depend on who is looking. Unpublished, rejected, spam and withdrawn contributions are filtered here
and nowhere else, so pages, feeds, exports, search and the API cannot disagree."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plenary.core.regions import REGIONS
from plenary.core.tokens import token_lookup_hash
from plenary.core.visibility import visible, with_public_flag
from plenary.groups.models import StakeholderGroup, WorkingGroup
from plenary.groups.permissions import is_secretariat

from .models import Attachment, Call, CallState, Contribution, ContributionStatus

SORTS = {
    "newest": ["-published_at", "-id"],
    "oldest": ["published_at", "id"],
    "title": ["title", "id"],
    "reference": ["year", "sequence"],
}
FILTERS = ("call", "issue", "kind", "stakeholder_group", "region", "country", "language")


# Calls -------------------------------------------------------------------------------------------------------------


def call_list(*, group: WorkingGroup, state: str | None = None) -> list[Call]:
    calls = list(Call.objects.filter(group=group).prefetch_related("scope").order_by("-opens_at"))
    return [c for c in calls if state is None or c.state == state]


def call_list_open(*, group: WorkingGroup) -> QuerySet[Call]:
    now = timezone.now()
    return Call.objects.filter(group=group, opens_at__lte=now, closes_at__gt=now).order_by("closes_at")


def call_get(*, group: WorkingGroup, slug: str) -> Call:
    return get_object_or_404(Call.objects.filter(group=group).prefetch_related("scope"), slug=slug)


def calls_by_state(*, group: WorkingGroup) -> dict[str, list[Call]]:
    calls = call_list(group=group)
    return {state: [c for c in calls if c.state == state] for state in CallState.values}


# Contributions -----------------------------------------------------------------------------------------------------


def _with_related(queryset: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return queryset.select_related("call", "group", "stakeholder_group").prefetch_related(
        "issues", Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
    )


def contribution_queryset(*, viewer, group: WorkingGroup | None = None) -> QuerySet[Contribution]:
    """The contributions this viewer may see (core.visibility decides), unordered: lists, counts and aggregates
    start here. `viewer=None` is the public: feeds, exports, the API and the report."""
    queryset = visible(Contribution, viewer)
    if group is not None:
        queryset = queryset.filter(group=group)
    return queryset


def contribution_filter(queryset: QuerySet[Contribution], **filters) -> QuerySet[Contribution]:
    """Apply the public filters (call, issue, kind, stakeholder group, region, country, language); blanks ignored."""
    lookups = {
        "call": "call__slug",
        "issue": "issues__slug",
        "kind": "kind",
        "stakeholder_group": "stakeholder_group__slug",
        "region": "region",
        "country": "country",
        "language": "language",
        "status": "status",
        "campaign": "campaign",
    }
    for name, lookup in lookups.items():
        value = filters.get(name)
        if value:
            queryset = queryset.filter(**{lookup: value.upper() if name == "country" else value})
    if filters.get("issue"):
        queryset = queryset.distinct()
    return queryset


def contribution_list(
    *, viewer, group: WorkingGroup | None = None, sort: str = "newest", **filters
) -> QuerySet[Contribution]:
    """What this viewer may see: published to everyone; every status to the group's secretariat.

    The `status` filter narrows further (the secretariat's queue); it never widens what a viewer sees.
    """
    queryset = contribution_filter(contribution_queryset(viewer=viewer, group=group), **filters)
    return _with_related(queryset).order_by(*SORTS.get(sort, SORTS["newest"]))


def contribution_get(*, viewer, group: WorkingGroup, year: int, sequence: int) -> Contribution:
    """The contribution at its permanent URL, or 404 for anyone who may not see it."""
    try:
        return _with_related(with_public_flag(Contribution, contribution_queryset(viewer=viewer))).get(
            group=group, year=year, sequence=sequence
        )
    except Contribution.DoesNotExist:
        raise Http404 from None


def contribution_get_by_private_token(token: str) -> Contribution | None:
    """The contribution behind a private link (the submitter's), whatever its status; None for a wrong token."""
    digest = token_lookup_hash(token)
    if digest is None:
        return None
    return _with_related(Contribution.objects.filter(private_token_hash=digest)).first()


def attachment_get(*, viewer, group: WorkingGroup, year: int, sequence: int, pk: int) -> Attachment:
    contribution = contribution_get(viewer=viewer, group=group, year=year, sequence=sequence)
    attachment = get_object_or_404(visible(Attachment, viewer), contribution=contribution, pk=pk)
    attachment.contribution = contribution  # carries `is_public`
    return attachment


def moderation_queue(*, viewer, group: WorkingGroup, status: str = ContributionStatus.RECEIVED, **filters):
    """The secretariat's queue, oldest first. Raises Http404 for anyone else (the queue does not exist for them)."""
    if not is_secretariat(viewer, group):
        raise Http404
    queryset = contribution_queryset(viewer=viewer, group=group)
    if status != "all":
        queryset = queryset.filter(status=status)
    return _with_related(contribution_filter(queryset, **filters)).order_by("submitted_at", "id")


def moderation_counts(*, group: WorkingGroup) -> dict[str, int]:
    rows = Contribution.objects.filter(group=group).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def filter_choices(*, group: WorkingGroup, queryset: QuerySet[Contribution] | None = None) -> dict[str, list]:
    """The values the filters offer, from what is published (so no filter reveals hidden contributions)."""
    queryset = queryset if queryset is not None else contribution_queryset(viewer=None, group=group)
    from plenary.issues.models import Issue

    return {
        "calls": list(Call.objects.filter(group=group).values_list("slug", "title")),
        "issues": list(
            Issue.objects.filter(contributions__in=queryset).distinct().values_list("slug", "title").order_by("slug")
        ),
        "stakeholder_groups": list(
            StakeholderGroup.objects.filter(pk__in=queryset.values("stakeholder_group")).values_list("slug", "name")
        ),
        "regions": sorted({r for r in queryset.values_list("region", flat=True) if r}),
        "countries": sorted({c for c in queryset.values_list("country", flat=True) if c}),
        "languages": sorted({lang for lang in queryset.values_list("language", flat=True) if lang}),
    }


# Statistics of who took part ----------------------------------------------------------------------------------------


@dataclass
class Participation:
    total: int
    regions: list[str]
    sectors: list[str]
    cells: dict[tuple[str, str], int]
    by_country: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]
    by_behalf: list[tuple[str, int]]
    notes: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, list[int], int]]:
        return [
            (
                region,
                [self.cells.get((region, s), 0) for s in self.sectors],
                sum(self.cells.get((region, s), 0) for s in self.sectors),
            )
            for region in self.regions
        ]

    def sector_totals(self) -> list[int]:
        return [sum(self.cells.get((r, s), 0) for r in self.regions) for s in self.sectors]


def participation_stats(*, group: WorkingGroup, call: Call | None = None) -> Participation:
    """Who took part, counted on published contributions only: stakeholder group x region, country, month."""
    from .models import ContributionKind, OnBehalfOf

    queryset = contribution_queryset(viewer=None, group=group)
    if call is not None:
        queryset = queryset.filter(call=call)
    unknown = _("Not stated")
    cells: Counter = Counter()
    for region, sector in queryset.values_list("region", "stakeholder_group__name"):
        cells[(region or unknown, sector or unknown)] += 1
    regions = [r for r in REGIONS if any(k[0] == r for k in cells)]
    if any(k[0] == unknown for k in cells):
        regions.append(unknown)
    sectors = [s.name for s in StakeholderGroup.objects.all() if any(k[1] == s.name for k in cells)]
    if any(k[1] == unknown for k in cells):
        sectors.append(unknown)
    by_country = [
        (row["country"] or unknown, row["n"])
        for row in queryset.values("country").annotate(n=Count("id")).order_by("-n", "country")
    ]
    by_month = [
        (row["month"].strftime("%Y-%m"), row["n"])
        for row in queryset.annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
        if row["month"]
    ]
    kinds = dict(ContributionKind.choices)
    by_kind = [
        (str(kinds.get(row["kind"], row["kind"])), row["n"])
        for row in queryset.values("kind").annotate(n=Count("id")).order_by("kind")
    ]
    behalf = dict(OnBehalfOf.choices)
    by_behalf = [
        (str(behalf.get(row["on_behalf_of"], row["on_behalf_of"])), row["n"])
        for row in queryset.values("on_behalf_of").annotate(n=Count("id")).order_by("on_behalf_of")
    ]
    return Participation(
        total=queryset.count(),
        regions=regions,
        sectors=sectors,
        cells=dict(cells),
        by_country=by_country,
        by_month=by_month,
        by_kind=by_kind,
        by_behalf=by_behalf,
    )


def call_timeline(group: WorkingGroup) -> list[dict]:
    return [
        {
            "starts_on": timezone.localtime(call.opens_at).date(),
            "ends_on": timezone.localtime(call.closes_at).date(),
            "title": call.title,
            "kind": _("Call for contributions"),
            "url": call.get_absolute_url(),
        }
        for call in Call.objects.filter(group=group).select_related("group")
    ]


def campaign_representatives_only(queryset: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """Show each campaign once, at its representative (whose reference is the campaign's key)."""
    return queryset.filter(Q(campaign="") | Q(campaign=F("reference")))


def campaign_sizes(*, group: WorkingGroup) -> dict[str, int]:
    """Published signatories per campaign key, for 'one voice, N signatories' beside each campaign."""
    rows = (
        contribution_queryset(viewer=None, group=group)
        .exclude(campaign="")
        .values("campaign")
        .annotate(size=Count("id"))
        .values_list("campaign", "size")
    )
    return dict(rows)


def issue_panel(request, issue) -> dict:
    """The published input tagged with an issue, for the issue's page."""
    tagged = contribution_queryset(viewer=None, group=issue.cluster.group).filter(issues=issue)
    url = reverse("consultations:contributions", kwargs={"group_slug": issue.cluster.group.slug})
    return {
        "count": tagged.count(),
        "latest": list(tagged.select_related("group").order_by("-published_at")[:5]),
        "url": f"{url}?issue={issue.slug}",
    }
