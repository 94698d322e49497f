"""What a dashboard shows: the latest finished run of a scope, plus counts over time from the contributions.

A run's stored results name contributions by reference. They are read through the contribution rule: an excerpt
or a campaign of input that has since left the public record (rejected, marked spam, withdrawn) is not shown,
and its leaving queues a new run (analysis.signals) so that the counts follow.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from plenary.consultations.models import Call
from plenary.consultations.selectors import contribution_queryset
from plenary.core.visibility import visible
from plenary.groups.models import WorkingGroup

from .models import AnalysisRun, RunStatus

# How insight's IssueSynthesis.as_json() names them, and the names the dashboard's template reads.
EXCERPTS = {"representative": "representative_excerpts", "distinct": "distinct_excerpts"}
ALERTS = "balance_alerts"


def run_latest(*, group: WorkingGroup, call: Call | None = None) -> AnalysisRun | None:
    """The latest run the public may read (a finished one)."""
    # The per-contribution results are never read here: at a million contributions they weigh tens of megabytes.
    return visible(AnalysisRun, None).filter(group=group, call=call).defer("results").order_by("-finished_at").first()


def run_pending(*, group: WorkingGroup, call: Call | None = None) -> AnalysisRun | None:
    return (
        AnalysisRun.objects.filter(group=group, call=call, status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
        .order_by("-requested_at")
        .first()
    )


def run_list(*, group: WorkingGroup) -> QuerySet[AnalysisRun]:
    return AnalysisRun.objects.filter(group=group).select_related("call").order_by("-requested_at")


@dataclass
class Dashboard:
    run: AnalysisRun | None
    raw_total: int = 0
    voices_total: int = 0
    by_issue: list[dict] = field(default_factory=list)  # {issue, title, cluster, raw, voices, url}
    by_group: list[dict] = field(default_factory=list)  # {name, raw, voices}
    by_region: list[dict] = field(default_factory=list)
    by_language: list[dict] = field(default_factory=list)
    by_month: list[dict] = field(default_factory=list)  # {month, raw, voices}
    campaigns: list[dict] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)  # {issue, title, text}
    issues: list[dict] = field(default_factory=list)  # the synthesis, with excerpt links
    questions: list[dict] = field(default_factory=list)  # per question: closed tallies or open issues

    @property
    def has_data(self) -> bool:
        return self.run is not None and self.run.records > 0


def dashboard_get(*, group: WorkingGroup, call: Call | None = None) -> Dashboard:
    """Everything the dashboard draws, from the latest run; counts are raw and campaign-aware side by side."""
    run = run_latest(group=group, call=call)
    board = Dashboard(run=run)
    if run is None or not run.records:
        return board
    stats = run.stats or {}
    board.raw_total = stats.get("records", run.records)
    board.voices_total = stats.get("voices", run.records)
    links = _contribution_links(group, _referenced(run))
    for synthesis in run.issues:
        board.by_issue.append(
            {
                "issue": synthesis["issue"],
                "title": synthesis["title"],
                "cluster": synthesis["cluster"],
                "raw": synthesis["counts"]["raw"],
                "voices": synthesis["counts"]["voices"],
                "url": _issue_url(group, synthesis["issue"]),
            }
        )
        alerts = synthesis.get(ALERTS, [])
        for alert in alerts:
            board.alerts.append({"issue": synthesis["issue"], "title": synthesis["title"], "text": alert})
        shown = {**synthesis, "alerts": alerts}
        for kind, stored in EXCERPTS.items():
            # Only excerpts of input the public may still read, each linked to its page.
            shown[kind] = [{**item, "url": links[item["record_id"]]} for item in synthesis.get(stored, [])
                           if item["record_id"] in links]  # fmt: skip
        board.issues.append(shown)
    # Who took part, over all records (not per issue, where a record can count for several issues): as the run
    # counted it, so the page reads a few stored rows whatever the size of the record.
    participation = stats.get("participation") or {}
    board.by_group = participation.get("group", [])
    board.by_region = participation.get("region", [])
    board.by_month = sorted(
        ({"month": row["name"], "raw": row["raw"], "voices": row["voices"]} for row in participation.get("month", [])),
        key=lambda row: row["month"],
    )
    board.by_language = participation.get("language") or [
        {"name": k, "raw": v, "voices": v} for k, v in (stats.get("languages") or {}).items()
    ]
    for campaign in run.campaigns:
        if campaign.get("key", "") in links:
            board.campaigns.append({**campaign, "url": links[campaign["key"]]})
    board.campaigns.sort(key=lambda c: -c["size"])
    board.questions = [_question_view(q, links) for q in run.questions or []]
    return board


def _question_view(question: dict, links: dict[str, str]) -> dict:
    """One question's table: choices by stakeholder group and region (raw and voices), or an open one's issues."""
    groups = sorted({g for c in question.get("choices", []) for g in c.get("raw_by_stakeholder_group", {})})
    regions = sorted({r for c in question.get("choices", []) for r in c.get("raw_by_region", {})})
    choices = [
        {
            **choice,
            "by_group": [(choice["raw_by_stakeholder_group"].get(g, 0), choice["voices_by_stakeholder_group"].get(g, 0))
                         for g in groups],
            "by_region": [(choice["raw_by_region"].get(r, 0), choice["voices_by_region"].get(r, 0)) for r in regions],
        }
        for choice in question.get("choices", [])
    ]  # fmt: skip
    issues = []
    for synthesis in question.get("issues", []):
        if not synthesis["counts"]["raw"]:
            continue
        shown = {**synthesis}
        for kind, stored in EXCERPTS.items():
            shown[kind] = [
                {**e, "url": links[e["record_id"]]} for e in synthesis.get(stored, []) if e["record_id"] in links
            ]
        issues.append(shown)
    return {**question, "groups": groups, "regions": regions, "choices": choices, "issues": issues}


def _referenced(run: AnalysisRun) -> set[str]:
    """The contributions a run's stored results quote or list (bounded: excerpts and campaign keys)."""
    references = {c.get("key", "") for c in run.campaigns}
    syntheses = list(run.issues) + [s for q in run.questions or [] for s in q.get("issues", [])]
    for synthesis in syntheses:
        for stored in EXCERPTS.values():
            references |= {item["record_id"] for item in synthesis.get(stored, [])}
    return references - {""}


def _contribution_links(group: WorkingGroup, references: set[str]) -> dict[str, str]:
    """The public pages of those of `references` the public may still see: the rest is left out of the board."""
    published = (
        contribution_queryset(viewer=None, group=group)
        .filter(reference__in=sorted(references))
        .select_related("group")
        .only("reference", "year", "sequence", "group__slug")
    )
    return {c.reference: c.get_absolute_url() for c in published}


def _issue_url(group: WorkingGroup, slug: str) -> str:
    try:
        return reverse("issues:detail", kwargs={"group_slug": group.slug, "slug": slug})
    except NoReverseMatch:
        return ""
