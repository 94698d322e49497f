"""Contributions in the moderation queue (consultations.moderation holds the queue; drafting adds its comments)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plenary.core.visibility import visible
from plenary.groups.models import WorkingGroup

from .models import Call, Contribution, ContributionStatus
from .moderation import QueueKind, QueueRow, register_queue_kind
from .selectors import _with_related, contribution_filter


def items(viewer, group: WorkingGroup, filters: dict):
    if filters.get("kind") not in (None, "", "contribution"):
        return None
    origin = filters.get("origin") or ""
    if origin and not origin.startswith("call:"):
        return None
    queryset = visible(Contribution, viewer).filter(group=group)
    status = filters.get("status") or ContributionStatus.RECEIVED
    if status != "all":
        queryset = queryset.filter(status=status)
    if origin:
        queryset = queryset.filter(call__slug=origin.removeprefix("call:"))
    if filters.get("suggestions") == "yes":
        queryset = queryset.exclude(suggested_tags=[])
    elif filters.get("suggestions") == "no":
        queryset = queryset.filter(suggested_tags=[])
    narrowing = {k: filters.get(k) for k in ("language", "stakeholder_group", "country", "campaign")}
    return contribution_filter(queryset, **narrowing)


def rows(pks: list[int], names: dict[str, str]) -> list[QueueRow]:
    """Rows for one page: the page's contributions with their call, tags and files, read in one go."""
    from django.urls import reverse

    full = _with_related(Contribution.objects.filter(pk__in=pks)).in_bulk()
    made = []
    for c in (full[pk] for pk in pks if pk in full):
        notes = [f"{a.original_name} ({a.get_extraction_status_display()})" for a in c.attachments.all()]
        if c.campaign:
            notes.append(_("campaign %(key)s") % {"key": c.campaign})
        made.append(
            QueueRow(
                kind="contribution",
                kind_label=str(c.get_kind_display()),
                pk=c.pk,
                reference=c.reference,
                title=c.title,
                status=c.status,
                status_label=str(c.get_status_display()),
                origin=c.call.title,
                submitter=c.submitter_name,
                public_author=c.public_author,
                profile=" ".join(str(p) for p in (c.organisation, c.stakeholder_group or "", c.country) if p),
                submitted_at=c.submitted_at,
                language=c.language,
                url=reverse("consultations:moderate", kwargs={"group_slug": c.group.slug, "pk": c.pk}),
                tags=[issue.title for issue in c.issues.all()],
                suggestions=[(names.get(t["issue"], t["issue"]), t.get("score", 0)) for t in c.suggested_tags or []],
                notes=notes,
                item=c,
            )
        )
    return made


def moderate(*, actor, item: Contribution, action: str, reason: str = "") -> Contribution:
    from . import services

    if action == "publish":
        return services.contribution_publish(actor=actor, contribution=item)
    if action == "reject":
        return services.contribution_reject(actor=actor, contribution=item, reason=reason)
    return services.contribution_mark_spam(actor=actor, contribution=item)


def origins(group: WorkingGroup) -> list[tuple[str, str]]:
    return [(f"call:{slug}", title) for slug, title in Call.objects.filter(group=group).values_list("slug", "title")]


def register() -> None:
    register_queue_kind(
        QueueKind(
            key="contribution",
            label=gettext_lazy("Contributions"),
            rank=1,
            model=Contribution,
            items=items,
            rows=rows,
            moderate=moderate,
            origins=origins,
        )
    )
