"""Plain data that flows through the pipeline: records in, results out.

Everything here is a frozen-free, pickleable dataclass of builtins so that a stage's inputs and outputs travel
unchanged to a process pool or a Dask worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Record:
    """One contribution as the analysis sees it: an id, its text and optional metadata.

    `issues` holds issue slugs tagged by people; the classifier learns from them. `country` is an ISO code or a
    name in one of the six UN languages (`insight.countries`). `attachments` lists the names of attached files
    (their text, if any, belongs in `text`). `answers` maps a question id to its answer: a choice id (single),
    a list of choice ids (multiple) or free text (open); see `insight.questionnaire`.
    """

    id: str
    text: str
    language: str | None = None
    stakeholder_group: str | None = None
    country: str | None = None
    region: str | None = None
    submitted_at: str | None = None
    title: str | None = None
    issues: list[str] | None = None
    attachments: list[str] | None = None
    answers: dict[str, str | list[str]] | None = None


@dataclass(slots=True)
class RecordResult:
    """What the analysis says about one record; `issues` is [(slug, cluster_number, score)] best first.

    The metadata as the analysis read it comes along (resolved country, its region, the language given), so
    that the flat table of results (records.csv, records.xlsx) needs nothing but these. `flags` says what a
    reader should know: "language_contradicted" (the text is not in the language given), "country_unknown",
    "no_free_text", "attachment_only", "no_issue" (about none of the taxonomy's issues).

    `issues` ranks the three best issues by calibrated probability (each a yes/no question: they need not sum to
    1); `assigned` holds every issue the record really addresses, best first (empty: "none of these"), and
    `evidence` the passage of the record that supports each assigned issue. `tags` are the issues people tagged.
    """

    id: str
    language: str | None
    campaign: str | None
    issues: list[tuple[str, int, float]]
    stakeholder_group: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2, resolved
    country_given: str | None = None  # as written in the input
    region: str | None = None
    submitted_at: str | None = None
    language_given: str | None = None
    flags: list[str] = field(default_factory=list)
    answers: dict[str, str | list[str]] | None = None
    assigned: list[tuple[str, int, float]] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)
    tags: list[str] | None = None
    family: str | None = None  # the campaign's family (letters of one organiser), when it has one

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "language": self.language,
            "campaign": self.campaign,
            "family": self.family,
            "issues": [{"issue": s, "cluster": c, "score": round(v, 4)} for s, c, v in self.issues],
            "assigned": [
                {"issue": s, "cluster": c, "score": round(v, 4), "evidence": self.evidence.get(s, "")}
                for s, c, v in self.assigned
            ],
            "none": not self.assigned,
            "tags": self.tags,
            "stakeholder_group": self.stakeholder_group,
            "country": self.country,
            "country_given": self.country_given,
            "region": self.region,
            "submitted_at": self.submitted_at,
            "language_given": self.language_given,
            "flags": self.flags,
        }


@dataclass(slots=True)
class Campaign:
    """A group of near-duplicate records: one voice with `size` signatories (one letter with its edits).

    Why it is one: `shared_passage` (the longest run of the representative's sentences that its members share)
    and `similarity` (min, median, max estimated Jaccard of the members to the representative). `family` names the
    family (letters of one organiser sharing a core) when the campaign has sisters. `decided` says how the
    secretariat changed it ("split", "merged"), empty when as found.
    """

    id: str
    size: int
    representative_id: str
    representative_text: str
    variants: int
    member_ids: list[str]
    language: str | None = None
    issues: list[tuple[str, int, float]] = field(default_factory=list)
    family: str | None = None
    shared_passage: str = ""
    similarity: tuple[float, float, float] | None = None
    decided: str = ""

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "size": self.size,
            "representative_id": self.representative_id,
            "representative_text": self.representative_text,
            "variants": self.variants,
            "language": self.language,
            "issues": [{"issue": s, "cluster": c, "score": round(v, 4)} for s, c, v in self.issues],
            "family": self.family,
            "why": {
                "shared_passage": self.shared_passage,
                "similarity": (
                    dict(zip(("min", "median", "max"), (round(float(x), 3) for x in self.similarity), strict=True))
                    if self.similarity
                    else None
                ),
            },
            "decided": self.decided,
            "member_ids": self.member_ids,
        }


@dataclass(slots=True)
class Family:
    """Campaigns whose letters share a core (one organiser's sister letters): each still counts as one voice."""

    id: str
    campaign_ids: list[str]
    signatories: int
    core: str = ""  # the passage the representatives share
    similarity: tuple[float, float, float] | None = None  # representatives to the largest one's

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "campaign_ids": self.campaign_ids,
            "signatories": self.signatories,
            "core": self.core,
            "similarity": (
                dict(zip(("min", "median", "max"), (round(float(x), 3) for x in self.similarity), strict=True))
                if self.similarity
                else None
            ),
        }


@dataclass(slots=True)
class Excerpt:
    """An extractive quotation with the reference of the contribution it comes from."""

    record_id: str
    text: str
    score: float
    stakeholder_group: str | None
    region: str | None
    campaign: str | None = None
    signatories: int = 1

    def as_json(self) -> dict:
        return {
            "record_id": self.record_id,
            "text": self.text,
            "score": round(self.score, 4),
            "stakeholder_group": self.stakeholder_group,
            "region": self.region,
            "campaign": self.campaign,
            "signatories": self.signatories,
        }


@dataclass(slots=True)
class IssueSynthesis:
    """Who said what on one issue, counted raw and with each campaign as one voice."""

    issue: str
    cluster: int
    title: str
    raw_total: int
    voices_total: int
    raw_by_group: dict[str, int]
    voices_by_group: dict[str, int]
    raw_by_region: dict[str, int]
    voices_by_region: dict[str, int]
    campaigns: list[dict]
    representative: list[Excerpt]
    distinct: list[Excerpt]
    alerts: list[str]
    raw_by_country: dict[str, int] = field(default_factory=dict)
    voices_by_country: dict[str, int] = field(default_factory=dict)
    raw_by_day: dict[str, int] = field(default_factory=dict)  # "YYYY-MM-DD" -> submissions that day
    voices_by_day: dict[str, int] = field(default_factory=dict)
    alert_codes: list[dict] = field(default_factory=list)  # the alerts as codes and figures (synthesis.alert_text)

    def as_json(self) -> dict:
        return {
            "issue": self.issue,
            "cluster": self.cluster,
            "title": self.title,
            "counts": {
                "raw": self.raw_total,
                "voices": self.voices_total,
                "raw_by_stakeholder_group": self.raw_by_group,
                "voices_by_stakeholder_group": self.voices_by_group,
                "raw_by_region": self.raw_by_region,
                "voices_by_region": self.voices_by_region,
                "raw_by_country": self.raw_by_country,
                "voices_by_country": self.voices_by_country,
                "raw_by_day": self.raw_by_day,
                "voices_by_day": self.voices_by_day,
            },
            "campaigns": self.campaigns,
            "representative_excerpts": [e.as_json() for e in self.representative],
            "distinct_excerpts": [e.as_json() for e in self.distinct],
            "balance_alerts": self.alerts,
            "balance_alert_codes": self.alert_codes,
        }
