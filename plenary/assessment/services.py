"""Writes to the assessment, each on the event trail. Views check the predicates in permissions.py first."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plenary.core import visibility
from plenary.core.services import event_record, upsert
from plenary.core.site import absolute_url
from plenary.issues.models import Issue, Principle

from .models import AdequacyRating, AssessmentStatus, Finding, IssueAssessment, RoleStatement
from .permissions import can_release_assessment


def assessment_save(*, actor, issue: Issue, **values: Any) -> IssueAssessment:
    """Create or update the assessment of one issue (arrangements, instruments, summary). Records created/changed."""
    assessment, _created = upsert(
        actor=actor, model=IssueAssessment, lookup={"issue": issue}, values={"group": issue.cluster.group, **values}
    )
    return assessment


def rating_save(
    *,
    actor,
    assessment: IssueAssessment,
    principle: Principle,
    rating: str,
    rationale: str = "",
    minority_views: str = "",
) -> AdequacyRating | None:
    """Set the adequacy of the arrangements for one principle; a blank rating removes it (recorded as `removed`)."""
    if not rating:
        existing = AdequacyRating.objects.filter(assessment=assessment, principle=principle).first()
        if existing is not None:
            event_record(actor=actor, verb="removed", target=existing, changes={"rating": [existing.rating, None]})
            existing.delete()
        return None
    obj, _created = upsert(
        actor=actor,
        model=AdequacyRating,
        lookup={"assessment": assessment, "principle": principle},
        values={"rating": rating, "rationale": rationale, "minority_views": minority_views},
    )
    return obj


def role_statement_save(
    *, actor, assessment: IssueAssessment, stakeholder: str, statement: str
) -> RoleStatement | None:
    if not statement.strip():
        existing = RoleStatement.objects.filter(assessment=assessment, actor=stakeholder).first()
        if existing is not None:
            event_record(actor=actor, verb="removed", target=existing)
            existing.delete()
        return None
    obj, _created = upsert(
        actor=actor,
        model=RoleStatement,
        lookup={"assessment": assessment, "actor": stakeholder},
        values={"statement": statement.strip()},
    )
    return obj


def finding_save(
    *,
    actor,
    assessment: IssueAssessment,
    number: int | None = None,
    title: str,
    text: str,
    contributions=None,
    documents=None,
    meetings=None,
) -> Finding:
    """Create (number=None: the next number) or update a finding and set its evidence. Records each change."""
    with transaction.atomic():
        if number is None:
            number = (assessment.findings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        finding, created = upsert(
            actor=actor,
            model=Finding,
            lookup={"assessment": assessment, "number": number},
            values={"title": title, "text": text},
        )
        if created and getattr(actor, "is_authenticated", False):
            Finding.objects.filter(pk=finding.pk).update(created_by=actor)
        for name, items in (("contributions", contributions), ("documents", documents), ("meetings", meetings)):
            if items is None:
                continue
            manager = getattr(finding, name)
            before = sorted(str(o) for o in manager.all())
            after = sorted(str(o) for o in items)
            if before != after:
                manager.set(items)
                event_record(actor=actor, verb="evidence_set", target=finding, changes={name: [before, after]})
        finding_citations_tell(finding=finding)
    return finding


def contribution_findings_tell(contribution) -> int:
    """The findings that cite a contribution published after they did (registered with consultations.notices)."""
    return sum(finding_citations_tell(finding=finding) for finding in contribution.findings.all())


def finding_citations_tell(*, finding: Finding) -> int:
    """Tell the senders of the contributions a finding cites, once the finding is public (its assessment is
    released); once per finding and contribution, whenever it is saved or released again."""
    from plenary.consultations.notices import contributions_cited_tell

    if not visibility.can_see(None, finding):
        return 0
    return contributions_cited_tell(
        contributions=finding.contributions.all(),
        key=f"cited:finding:{finding.pk}",
        what=lambda: (
            _("the finding “%(finding)s” of the assessment of %(issue)s")
            % {"finding": finding.title, "issue": finding.assessment.issue}
        ),
        url=absolute_url(finding.get_absolute_url()),
    )


def assessment_release(*, actor, assessment: IssueAssessment, release: bool = True, note: str = "") -> IssueAssessment:
    """Release the assessment of an issue to the public (or withdraw it). Records the move.

    The group's chair or a vice-chair may (PermissionDenied for anyone else); `actor=None` is the system (the sample
    loader).
    """
    if actor is not None and not can_release_assessment(actor, assessment.group):
        raise PermissionDenied(_("Only the chair releases the assessment."))
    to = AssessmentStatus.RELEASED if release else AssessmentStatus.WORKING
    if assessment.status == to:
        return assessment
    before = assessment.status
    assessment.status = to
    assessment.released_at = timezone.now() if release else None
    with transaction.atomic():
        assessment.save(update_fields=["status", "released_at", "updated_at"])
        event_record(
            actor=actor,
            verb="released" if release else "withdrawn",
            target=assessment,
            changes={"status": [before, to]},
            note=note,
        )
        if release:
            for finding in assessment.findings.all():
                finding_citations_tell(finding=finding)
    return assessment
