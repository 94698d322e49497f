"""The one place where the web app meets the analysis engine: contributions in, `insight` records out."""

from __future__ import annotations

import functools

from django.db.models import Prefetch, QuerySet

from plenary.consultations.models import Attachment, Contribution, ContributionStatus, ExtractionStatus
from plenary.consultations.selectors import contribution_queryset
from plenary.core.lazy import lazy_module
from plenary.groups.models import WorkingGroup
from plenary.issues.taxonomy import taxonomy_export

insight = lazy_module("insight")  # the engine and numpy: imported by the first run, not by every worker


# Enough text for language, campaign and issue signals; a 300-page annex adds nothing but time.
MAX_CHARS = 20_000


def contribution_text(contribution: Contribution) -> str:
    parts = [contribution.title, contribution.text]
    parts += [a.text for a in contribution.attachments.all() if a.extraction_status == ExtractionStatus.DONE]
    return "\n\n".join(p for p in parts if p)[:MAX_CHARS]


def record_from(contribution: Contribution) -> insight.Record:
    return insight.Record(
        id=contribution.reference,
        text=contribution_text(contribution),
        language=None,  # detected by the engine; the stored value came from the same detector
        stakeholder_group=contribution.stakeholder_group.name if contribution.stakeholder_group else None,
        country=contribution.country or None,
        region=contribution.region or None,
        submitted_at=contribution.submitted_at.isoformat(),
        title=contribution.title,
        issues=[issue.slug for issue in contribution.issues.all()] or None,
        answers=contribution.answers or None,
    )


def questions_for(call) -> list:
    """A call's questionnaire as the engine reads it (none for a group-wide run: calls ask different questions)."""
    from insight.questionnaire import questions_from_dicts

    if call is None:
        return []
    return questions_from_dicts(
        [{"id": q.key, "kind": q.kind, "label": q.label, "choices": q.choices} for q in call.questions.all()]
    )


def published_contributions(*, group: WorkingGroup, call_id: int | None = None) -> QuerySet[Contribution]:
    """What the analysis reads: the public record of the group (or of one call), as the public sees it."""
    queryset = contribution_queryset(viewer=None, group=group)
    if call_id is not None:
        queryset = queryset.filter(call_id=call_id)
    return (
        queryset.select_related("stakeholder_group")
        .prefetch_related("issues", Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("submitted_at", "id")
    )


def taxonomy_for(group: WorkingGroup) -> insight.Taxonomy:
    data = taxonomy_export(group=group)
    return _taxonomy_cached(_freeze(data))


@functools.lru_cache(maxsize=32)
def _taxonomy_cached(frozen: str) -> insight.Taxonomy:
    import json

    return insight.taxonomy_from_dict(json.loads(frozen))


def _freeze(data: dict) -> str:
    import json

    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def labelled_examples(*, group: WorkingGroup, limit: int = 400) -> list[tuple[str, list[str]]]:
    """Contributions people have tagged, newest first: the engine learns the group's own sense of its issues."""
    tagged = (
        Contribution.objects.filter(group=group, issues__isnull=False)
        .exclude(status__in=[ContributionStatus.SPAM, ContributionStatus.REJECTED])
        .prefetch_related("issues", "attachments")
        .distinct()
        .order_by("-submitted_at")[:limit]
    )
    return [(contribution_text(c), [i.slug for i in c.issues.all()]) for c in tagged]


def options_for(decisions) -> insight.Options:
    """The engine's options for a run that follows the secretariat's decisions in force, oldest first: campaign
    decisions by contribution reference, stock lines added and taken back as written."""
    from .models import CAMPAIGN_KINDS, DecisionKind

    campaign, add, remove = [], [], []
    for decision in decisions:
        if decision.kind in CAMPAIGN_KINDS and decision.record_ids:
            # no note: a run's statistics are public, the secretariat's notes are its own
            campaign.append(insight.Decision(str(decision.kind), tuple(decision.record_ids)))
        elif decision.kind == DecisionKind.STOCK_ADD and decision.line.strip():
            add.append(decision.line.strip())
        elif decision.kind == DecisionKind.STOCK_REMOVE and decision.line.strip():
            remove.append(decision.line.strip())
    return insight.Options(
        stock=insight.StockParams(add=tuple(add), remove=tuple(remove)), campaign_decisions=tuple(campaign)
    )


def stock_line_key(line: str) -> str | None:
    """A line as the engine compares stock lines (normalised), or None when it holds no word to compare."""
    from insight.boilerplate import line_key

    key = line_key(line)
    return key[1] if key else None


def stored_analysis(*, issues: list[dict], results: list[dict], stats: dict) -> insight.Analysis:
    """A run's stored results read back as the engine's own objects, as far as comparing two runs needs them
    (`insight.compare_results`): per-issue counts, each record's issues, assigned issues and tags."""
    from insight.model import IssueSynthesis, RecordResult

    def triples(rows) -> list[tuple[str, int, float]]:
        return [(row["issue"], int(row.get("cluster", 0)), float(row.get("score", 0.0))) for row in rows or []]

    syntheses = [
        IssueSynthesis(
            issue=s["issue"],
            cluster=s.get("cluster", 0),
            title=s.get("title", s["issue"]),
            raw_total=s.get("counts", {}).get("raw", 0),
            voices_total=s.get("counts", {}).get("voices", 0),
            raw_by_group={},
            voices_by_group={},
            raw_by_region={},
            voices_by_region={},
            campaigns=[],
            representative=[],
            distinct=[],
            alerts=[],
        )
        for s in issues
    ]
    records = [
        RecordResult(
            id=r["id"],
            language=r.get("language"),
            campaign=r.get("campaign"),
            issues=triples(r.get("issues")),
            assigned=triples(r.get("assigned")),
            tags=r.get("tags"),
            flags=list(r.get("flags") or []),
        )
        for r in results
    ]
    return insight.Analysis(taxonomy=None, records=records, campaigns=[], issues=syntheses, stats=stats)


def with_evidence(issues: list[dict], analysis: insight.Analysis) -> list[dict]:
    """Each per-issue excerpt quotes the passage that made its record count for that issue (its evidence), where
    the engine kept one that reads as a sentence; otherwise the excerpt the synthesis chose."""
    from insight.synthesis import is_quotable

    evidence = {r.id: r.evidence for r in analysis.records if r.evidence}
    out = []
    for synthesis in issues:
        shown = dict(synthesis)
        for key in ("representative_excerpts", "distinct_excerpts"):
            excerpts = []
            for item in synthesis.get(key, []):
                passage = evidence.get(item["record_id"], {}).get(synthesis["issue"], "")
                if passage and is_quotable(passage):
                    item = {**item, "text": passage, "evidence": True}
                excerpts.append(item)
            shown[key] = excerpts
        out.append(shown)
    return out
