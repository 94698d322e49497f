"""What a dashboard shows: the latest finished run of a scope, plus counts over time from the contributions.

A run's stored results name contributions by reference. They are read through the contribution rule: an excerpt
or a campaign of input that has since left the public record (rejected, marked spam, withdrawn) is not shown,
and its leaving queues a new run (analysis.signals) so that the counts follow.
"""

import re
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plenary.consultations.models import Call
from plenary.consultations.selectors import contribution_queryset
from plenary.core.visibility import visible
from plenary.groups.models import WorkingGroup
from plenary.issues.models import Issue

from .models import STOCK_KINDS, AnalysisDecision, AnalysisRun, DecisionKind, RunStatus
from .permissions import can_decide_analysis

# How insight's IssueSynthesis.as_json() names them, and the names the dashboard's template reads.
EXCERPTS = {"representative": "representative_excerpts", "distinct": "distinct_excerpts"}
ALERTS = "balance_alerts"
ALERT_CODES = "balance_alert_codes"
MEMBERS_LISTED = 200  # members of one campaign the secretariat may tick to split off, on the dashboard


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
    no_free_text: int = 0  # contributions with nothing but stock text, file names or nothing: not read for issues
    stock_only: int = 0  # of which: nothing but stock lines (a form's labels, a site's sentences)
    attachment_only: int = 0
    fit: dict = field(default_factory=dict)  # {with_text, none, none_share, warnings}: does the taxonomy fit?
    can_decide: bool = False  # the viewer is the group's secretariat: split, merge, dissolve
    decisions_pending: int = 0  # decisions taken after this run started: the next run follows them

    @property
    def has_data(self) -> bool:
        return self.run is not None and self.run.records > 0


def dashboard_get(*, group: WorkingGroup, call: Call | None = None, viewer=None) -> Dashboard:
    """Everything the dashboard draws, from the latest run; counts are raw and campaign-aware side by side.

    The same for everyone, except that the group's secretariat also gets each campaign's members (to split some
    off) and how many of its decisions the next run will follow."""
    run = run_latest(group=group, call=call)
    board = Dashboard(run=run, can_decide=can_decide_analysis(viewer, group))
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
        alerts = alerts_view(synthesis)
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
    board.by_group = _named(participation.get("group", []), "group")
    board.by_region = _named(participation.get("region", []), "region")
    board.by_month = sorted(
        ({"month": row["name"], "raw": row["raw"], "voices": row["voices"]} for row in participation.get("month", [])),
        key=lambda row: row["month"],
    )
    board.by_language = _named(
        participation.get("language")
        or [{"name": k, "raw": v, "voices": v} for k, v in (stats.get("languages") or {}).items()],
        "language",
    )
    for campaign in run.campaigns:
        if campaign.get("key", "") in links:
            board.campaigns.append({**campaign, "url": links[campaign["key"]]})
    board.campaigns.sort(key=lambda c: -c["size"])
    _families(board.campaigns)
    named = {r for d in stats.get("campaign_decisions") or [] for r in d.get("record_ids", [])}
    for campaign in board.campaigns:
        campaign["changed"] = bool(named & set(campaign.get("member_ids", []))) or bool(campaign.get("decided"))
    board.questions = [_question_view(q, links) for q in run.questions or []]
    board.no_free_text = stats.get("no_free_text", 0)
    board.stock_only = stats.get("stock_only", 0)
    board.attachment_only = stats.get("attachment_only", 0)
    board.fit = fit_view(stats.get("taxonomy_fit") or {})
    if board.can_decide:
        _members_for_the_secretariat(group, board.campaigns)
        board.decisions_pending = decisions_after(group=group, run=run)
    return board


def alert_text(alert: dict | str) -> str:
    """One balance alert of the engine said in the reader's language: from its code and figures
    (insight.synthesis.balance_alert_codes), or, for a run stored before the engine gave codes, from its English
    sentence read back into its figures. An unknown code is left out rather than shown half-said."""
    if isinstance(alert, str):
        return _stored_alert_text(alert)
    code = alert.get("code")
    if code in ("one_group", "one_region"):
        kind = "region" if code == "one_region" else "group"
        values = {"share": f"{float(alert.get('share', 0)) * 100:.0f}", "name": named(alert.get("name", ""), kind)}
        if code == "one_region":
            return _("%(share)s%% of the voices on this issue come from one region: %(name)s.") % values
        return _("%(share)s%% of the voices on this issue come from one stakeholder group: %(name)s.") % values
    if code == "campaigns":
        n = int(alert.get("campaigns", 0))
        return ngettext(
            "%(from)s of %(raw)s submissions come from %(n)s campaign, counted as %(n)s voice.",
            "%(from)s of %(raw)s submissions come from %(n)s campaigns, counted as %(n)s voices.",
            n,
        ) % {"from": alert.get("from_campaigns", 0), "raw": alert.get("raw", 0), "n": n}
    return ""


def alerts_view(synthesis: dict) -> list[str]:
    """An issue's balance alerts in the reader's language, from the engine's codes; a run stored before the
    engine gave codes keeps its English sentences."""
    codes = synthesis.get(ALERT_CODES)
    if codes is None:
        return [alert_text(sentence) for sentence in synthesis.get(ALERTS, [])]
    return [text for text in (alert_text(a) for a in codes) if text]


def fit_view(fit: dict) -> dict:
    """The taxonomy-fit figures and their warnings, said in the reader's language (the engine's codes)."""
    if not fit:
        return {}
    texts = {
        "mostly_none": _(
            "%(share)s of the contributions with free text are about none of the group's issues: the issues may "
            "not fit this input, or the input is off-topic."
        ),
        "one_issue": _(
            "One issue, “%(issue)s”, takes %(share)s of the contributions given an issue: it may be too broad, or "
            "the other issues may not match what people wrote."
        ),
    }
    warnings = []
    for code in fit.get("warning_codes", []):
        share = fit.get("none_share", 0) if code == "mostly_none" else fit.get("top_issue_share", 0)
        if code in texts:
            warnings.append(texts[code] % {"share": f"{share:.0%}", "issue": fit.get("top_issue") or ""})
    return {
        "with_text": fit.get("records_with_text", 0),
        "none": fit.get("none", 0),
        "none_share": fit.get("none_share", 0.0),
        "warnings": warnings,
    }


def _families(campaigns: list[dict]) -> None:
    """Each shown campaign's sisters (the other shown campaigns of its family): letters of one organiser."""
    by_family: dict[str, list[dict]] = {}
    for campaign in campaigns:
        if campaign.get("family"):
            by_family.setdefault(campaign["family"], []).append(campaign)
    for campaign in campaigns:
        sisters = by_family.get(campaign.get("family") or "", [])
        campaign["sisters"] = [{"key": c["key"], "url": c["url"]} for c in sisters if c is not campaign]
        campaign["similarity"] = (campaign.get("why") or {}).get("similarity")
        campaign["shared_passage"] = (campaign.get("why") or {}).get("shared_passage", "")


def _members_for_the_secretariat(group: WorkingGroup, campaigns: list[dict]) -> None:
    """The members of each campaign that the secretariat may tick to split them off: those still published,
    each with its moderation page (one query for the whole list)."""
    wanted = {m for c in campaigns for m in c.get("member_ids", [])[:MEMBERS_LISTED]}
    pages = {
        c.reference: (c.pk, c.title)
        for c in contribution_queryset(viewer=None, group=group)
        .filter(reference__in=sorted(wanted))
        .only("pk", "reference", "title")
    }
    for campaign in campaigns:
        campaign["members"] = [
            {
                "reference": m,
                "title": pages[m][1],
                "url": reverse("consultations:moderate", kwargs={"group_slug": group.slug, "pk": pages[m][0]}),
                "representative": m == campaign.get("representative_id"),
            }
            for m in campaign.get("member_ids", [])[:MEMBERS_LISTED]
            if m in pages
        ]
        campaign["members_more"] = max(0, campaign["size"] - len(campaign["members"]))


def decisions_after(*, group: WorkingGroup, run: AnalysisRun) -> int:
    """How many decisions (taken or withdrawn) the run did not follow yet: the next run will."""
    moment = run.started_at or run.requested_at
    taken = AnalysisDecision.objects.filter(group=group, decided_at__gt=moment).count()
    withdrawn = AnalysisDecision.objects.filter(group=group, withdrawn_at__gt=moment).count()
    return taken + withdrawn


@dataclass
class Review:
    """The secretariat's page of the analysis: what to tag next, what the last tags moved, the stock lines and
    the decisions in force. Only the group's secretariat reads it (the view answers 404 to anyone else)."""

    run: AnalysisRun | None
    to_tag: list[dict] = field(default_factory=list)  # {reference, title, uncertainty, url, suggested}
    tags_moved: dict = field(default_factory=dict)
    stock_lines: list[dict] = field(default_factory=list)  # {text, count, share, source, decision}
    stock_removed: list[dict] = field(default_factory=list)  # lines taken back: {text, decision}
    decisions: list[AnalysisDecision] = field(default_factory=list)
    no_free_text: int = 0
    stock_only: int = 0
    attachment_only: int = 0
    records: int = 0
    decisions_pending: int = 0


def review_get(*, group: WorkingGroup, viewer) -> Review:
    """What the secretariat's review page shows, from the latest finished group-wide run (its statistics only)."""
    run = run_latest(group=group)
    review = Review(run=run)
    review.decisions = list(
        visible(AnalysisDecision, viewer).filter(group=group).select_related("decided_by", "withdrawn_by")
    )
    if run is None:
        return review
    stats = run.stats or {}
    review.records = stats.get("records", run.records)
    review.no_free_text = stats.get("no_free_text", 0)
    review.stock_only = stats.get("stock_only", 0)
    review.attachment_only = stats.get("attachment_only", 0)
    review.decisions_pending = decisions_after(group=group, run=run)
    ranked = stats.get("to_tag") or []
    # Only contributions still on the public record, each with its moderation page.
    pages = {
        c.reference: c
        for c in contribution_queryset(viewer=None, group=group)
        .filter(reference__in=[row["id"] for row in ranked])
        .only("pk", "reference", "title", "suggested_tags")
    }
    titles = dict(visible(Issue, viewer).filter(cluster__group=group).values_list("slug", "title"))
    for row in ranked:
        contribution = pages.get(row["id"])
        if contribution is None:
            continue
        review.to_tag.append(
            {
                "reference": contribution.reference,
                "title": contribution.title,
                "uncertainty": row["uncertainty"],
                "suggested": [titles.get(t["issue"], t["issue"]) for t in (contribution.suggested_tags or [])[:3]],
                "url": reverse("consultations:moderate", kwargs={"group_slug": group.slug, "pk": contribution.pk}),
            }
        )
    review.tags_moved = stats.get("tags_moved") or {}
    in_force = {}
    for decision in review.decisions:
        if decision.in_force and decision.kind in STOCK_KINDS:
            in_force[(decision.kind, _line_key(decision.line))] = decision
    for line in stats.get("stock_lines_listed") or []:
        added = in_force.get((DecisionKind.STOCK_ADD, _line_key(line["text"])))
        review.stock_lines.append({**line, "decision": added})
    review.stock_removed = [
        {"text": d.line, "decision": d} for (kind, _key), d in in_force.items() if kind == DecisionKind.STOCK_REMOVE
    ]
    return review


def _line_key(line: str) -> str | None:
    from .adapter import stock_line_key

    return stock_line_key(line)


# Runs stored before insight gave codes kept its English sentences; these are its two sentences, read back into
# their numbers and said again in the viewer's language (test_alert_language).
_SHARE = re.compile(
    r"(?P<share>\d+)% of the voices on this issue come from one (?P<what>stakeholder group|region): (?P<name>.+)\.$"
)
_CAMPAIGN = re.compile(
    r"(?P<from>\d+) of (?P<raw>\d+) submissions come from (?P<n>\d+) campaign\(s\), counted as \d+ voice\(s\)\.$"
)


def _stored_alert_text(alert: str) -> str:
    """A balance alert stored as an English sentence, in the viewer's language (another wording is shown as is)."""
    if match := _SHARE.match(alert):
        values = {"share": match["share"], "name": named(match["name"], match["what"].split()[-1])}
        if match["what"] == "region":
            return _("%(share)s%% of the voices on this issue come from one region: %(name)s.") % values
        return _("%(share)s%% of the voices on this issue come from one stakeholder group: %(name)s.") % values
    if match := _CAMPAIGN.match(alert):
        n = int(match["n"])
        return ngettext(
            "%(from)s of %(raw)s submissions come from %(n)s campaign, counted as %(n)s voice.",
            "%(from)s of %(raw)s submissions come from %(n)s campaigns, counted as %(n)s voices.",
            n,
        ) % {"from": match["from"], "raw": match["raw"], "n": n}
    return alert


def named(value: str, kind: str) -> str:
    """A stored category in the viewer's language: the run keeps regions by their English M49 name, languages by
    their code and what was not given as "unknown"; stakeholder groups are the group's own names."""
    from plenary.core.templatetags.plenary import language_name, region

    if value == "unknown":
        return _("Not stated")
    return {"region": region, "language": language_name}.get(kind, str)(value)


def _named(rows: list[dict], kind: str) -> list[dict]:
    return [{**row, "name": named(row["name"], kind)} for row in rows]


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
        shown = {**synthesis, "alerts": alerts_view(synthesis)}
        for kind, stored in EXCERPTS.items():
            shown[kind] = [
                {**e, "url": links[e["record_id"]]} for e in synthesis.get(stored, []) if e["record_id"] in links
            ]
        issues.append(shown)
    groups, regions = [named(g, "group") for g in groups], [named(r, "region") for r in regions]
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


def records_flat(*, group: WorkingGroup, call: Call | None = None) -> tuple[list[str], list[list]] | None:
    """The latest finished run of a scope as the engine's flat table (insight.io's columns, records.csv of the
    CLI): one row per contribution the public may still see, with its metadata, campaign and family, flags and
    every assigned issue with its score and evidence. None when the scope has no finished run."""
    from insight.io import flat_header, flat_row
    from insight.model import RecordResult

    run = run_latest(group=group, call=call)
    if run is None:
        return None
    public = set(
        contribution_queryset(viewer=None, group=group)
        .filter(reference__in=[r["id"] for r in run.results])
        .values_list("reference", flat=True)
    )

    def triples(rows) -> list[tuple[str, int, float]]:
        return [(r["issue"], int(r.get("cluster", 0)), float(r.get("score", 0.0))) for r in rows or []]

    rows = []
    for r in run.results:
        if r["id"] not in public:
            continue
        result = RecordResult(
            id=r["id"],
            language=r.get("language"),
            campaign=r.get("campaign"),
            issues=triples(r.get("issues")),
            stakeholder_group=r.get("stakeholder_group"),
            country=r.get("country"),
            country_given=r.get("country_given"),
            region=r.get("region"),
            submitted_at=r.get("submitted_at"),
            language_given=r.get("language_given"),
            flags=list(r.get("flags") or []),
            assigned=triples(r.get("assigned")),
            evidence={a["issue"]: a.get("evidence", "") for a in r.get("assigned") or []},
            family=r.get("family"),
        )
        rows.append(flat_row(result))
    return flat_header(), rows


def _issue_url(group: WorkingGroup, slug: str) -> str:
    try:
        return reverse("issues:detail", kwargs={"group_slug": group.slug, "slug": slug})
    except NoReverseMatch:
        return ""


def decision_get(*, group: WorkingGroup, viewer, pk: str | int) -> AnalysisDecision | None:
    """One decision of the group, if this viewer may see it (the secretariat's); None otherwise."""
    if not str(pk).isdigit():
        return None
    return visible(AnalysisDecision, viewer).filter(group=group, pk=int(pk)).first()
