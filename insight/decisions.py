"""The secretariat's decisions on campaigns: split, merge, dissolve; pure functions whose figures follow.

Two levels, one rule each:

- `apply_to_labels` changes the campaign stage's per-record labels before the issues are scored and counted, so a
  run given `Options.campaign_decisions` has every figure (voices by group, region, country, day, per issue, per
  question) computed with the decision in place. Decisions name records by id, not campaigns by number, because
  campaign numbers change from run to run and record ids do not.
- `split`, `merge` and `dissolve` change an analysis already made (the web layer's stored run): they return a new
  `Analysis` whose campaigns, families, per-record campaign, statistics, overview and per-issue voices are
  recounted from its records. Nothing is changed in place.

A campaign counts once, at its representative; a record taken out of a campaign counts as its own voice again.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from insight.model import Campaign, Family, RecordResult

if TYPE_CHECKING:
    from insight.pipeline import Analysis

SPLIT, MERGE, DISSOLVE = "split", "merge", "dissolve"
ASSIGN = 0.3  # as insight.synthesis: a record counts for its best issue and any other scoring this much


@dataclass(frozen=True, slots=True)
class Decision:
    """`split`: the records named leave their campaign (two or more of them form a campaign of their own);
    `merge`: the campaigns holding the records named become one; `dissolve`: the campaign holding the record named
    is no campaign (every member its own voice)."""

    kind: str
    record_ids: tuple[str, ...]
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in (SPLIT, MERGE, DISSOLVE):
            raise ValueError(f"unknown campaign decision {self.kind!r}: split, merge or dissolve")
        if not self.record_ids:
            raise ValueError("a campaign decision names at least one record")

    @classmethod
    def from_json(cls, d: dict) -> Decision:
        return cls(str(d["kind"]), tuple(str(x) for x in d.get("record_ids", ())), str(d.get("note", "")))

    def as_json(self) -> dict:
        return {"kind": self.kind, "record_ids": list(self.record_ids), "note": self.note}


def apply_to_labels(labels: np.ndarray, ids: Sequence[str], decisions: Iterable[Decision]) -> np.ndarray:
    """Per-record representative positions (-1 alone, as `campaigns.cluster` gives) with the decisions applied.

    Record ids that are not in the run are ignored (the record was withdrawn). Returns a new array.
    """
    out = np.asarray(labels, dtype=np.int64).copy()
    decisions = list(decisions)
    if not decisions:
        return out
    wanted = {rid for d in decisions for rid in d.record_ids}
    pos = {rid: i for i, rid in enumerate(ids) if rid in wanted}
    for d in decisions:
        at = [pos[r] for r in d.record_ids if r in pos]
        if not at:
            continue
        if d.kind == DISSOLVE:
            for p in at:
                if out[p] >= 0:
                    out[out == out[p]] = -1
        elif d.kind == SPLIT:
            out[at] = -1
            if len(at) >= 2:
                out[at] = at[0]  # the first record named stands for the new campaign
        else:  # merge
            labels_at = sorted({int(out[p]) for p in at if out[p] >= 0})
            loose = [p for p in at if out[p] < 0]
            if not labels_at and len(loose) < 2:
                continue
            sizes = {lab: int((out == lab).sum()) for lab in labels_at}
            keep = max(labels_at, key=lambda lab: (sizes[lab], -lab)) if labels_at else loose[0]
            for lab in labels_at:
                out[out == lab] = keep
            out[loose] = keep
    # A campaign left with one member is no campaign.
    valid = out >= 0
    counts = Counter(out[valid].tolist())
    single = [lab for lab, k in counts.items() if k < 2]
    if single:
        out[np.isin(out, single)] = -1
    return out


# ---------------------------------------------------------------- on an analysis already made (the web layer)


def figures(campaigns: Sequence[Campaign], records: int) -> dict:
    """The headline figures a set of campaigns gives: campaigns, records in them, voices, families."""
    inside = sum(c.size for c in campaigns)
    return {
        "records": records,
        "campaigns": len(campaigns),
        "records_in_campaigns": inside,
        "voices": records - inside + len(campaigns),
        "families": len({c.family for c in campaigns if c.family}),
    }


def split(analysis: Analysis, campaign_id: str, member_ids: Sequence[str], note: str = "") -> Analysis:
    """Take `member_ids` out of campaign `campaign_id` (two or more of them become a campaign of their own)."""
    camp = _find(analysis, campaign_id)
    out = [m for m in member_ids if m in set(camp.member_ids)]
    if not out:
        raise ValueError(f"none of the records named is a member of {campaign_id}")
    rest = [m for m in camp.member_ids if m not in set(out)]
    if camp.representative_id in set(out) and rest:
        # The representative leaves: the first member left stands for what remains.
        new_rep = rest[0]
    else:
        new_rep = camp.representative_id
    texts = {c.representative_id: c.representative_text for c in analysis.campaigns}
    parts = []
    if len(rest) >= 2:
        parts.append(_part(camp, camp.id, rest, new_rep, texts, "split"))
    if len(out) >= 2:
        parts.append(_part(camp, _new_id(analysis), out, out[0], texts, "split"))
    campaigns = [p for c in analysis.campaigns for p in (parts if c.id == campaign_id else [c])]
    return _recount(analysis, campaigns, Decision(SPLIT, tuple(out), note))


def merge(analysis: Analysis, campaign_ids: Sequence[str], note: str = "") -> Analysis:
    """Make the campaigns named one (the largest one's id and representative stay)."""
    camps = [_find(analysis, cid) for cid in dict.fromkeys(campaign_ids)]
    if len(camps) < 2:
        raise ValueError("a merge names two campaigns or more")
    keep = max(camps, key=lambda c: (c.size, -analysis.campaigns.index(c)))
    members = [m for c in camps for m in c.member_ids]
    merged = dataclasses.replace(
        keep,
        size=len(members),
        member_ids=members,
        variants=sum(c.variants for c in camps),
        similarity=None,  # no longer measured: the secretariat's decision
        shared_passage=keep.shared_passage,
        decided="merged",
    )
    gone = {c.id for c in camps} - {keep.id}
    campaigns = [merged if c.id == keep.id else c for c in analysis.campaigns if c.id not in gone]
    return _recount(analysis, campaigns, Decision(MERGE, tuple(c.representative_id for c in camps), note))


def dissolve(analysis: Analysis, campaign_id: str, note: str = "") -> Analysis:
    """The campaign named is no campaign: each of its members counts as its own voice."""
    camp = _find(analysis, campaign_id)
    campaigns = [c for c in analysis.campaigns if c.id != campaign_id]
    return _recount(analysis, campaigns, Decision(DISSOLVE, (camp.representative_id,), note))


def _find(analysis: Analysis, campaign_id: str) -> Campaign:
    for c in analysis.campaigns:
        if c.id == campaign_id:
            return c
    raise KeyError(campaign_id)


def _new_id(analysis: Analysis) -> str:
    taken = {c.id for c in analysis.campaigns}
    k = len(analysis.campaigns) + 1
    while f"C{k:05d}" in taken:
        k += 1
    return f"C{k:05d}"


def _part(camp: Campaign, cid: str, members: list[str], rep: str, texts: dict, decided: str) -> Campaign:
    return dataclasses.replace(
        camp,
        id=cid,
        size=len(members),
        member_ids=list(members),
        representative_id=rep,
        representative_text=texts.get(rep, camp.representative_text if rep == camp.representative_id else ""),
        variants=min(camp.variants, len(members)),
        similarity=camp.similarity if rep == camp.representative_id else None,
        decided=decided,
    )


def _families(campaigns: list[Campaign], old: list[Family]) -> list[Family]:
    """Families that still hold two campaigns or more, their signatories recounted."""
    by_family: dict[str, list[Campaign]] = {}
    for c in campaigns:
        if c.family:
            by_family.setdefault(c.family, []).append(c)
    out = []
    for f in old:
        members = by_family.get(f.id, [])
        if len(members) >= 2:
            out.append(
                dataclasses.replace(f, campaign_ids=[c.id for c in members], signatories=sum(c.size for c in members))
            )
    return out


def _recount(analysis: Analysis, campaigns: list[Campaign], decision: Decision) -> Analysis:
    """A new Analysis with every figure drawn again from the records and the new campaigns."""
    from insight.pipeline import Overview, day_of

    families = _families(campaigns, list(getattr(analysis, "families", []) or []))
    in_family = {cid for f in families for cid in f.campaign_ids}
    campaigns = [
        c if (c.family is None or c.id in in_family) else dataclasses.replace(c, family=None) for c in campaigns
    ]
    of: dict[str, str] = {m: c.id for c in campaigns for m in c.member_ids}
    reps = {c.representative_id for c in campaigns}
    n = analysis.stats.get("records", len(analysis.records))
    stats = dict(analysis.stats)
    stats.update(figures(campaigns, n))
    stats["decisions"] = [*stats.get("decisions", []), decision.as_json()]
    records: list[RecordResult] = []
    overview_json = analysis.overview
    issues = analysis.issues
    if analysis.records:
        overview = Overview()
        for r in analysis.records:
            rr = dataclasses.replace(r, campaign=of.get(r.id), flags=list(r.flags))
            records.append(rr)
            overview.add(rr, rr.campaign is None or rr.id in reps, day_of(rr.submitted_at))
        overview_json = overview.as_json()
        issues = _recount_issues(analysis.issues, records, reps, {c.id: c.size for c in campaigns})
    return dataclasses.replace(
        analysis,
        records=records,
        campaigns=campaigns,
        families=families,
        stats=stats,
        overview=overview_json,
        issues=issues,
    )


def _recount_issues(issues: list, records: list[RecordResult], reps: set[str], sizes: dict[str, int]) -> list:
    """Per issue: voices (and raw) by stakeholder group, region, country and day, from the records' issues."""
    from insight.pipeline import day_of

    tallies: dict[str, dict[str, Counter]] = {}
    totals: dict[str, list[int]] = {}
    camps: dict[str, set[str]] = {}
    for r in records:
        if not r.issues:
            continue
        chosen = [r.issues[0][0]] + [s for s, _, v in r.issues[1:] if v >= ASSIGN]
        voice = r.campaign is None or r.id in reps
        keys = (
            r.stakeholder_group or "unknown",
            r.region or "unknown",
            r.country or "unknown",
            day_of(r.submitted_at) or "unknown",
        )
        for slug in chosen:
            t = tallies.setdefault(slug, {k: Counter() for k in ("rg", "vg", "rr", "vr", "rc", "vc", "rd", "vd")})
            tot = totals.setdefault(slug, [0, 0])
            tot[0] += 1
            for k, key in zip(("rg", "rr", "rc", "rd"), keys, strict=True):
                t[k][key] += 1
            if voice:
                tot[1] += 1
                for k, key in zip(("vg", "vr", "vc", "vd"), keys, strict=True):
                    t[k][key] += 1
                if r.campaign:
                    camps.setdefault(slug, set()).add(r.campaign)
    out = []
    for i in issues:
        t = tallies.get(i.issue)
        if t is None:
            out.append(dataclasses.replace(i, raw_total=0, voices_total=0, campaigns=[]))
            continue
        kept = [c for c in i.campaigns if c.get("id") in camps.get(i.issue, set())]
        out.append(
            dataclasses.replace(
                i,
                raw_total=totals[i.issue][0],
                voices_total=totals[i.issue][1],
                raw_by_group=dict(t["rg"]),
                voices_by_group=dict(t["vg"]),
                raw_by_region=dict(t["rr"]),
                voices_by_region=dict(t["vr"]),
                raw_by_country=dict(t["rc"]),
                voices_by_country=dict(t["vc"]),
                raw_by_day=dict(sorted(t["rd"].items())),
                voices_by_day=dict(sorted(t["vd"].items())),
                campaigns=[{**c, "signatories": sizes.get(c.get("id"), c.get("signatories"))} for c in kept],
            )
        )
    return out
