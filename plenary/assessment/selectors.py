"""Reads of the assessment that depend on who is looking: the public sees released assessments only."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from plenary.consultations.models import Contribution, ContributionStatus
from plenary.groups.models import WorkingGroup
from plenary.issues.models import Issue, Principle
from plenary.issues.selectors import issue_list, principle_list
from plenary.meetings.selectors import document_list

from .models import RATING_SCORES, AdequacyRating, AssessmentStatus, Finding, IssueAssessment, Rating
from .permissions import can_view_working_assessment


def assessment_list(*, viewer, group: WorkingGroup) -> QuerySet[IssueAssessment]:
    assessments = IssueAssessment.objects.filter(group=group).select_related("issue__cluster", "group")
    if can_view_working_assessment(viewer, group):
        return assessments
    return assessments.filter(status=AssessmentStatus.RELEASED)


def public_assessment_list() -> QuerySet[IssueAssessment]:
    """Released assessments of every group (search, open data)."""
    return IssueAssessment.objects.filter(status=AssessmentStatus.RELEASED).select_related("issue__cluster", "group")


def finding_list(*, viewer, group: WorkingGroup) -> QuerySet[Finding]:
    return Finding.objects.filter(assessment__in=assessment_list(viewer=viewer, group=group)).select_related(
        "assessment__issue__cluster", "assessment__group"
    )


def public_finding_list() -> QuerySet[Finding]:
    return Finding.objects.filter(assessment__status=AssessmentStatus.RELEASED).select_related(
        "assessment__issue__cluster", "assessment__group"
    )


def published_contribution_list(*, group: WorkingGroup) -> QuerySet[Contribution]:
    """Published contributions of a group. Written here, not borrowed, so this app reads only what it needs."""
    return Contribution.objects.filter(group=group, status=ContributionStatus.PUBLISHED).select_related(
        "call", "stakeholder_group"
    )


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
    documents = document_list(viewer=viewer, group=group)
    findings = []
    if assessment is not None:
        findings = list(
            assessment.findings.prefetch_related(
                Prefetch(
                    "contributions",
                    queryset=published_contribution_list(group=group),
                    to_attr="visible_contributions",
                ),
                Prefetch("documents", queryset=documents, to_attr="visible_documents"),
                "meetings",
            )
        )
    return {
        "issue": issue,
        "assessment": assessment,
        "findings": findings,
        "contributions": published_contribution_list(group=group).filter(issues=issue).order_by("reference"),
    }


def issue_panel(request, issue) -> dict:
    """The issue's assessment as this viewer may see it, for the issue's page."""
    assessment = assessment_list(viewer=request.user, group=issue.cluster.group).filter(issue=issue).first()
    url = reverse("assessment:issue", kwargs={"group_slug": issue.cluster.group.slug, "slug": issue.slug})
    return {"assessment": assessment, "url": url}
