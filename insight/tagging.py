"""Which tags would teach most, and what a batch of tags changed: pure functions over analyses for the web layer.

`records_to_tag(analysis, k)` is uncertainty sampling: among the records nobody tagged, those whose issues the
engine is least sure of (a probability closest to the 0.5 line of yes or no, or two issues nearly tied), one per
campaign (its representative: the others carry the same text). `compare_results(before, after)` says how much a
batch of tags moved the per-issue figures and the records' issues.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from insight.pipeline import Analysis


def uncertainty(scores: list[float]) -> float:
    """How unsure the engine is of a record, in [0, 1]: 1 when an issue sits at 0.5 or the best two are tied."""
    if not scores:
        return 0.0
    boundary = max(1.0 - abs(2.0 * s - 1.0) for s in scores)
    tie = 1.0 - (scores[0] - scores[1]) if len(scores) > 1 else 0.0
    return max(boundary, tie)


def records_to_tag(analysis: Analysis, k: int = 20) -> list[tuple[str, float]]:
    """The k untagged records that would teach the engine most, most uncertain first, as (record id, uncertainty).

    Left out: records people tagged, records without free text, and every campaign member but its representative.
    """
    reps = {c.representative_id for c in analysis.campaigns}
    cands: list[tuple[float, str]] = []
    for r in analysis.records:
        if r.tags or "no_free_text" in r.flags or not r.issues:
            continue
        if r.campaign is not None and r.id not in reps:
            continue
        cands.append((uncertainty([s for _, _, s in r.issues]), r.id))
    cands.sort(key=lambda t: (-t[0], t[1]))
    return [(rid, round(u, 4)) for u, rid in cands[:k]]


def compare_results(before: Analysis, after: Analysis) -> dict:
    """How much a batch of tags moved the figures: per issue the raw and voice counts before and after (and the
    change), the records whose assigned issues changed, the mean change of their best issue's probability, and the
    taxonomy-fit figures before and after."""
    per_issue = []
    b_issues = {i.issue: i for i in before.issues}
    for i in after.issues:
        b = b_issues.get(i.issue)
        raw_b, voices_b = (b.raw_total, b.voices_total) if b else (0, 0)
        per_issue.append(
            {
                "issue": i.issue,
                "title": i.title,
                "raw_before": raw_b,
                "raw_after": i.raw_total,
                "raw_change": i.raw_total - raw_b,
                "voices_before": voices_b,
                "voices_after": i.voices_total,
                "voices_change": i.voices_total - voices_b,
            }
        )
    per_issue.sort(key=lambda d: (-abs(d["voices_change"]), -abs(d["raw_change"]), d["issue"]))
    b_rec = {r.id: r for r in before.records}
    changed: list[str] = []
    moved = 0.0
    common = 0
    for r in after.records:
        old = b_rec.get(r.id)
        if old is None:
            continue
        common += 1
        if [s for s, _, _ in old.assigned] != [s for s, _, _ in r.assigned]:
            changed.append(r.id)
        if r.issues and old.issues:
            old_scores = {s: v for s, _, v in old.issues}
            moved += abs(r.issues[0][2] - old_scores.get(r.issues[0][0], 0.0))
    fit_b = before.stats.get("taxonomy_fit", {})
    fit_a = after.stats.get("taxonomy_fit", {})
    return {
        "issues": per_issue,
        "records_compared": common,
        "records_changed": len(changed),
        "records_changed_share": round(len(changed) / common, 4) if common else 0.0,
        "changed_ids": changed[:200],
        "mean_best_score_change": round(moved / common, 4) if common else 0.0,
        "tagged_before": before.stats.get("tagged", 0),
        "tagged_after": after.stats.get("tagged", 0),
        "none_share_before": fit_b.get("none_share"),
        "none_share_after": fit_a.get("none_share"),
        "fit_warnings_before": fit_b.get("warnings", []),
        "fit_warnings_after": fit_a.get("warnings", []),
    }
