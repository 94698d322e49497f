"""The one place where the web app meets the analysis engine: contributions in, `insight` records out."""

import functools

from django.db.models import Prefetch, QuerySet

import insight
from plenary.consultations.models import Attachment, Contribution, ContributionStatus, ExtractionStatus
from plenary.consultations.selectors import contribution_queryset
from plenary.groups.models import WorkingGroup
from plenary.issues.taxonomy import taxonomy_export

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
