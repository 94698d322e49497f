"""Public reads of the assessment: released issue assessments (ratings, roles, findings) and their evidence.

Assessments and findings are read as the public reads them (core.visibility), whoever asks: a working assessment
is a 404 or absent. The evidence of a finding comes from `evidence_prefetches`, as on the issue page and in the
report, so it holds only what the public may read.
"""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from plenary.assessment.models import AdequacyRating, Finding, IssueAssessment
from plenary.assessment.selectors import assessment_list, evidence_prefetches, finding_list
from plenary.groups.models import WorkingGroup

from . import schemas as s
from .common import MappedPage, base_url, public_group

router = Router(tags=["assessment"])


def _findings(group: WorkingGroup) -> QuerySet[Finding]:
    return finding_list(viewer=None, group=group).prefetch_related(*evidence_prefetches(viewer=None, group=group))


def _assessments(group: WorkingGroup) -> QuerySet[IssueAssessment]:
    return assessment_list(viewer=None, group=group).prefetch_related(
        Prefetch("ratings", queryset=AdequacyRating.objects.select_related("principle")),
        "roles",
        Prefetch("findings", queryset=_findings(group).order_by("number"), to_attr="public_findings"),
    )


def _finding_out(finding: Finding, base: str) -> dict:
    return {
        "label": finding.label,
        "number": finding.number,
        "issue": finding.assessment.issue.slug,
        "title": finding.title,
        "text": finding.text,
        "url": base + finding.get_absolute_url(),
        "contributions": [
            {"reference": c.reference, "url": base + c.get_absolute_url()} for c in finding.evidence_contributions
        ],
        "documents": [
            {"id": d.pk, "symbol": d.symbol, "title": d.title, "url": base + d.get_absolute_url()}
            for d in finding.evidence_documents
        ],
        "meetings": [
            {"number": m.number, "title": m.title, "url": base + m.get_absolute_url()}
            for m in finding.evidence_meetings
        ],
    }


def _assessment_out(assessment: IssueAssessment, base: str) -> dict:
    issue = assessment.issue
    return {
        "issue": issue.slug,
        "issue_title": issue.title,
        "cluster": issue.cluster.slug,
        "arrangements": assessment.arrangements,
        "instruments": assessment.instruments,
        "summary": assessment.summary,
        "released_at": assessment.released_at,
        "url": base + assessment.get_absolute_url(),
        "illustrative": assessment.is_illustrative,
        "ratings": [
            {
                "principle": r.principle.slug,
                "principle_label": r.principle.label,
                "rating": r.rating,
                "rationale": r.rationale,
                "minority_views": r.minority_views,
            }
            for r in assessment.ratings.all()
        ],
        "roles": [{"actor": r.actor, "statement": r.statement} for r in assessment.roles.all()],
        "findings": [_finding_out(f, base) for f in assessment.public_findings],
    }


class AssessmentFilters(Schema):
    issue: str | None = None
    cluster: str | None = None


@router.get(
    "/{slug}/assessment",
    response=list[s.AssessmentOut],
    operation_id="assessment_list",
    summary="The released assessment, issue by issue",
)
@paginate(PageNumberPagination, page_size=50)
def assessment_index(request, slug: str, filters: Query[AssessmentFilters]):
    assessments = _assessments(public_group(slug))
    if filters.issue:
        assessments = assessments.filter(issue__slug=filters.issue)
    if filters.cluster:
        assessments = assessments.filter(issue__cluster__slug=filters.cluster)
    base = base_url(request)
    return MappedPage(assessments, lambda a: _assessment_out(a, base))


@router.get(
    "/{slug}/assessment/{issue}",
    response={200: s.AssessmentOut, 404: s.ErrorOut},
    operation_id="assessment_get",
    summary="The released assessment of one issue",
)
def assessment_detail(request, slug: str, issue: str):
    assessment = get_object_or_404(_assessments(public_group(slug)), issue__slug=issue)
    return _assessment_out(assessment, base_url(request))


class FindingFilters(Schema):
    issue: str | None = None


@router.get(
    "/{slug}/findings",
    response=list[s.FindingOut],
    operation_id="finding_list",
    summary="Released findings, with the evidence behind each",
)
@paginate(PageNumberPagination, page_size=100)
def finding_index(request, slug: str, filters: Query[FindingFilters]):
    findings = _findings(public_group(slug))
    if filters.issue:
        findings = findings.filter(assessment__issue__slug=filters.issue)
    base = base_url(request)
    return MappedPage(findings, lambda f: _finding_out(f, base))
