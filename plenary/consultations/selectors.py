"""Reads that depend on who is looking. Unpublished, rejected, spam and withdrawn contributions are filtered here
and nowhere else, so pages, feeds, exports, search and the API cannot disagree."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plenary.core.pagination import count_bounded
from plenary.core.regions import REGIONS
from plenary.core.tokens import token_lookup_hash
from plenary.core.visibility import visible, with_public_flag
from plenary.groups.models import StakeholderGroup, WorkingGroup
from plenary.groups.permissions import is_secretariat
from plenary.groups.selectors import translations_attach

from .models import Attachment, Call, CallState, Contribution, ContributionStatus
from .tallies import tally_counts, tally_total

SORTS = {
    "newest": ["-published_at", "-id"],
    "oldest": ["published_at", "id"],
    "title": ["title", "id"],
    "reference": ["year", "sequence", "id"],
}
FILTERS = ("call", "issue", "kind", "stakeholder_group", "region", "country", "language")


# Calls -------------------------------------------------------------------------------------------------------------


def call_list(*, group: WorkingGroup, state: str | None = None) -> list[Call]:
    calls = list(Call.objects.filter(group=group).prefetch_related("scope", "questions").order_by("-opens_at"))
    return [c for c in calls if state is None or c.state == state]


def call_list_open(*, group: WorkingGroup) -> QuerySet[Call]:
    now = timezone.now()
    return Call.objects.filter(group=group, opens_at__lte=now, closes_at__gt=now).order_by("closes_at")


def call_get(*, group: WorkingGroup, slug: str) -> Call:
    return get_object_or_404(Call.objects.filter(group=group).prefetch_related("scope", "questions"), slug=slug)


def calls_by_state(*, group: WorkingGroup) -> dict[str, list[Call]]:
    calls = translations_attach(list(call_list(group=group)))  # each call's title in the reader's language
    return {state: [c for c in calls if c.state == state] for state in CallState.values}


# Contributions -----------------------------------------------------------------------------------------------------


def _with_related(queryset: QuerySet[Contribution]) -> QuerySet[Contribution]:
    # The group is prefetched (one query), not joined: joined, SQLite puts the one-row group table in the outer
    # loop and then sorts every contribution of the group instead of reading the page off the sort's index
    # (8.5 s for the first page at 100k contributions).
    return queryset.select_related("call", "stakeholder_group").prefetch_related(
        "group", "issues", Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
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


def answers_shown(contribution: Contribution) -> list[dict]:
    """The contribution's answers beside their questions, in the questionnaire's order (labels, not keys)."""
    if not contribution.answers:
        return []
    rows = []
    for question in contribution.call.questions.all():
        value = contribution.answers.get(question.key)
        if not value:
            continue
        if question.is_closed:
            values = value if isinstance(value, list) else [value]
            value = "; ".join(question.choice_label(v) for v in values)
        rows.append({"question": question.label, "answer": value, "open": not question.is_closed})
    return rows


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


def filter_choices(*, group: WorkingGroup, call: Call | None = None) -> dict[str, list]:
    """The values the filters offer: those the public record holds (from its maintained counts), so no filter
    reveals a hidden contribution and no page reads every contribution to draw its filters."""
    from plenary.issues.models import Issue

    counts = {facet: tally_counts(group=group, call=call, facet=facet) for facet in TALLIED_FILTERS}
    sectors = StakeholderGroup.objects.filter(slug__in=[v for v in counts["stakeholder_group"] if v])
    return {
        "calls": list(Call.objects.filter(group=group).values_list("slug", "title")),
        "issues": list(
            Issue.objects.filter(cluster__group=group, slug__in=list(counts["issue"]))
            .order_by("slug")
            .values_list("slug", "title")
        ),
        "stakeholder_groups": list(sectors.values_list("slug", "name")),
        "regions": sorted(v for v in counts["region"] if v),
        "countries": sorted(v for v in counts["country"] if v),
        "languages": sorted(v for v in counts["language"] if v),
    }


TALLIED_FILTERS = ("issue", "stakeholder_group", "region", "country", "language")


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
    """Who took part, on published contributions only: stakeholder group x region, country, month, kind, on whose
    behalf. Read from the maintained counts (consultations.tallies): the same at ten or a million contributions."""
    from .models import ContributionKind, OnBehalfOf

    unknown = _("Not stated")
    names = dict(StakeholderGroup.objects.values_list("slug", "name"))
    cells: Counter = Counter()
    for value, n in tally_counts(group=group, call=call, facet="cell").items():
        region, _sep, sector = value.partition("|")
        cells[(region or unknown, names.get(sector, unknown) if sector else unknown)] += n
    regions = [r for r in REGIONS if any(k[0] == r for k in cells)]
    if any(k[0] == unknown for k in cells):
        regions.append(unknown)
    sectors = [s.name for s in StakeholderGroup.objects.all() if any(k[1] == s.name for k in cells)]
    if any(k[1] == unknown for k in cells):
        sectors.append(unknown)
    by_country = sorted(
        ((country or unknown, n) for country, n in tally_counts(group=group, call=call, facet="country").items()),
        key=lambda row: (-row[1], row[0]),
    )
    by_month = sorted((m, n) for m, n in tally_counts(group=group, call=call, facet="month").items() if m)
    kinds = dict(ContributionKind.choices)
    by_kind = [(str(kinds.get(k, k)), n) for k, n in sorted(tally_counts(group=group, call=call, facet="kind").items())]
    behalf = dict(OnBehalfOf.choices)
    by_behalf = [
        (str(behalf.get(k, k)), n)
        for k, n in sorted(tally_counts(group=group, call=call, facet="on_behalf_of").items())
    ]
    return Participation(
        total=tally_total(group=group, call=call),
        regions=regions,
        sectors=sectors,
        cells=dict(cells),
        by_country=by_country,
        by_month=by_month,
        by_kind=by_kind,
        by_behalf=by_behalf,
    )


def contribution_counts(*, group: WorkingGroup, filters: dict) -> dict:
    """How many published contributions a list holds, and how many voices (a campaign counted once).

    Read from the maintained counts when the list is the whole record or narrowed by one counted facet; otherwise
    counted up to a bound, and said to be a lower bound beyond it.
    """
    narrowing = {k: v for k, v in filters.items() if v and k not in {"sort"}}
    call = None
    if "call" in narrowing:
        call = Call.objects.filter(group=group, slug=narrowing.pop("call")).first()
        if call is None:
            return {"total": 0, "exact": True, "voices": 0}
    if not narrowing:
        total = tally_total(group=group, call=call)
        followers = tally_total(group=group, call=call, facet="follower")
        return {"total": total, "exact": True, "voices": total - followers}
    if len(narrowing) == 1:
        ((facet, value),) = narrowing.items()
        if facet in TALLIED_FILTERS or facet == "kind":
            return {
                "total": tally_total(group=group, call=call, facet=facet, value=value),
                "exact": True,
                "voices": None,
            }
    total, exact = count_bounded(contribution_filter(contribution_queryset(viewer=None, group=group), **filters))
    return {"total": total, "exact": exact, "voices": None}


def moderation_filter_choices(*, group: WorkingGroup) -> dict[str, list]:
    """The queue's filters offer every value (the queue holds every status: no count of the public record fits)."""
    from plenary.core.regions import REGIONS as regions
    from plenary.issues.models import Issue

    return {
        "calls": list(Call.objects.filter(group=group).values_list("slug", "title")),
        "issues": list(Issue.objects.filter(cluster__group=group).order_by("slug").values_list("slug", "title")),
        "stakeholder_groups": list(StakeholderGroup.objects.values_list("slug", "name")),
        "regions": list(regions),
        "countries": [],
        "languages": [],
    }


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


def campaign_sizes(*, group: WorkingGroup, keys) -> dict[str, int]:
    """Published signatories of the given campaigns (those on a page), for 'one voice, N signatories'."""
    keys = sorted({k for k in keys if k})
    if not keys:
        return {}
    rows = (
        contribution_queryset(viewer=None, group=group)
        .filter(campaign__in=keys)
        .order_by()
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


def open_calls_panel(request, group) -> dict:
    """The group's open calls for its home, and the page's primary action: send a contribution to one of them.

    The action is offered at the top of the home (groups/home.html shows every panel's `primary_actions`), so that on
    a phone it is in the first screen.
    """
    open_calls = list(call_list_open(group=group))
    if not open_calls:
        return {"open_calls": open_calls, "primary_actions": []}
    if len(open_calls) == 1:
        url = reverse("consultations:submit", kwargs={"group_slug": group.slug, "slug": open_calls[0].slug})
        detail = open_calls[0].title
    else:
        url = reverse("consultations:calls", kwargs={"group_slug": group.slug})
        n = len(open_calls)
        detail = ngettext("%(n)d call is open", "%(n)d calls are open", n) % {"n": n}
    return {
        "open_calls": open_calls,
        "primary_actions": [{"url": url, "label": _("Send a contribution"), "detail": detail}],
    }
