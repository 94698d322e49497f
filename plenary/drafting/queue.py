"""Paragraph comments in the one moderation queue (consultations.moderation), beside the contributions: the same
filters, the same bulk decisions, and `comment_moderate`, which ends in the shared `status_set`."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plenary.consultations.models import ContributionStatus
from plenary.consultations.moderation import ACTIONS, QueueKind, QueueRow, register_queue_kind
from plenary.core.visibility import visible
from plenary.groups.models import WorkingGroup

from .models import Draft, ParagraphComment


def items(viewer, group: WorkingGroup, filters: dict):
    if filters.get("kind") not in (None, "", "comment"):
        return None
    origin = filters.get("origin") or ""
    if origin and not origin.startswith("draft:"):
        return None
    if filters.get("language") or filters.get("campaign") or filters.get("suggestions") == "yes":
        return None  # comments carry no detected language, campaign or suggested tags
    queryset = visible(ParagraphComment, viewer).filter(draft__group=group)
    status = filters.get("status") or ContributionStatus.RECEIVED
    if status != "all":
        queryset = queryset.filter(status=status)
    if origin:
        queryset = queryset.filter(draft__slug=origin.removeprefix("draft:"))
    if filters.get("stakeholder_group"):
        queryset = queryset.filter(stakeholder_group__slug=filters["stakeholder_group"])
    if filters.get("country"):
        queryset = queryset.filter(country=filters["country"].upper())
    return queryset


def rows(pks: list[int], names: dict[str, str]) -> list[QueueRow]:
    full = (
        ParagraphComment.objects.filter(pk__in=pks)
        .select_related("draft__group", "version", "stakeholder_group")
        .in_bulk()
    )
    made = []
    for c in (full[pk] for pk in pks if pk in full):
        notes = [f"{c.get_disposition_display()}: {c.disposition_reason}"] if c.disposition else []
        made.append(
            QueueRow(
                kind="comment",
                kind_label=_("Comment on a draft"),
                pk=c.pk,
                reference=c.reference,
                title=c.text[:160],
                status=c.status,
                status_label=str(c.get_status_display()),
                origin=_("%(draft)s, paragraph %(number)s (version %(version)s)")
                % {"draft": c.draft.title, "number": c.paragraph_number, "version": c.version.number},
                submitter=c.submitter_name,
                public_author=c.public_author,
                profile=" ".join(str(p) for p in (c.organisation, c.stakeholder_group or "", c.country) if p),
                submitted_at=c.submitted_at,
                language="",
                url=reverse(
                    "drafting:dispose", kwargs={"group_slug": c.draft.group.slug, "slug": c.draft.slug, "pk": c.pk}
                ),
                notes=notes,
                item=c,
            )
        )
    return made


def moderate(*, actor, item: ParagraphComment, action: str, reason: str = "") -> ParagraphComment:
    from .services import comment_moderate

    return comment_moderate(actor=actor, comment=item, status=ACTIONS[action], reason=reason)


def origins(group: WorkingGroup) -> list[tuple[str, str]]:
    drafts = Draft.objects.filter(group=group).order_by("order", "title").values_list("slug", "title")
    return [(f"draft:{slug}", title) for slug, title in drafts]


def register() -> None:
    register_queue_kind(
        QueueKind(
            key="comment",
            label=gettext_lazy("Comments on drafts"),
            rank=2,
            model=ParagraphComment,
            items=items,
            rows=rows,
            moderate=moderate,
            origins=origins,
        )
    )
