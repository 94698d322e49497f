"""Reads of the assessment that depend on who is looking: the public sees released assessments only."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from plenary.consultations.models import Contribution
from plenary.consultations.selectors import contribution_queryset
from plenary.core.visibility import visible
from plenary.groups.models import WorkingGroup
from plenary.issues.models import Issue, Principle
from plenary.issues.selectors import issue_list, principle_list

from .models import RATING_SCORES, AdequacyRating, Finding, IssueAssessment, Rating


def assessment_list(*, viewer, group: WorkingGroup | None = None) -> QuerySet[IssueAssessment]:
    """What this viewer may read of the assessment: members while it is written, the public once released."""
    assessments = visible(IssueAssessment, viewer)
    if group is not None:
        assessments = assessments.filter(group=group)
    return assessments.select_related("issue__cluster", "group")


def finding_list(*, viewer, group: WorkingGroup | None = None) -> QuerySet[Finding]:
    findings = visible(Finding, viewer)
    if group is not None:
        findings = findings.filter(assessment__group=group)
    return findings.select_related("assessment__issue__cluster", "assessment__group")


# What a finding or a recommendation rests on, by relation name: the same names on a Finding (contributions,
# documents, meetings) and on a Draft (contributions, findings), read into `evidence_<name>` lists.
EVIDENCE_RELATIONS = ("findings", "contributions", "documents", "meetings")


def _evidence_queryset(name: str, *, viewer, group: WorkingGroup) -> QuerySet:
    if name == "contributions":
        return (
            contribution_queryset(viewer=viewer, group=group)
            .select_related("group", "call", "stakeholder_group")
            .order_by("reference")
        )
    if name == "documents":
        return visible("meetings.Document", viewer).filter(group=group).select_related("group").order_by("symbol", "pk")
    if name == "meetings":
        return visible("meetings.Meeting", viewer).filter(group=group).select_related("group").order_by("number")
    return finding_list(viewer=viewer, group=group).order_by(
        "assessment__issue__cluster__number", "assessment__issue__order", "number"
    )


def evidence_prefetches(*, viewer, group: WorkingGroup, model: type = Finding, prefix: str = "") -> list[Prefetch]:
    """The evidence of findings (or of drafts: `model=Draft`) as this viewer may read it: the one place the page,
    the API and the report take it from (core.visibility decides), so a hidden item is never in the list and
    never leaves a gap in how the list is written. Read the result with `evidence_of`."""
    names = {f.name for f in model._meta.many_to_many}
    return [
        Prefetch(
            f"{prefix}{name}",
            queryset=_evidence_queryset(name, viewer=viewer, group=group),
            to_attr=f"evidence_{name}",
        )
        for name in EVIDENCE_RELATIONS
        if name in names
    ]


@dataclass(frozen=True)
class Evidence:
    """What one finding or recommendation rests on, as one viewer may read it (from `evidence_of`)."""

    findings: list = field(default_factory=list)
    contributions: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    meetings: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.findings or self.contributions or self.documents or self.meetings)

    @property
    def labels(self) -> list[str]:
        """One short label per item, in the order the report prints them."""
        return [
            *(f.label for f in self.findings),
            *(c.reference for c in self.contributions),
            *((d.symbol or d.title) for d in self.documents),
            *(m.title for m in self.meetings),
        ]

    @property
    def note(self) -> str:
        """The line the report prints, e.g. `Evidence: A; B` (empty when there is none): written whole from the
        visible items, so it never ends on a separator."""
        labels = [label for label in self.labels if label]
        return _("Evidence: %(items)s") % {"items": "; ".join(labels)} if labels else ""


def evidence_of(obj) -> Evidence:
    """The evidence `evidence_prefetches` read onto a finding or a draft (AttributeError if it was not read:
    evidence is never taken from the unfiltered relation)."""
    names = {f.name for f in type(obj)._meta.many_to_many}
    return Evidence(**{name: getattr(obj, f"evidence_{name}") for name in EVIDENCE_RELATIONS if name in names})


def evidence_get(*, viewer, obj) -> Evidence:
    """The evidence of one finding or draft as this viewer may read it."""
    for name in EVIDENCE_RELATIONS:
        obj.__dict__.pop(f"evidence_{name}", None)  # read for this viewer, not one asked before
    prefetch_related_objects([obj], *evidence_prefetches(viewer=viewer, group=obj.group, model=type(obj)))
    return evidence_of(obj)


def contributions_for_assessment(*, viewer, group: WorkingGroup) -> QuerySet[Contribution]:
    """The input the assessment may cite or show: what this viewer may see of the group's contributions."""
    return contribution_queryset(viewer=viewer, group=group).select_related("call", "stakeholder_group")


@dataclass
class MatrixRow:
    issue: Issue
    assessment: IssueAssessment | None
    cells: list[AdequacyRating | None] = field(default_factory=list)


@dataclass
class Matrix:
    principles: list[Principle]
    rows: list[MatrixRow]

    def chart_rows(self) -> list[dict]:
        return [
            {
                "issue": row.issue.title,
                "principle": principle.label,
                "rating": str(Rating(cell.rating).label),
                "score": RATING_SCORES[Rating(cell.rating)],
            }
            for row in self.rows
            for principle, cell in zip(self.principles, row.cells, strict=True)
            if cell is not None
        ]

    def counts(self) -> list[tuple[str, int]]:
        tally = dict.fromkeys(Rating.values, 0)
        for row in self.rows:
            for cell in row.cells:
                if cell is not None:
                    tally[cell.rating] += 1
        return [(str(Rating(value).label), n) for value, n in tally.items()]


def matrix_get(*, viewer, group: WorkingGroup) -> Matrix:
    """Issues (that this viewer may see assessed) by principles, in three queries."""
    principles = list(principle_list(group=group))
    assessments = (
        assessment_list(viewer=viewer, group=group)
        .prefetch_related(Prefetch("ratings", queryset=AdequacyRating.objects.select_related("principle")))
        .order_by("issue__cluster__number", "issue__order")
    )
    rows = []
    for assessment in assessments:
        by_principle = {r.principle_id: r for r in assessment.ratings.all()}
        rows.append(MatrixRow(assessment.issue, assessment, [by_principle.get(p.pk) for p in principles]))
    return Matrix(principles=principles, rows=rows)


def issue_assessment_get(*, viewer, group: WorkingGroup, slug: str) -> dict:
    """Everything about one issue that this viewer may read: the assessment, the evidence and the public input."""
    try:
        issue = issue_list(group=group).prefetch_related("responsibilities__organisation").get(slug=slug)
    except Issue.DoesNotExist:
        raise Http404 from None
    assessment = (
        assessment_list(viewer=viewer, group=group)
        .filter(issue=issue)
        .prefetch_related(
            Prefetch("ratings", queryset=AdequacyRating.objects.select_related("principle")),
            "roles",
        )
        .first()
    )
    findings = []
    if assessment is not None:
        findings = list(
            finding_list(viewer=viewer, group=group)
            .filter(assessment=assessment)
            .prefetch_related(*evidence_prefetches(viewer=viewer, group=group))
        )
    return {
        "issue": issue,
        "assessment": assessment,
        "findings": findings,
        "contributions": contribution_queryset(viewer=None, group=group)
        .filter(issues=issue)
        .select_related("group")
        .order_by("reference"),
    }


def issue_panel(request, issue) -> dict:
    """The issue's assessment as this viewer may see it, for the issue's page."""
    assessment = assessment_list(viewer=request.user, group=issue.cluster.group).filter(issue=issue).first()
    url = reverse("assessment:issue", kwargs={"group_slug": issue.cluster.group.slug, "slug": issue.slug})
    return {"assessment": assessment, "url": url}
