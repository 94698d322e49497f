"""The assessment in the site-wide search: one entry per issue, seen by the public once released."""

from django.utils.translation import gettext_lazy as _

from plenary.core.search import IndexDocument, SearchSource, register_source
from plenary.core.visibility import visible

from .models import AdequacyRating, Finding, IssueAssessment, RoleStatement


def assessment_document(assessment: IssueAssessment) -> IndexDocument:
    parts = [assessment.arrangements, assessment.instruments, assessment.summary]
    parts += [
        f"{r.principle.label}: {r.get_rating_display()}. {r.rationale} {r.minority_views}"
        for r in assessment.ratings.all()
    ]
    parts += [f"{s.get_actor_display()}: {s.statement}" for s in assessment.roles.all()]
    parts += [f"{f.title}. {f.text}" for f in assessment.findings.all()]
    return IndexDocument(
        title=assessment.issue.title,  # the hit's badge says it is an assessment, in the reader's language
        body="\n\n".join(p for p in parts if p),
        url=assessment.get_absolute_url(),
        group_id=assessment.group_id,
        language="en",
        date=assessment.released_at or assessment.updated_at,
        facets={"status": assessment.status},
    )


def assessments_visible(viewer, filters: dict):
    if set(filters) - {"group", "language", "issue"}:
        return None
    queryset = visible(IssueAssessment, viewer)
    if filters.get("group"):
        queryset = queryset.filter(group__slug=filters["group"])
    if filters.get("issue"):
        queryset = queryset.filter(issue__slug=filters["issue"])
    if filters.get("language") and filters["language"] != "en":
        return queryset.none()
    return queryset


def finding_document(finding: Finding) -> IndexDocument:
    assessment = finding.assessment
    return IndexDocument(
        title=f"{finding.assessment.issue.slug.upper()}-F{finding.number}: {finding.title}",
        body=f"{finding.text}\n\n{assessment.issue.title}",
        url=finding.get_absolute_url(),
        group_id=assessment.group_id,
        language="en",
        date=assessment.released_at or finding.updated_at,
    )


def findings_visible(viewer, filters: dict):
    if set(filters) - {"group", "language", "issue"}:
        return None
    queryset = visible(Finding, viewer)
    if filters.get("group"):
        queryset = queryset.filter(assessment__group__slug=filters["group"])
    if filters.get("issue"):
        queryset = queryset.filter(assessment__issue__slug=filters["issue"])
    if filters.get("language") and filters["language"] != "en":
        return queryset.none()
    return queryset


def register() -> None:
    register_source(
        SearchSource(
            key="assessment",
            label=_("Assessment"),
            model=IssueAssessment,
            document=assessment_document,
            visible=assessments_visible,
            queryset=lambda: IssueAssessment.objects.select_related("group", "issue").prefetch_related(
                "ratings__principle", "roles", "findings"
            ),
            related={
                AdequacyRating: lambda r: r.assessment,
                RoleStatement: lambda s: s.assessment,
                Finding: lambda f: f.assessment,
            },
        )
    )
    register_source(
        SearchSource(
            key="findings",
            label=_("Findings"),
            model=Finding,
            document=finding_document,
            visible=findings_visible,
            queryset=lambda: Finding.objects.select_related("assessment__issue", "assessment__group"),
            related={IssueAssessment: lambda assessment: list(assessment.findings.all())},
        )
    )
