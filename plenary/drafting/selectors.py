"""Reads of drafts that depend on who is looking. Internal drafts and members-only versions are filtered here."""

from django.db.models import F, Q, QuerySet
from django.http import Http404

from plenary.consultations.models import ContributionStatus
from plenary.groups.models import WorkingGroup
from plenary.groups.permissions import is_member, is_secretariat

from .diff import Para, diff_paragraphs
from .models import Draft, DraftStatus, DraftVersion, Paragraph, ParagraphComment


def public_drafts_q(prefix: str = "") -> Q:
    return ~Q(**{f"{prefix}status": DraftStatus.INTERNAL}) & Q(**{f"{prefix}first_public_version__isnull": False})


def draft_list(*, viewer, group: WorkingGroup) -> QuerySet[Draft]:
    drafts = Draft.objects.filter(group=group).select_related("group")
    if is_member(viewer, group):
        return drafts
    return drafts.filter(public_drafts_q())


def public_draft_list() -> QuerySet[Draft]:
    """Every draft anyone may read, across groups (search, feeds, open data)."""
    return Draft.objects.filter(public_drafts_q()).select_related("group")


def draft_get(*, viewer, group: WorkingGroup, slug: str) -> Draft:
    try:
        return (
            draft_list(viewer=viewer, group=group)
            .prefetch_related("issues__cluster", "findings__assessment__issue")
            .get(slug=slug)
        )
    except Draft.DoesNotExist:
        raise Http404 from None


def version_list(*, viewer, draft: Draft) -> QuerySet[DraftVersion]:
    versions = DraftVersion.objects.filter(draft=draft).select_related("draft__group", "created_by")
    if is_member(viewer, draft.group):
        return versions
    if not draft.is_public:
        return versions.none()
    return versions.filter(number__gte=draft.first_public_version)


def version_get(*, viewer, draft: Draft, number: int | None = None) -> DraftVersion:
    """The version asked for, or the latest this viewer may read; 404 when there is none."""
    versions = version_list(viewer=viewer, draft=draft)
    version = versions.filter(number=number).first() if number is not None else versions.order_by("-number").first()
    if version is None:
        raise Http404
    return version


def public_version_list() -> QuerySet[DraftVersion]:
    return (
        DraftVersion.objects.filter(public_drafts_q("draft__"))
        .filter(number__gte=F("draft__first_public_version"))
        .select_related("draft__group")
    )


def paragraph_list(*, version: DraftVersion) -> list[Paragraph]:
    return list(version.paragraphs.all())


def version_diff(*, old: DraftVersion, new: DraftVersion):
    def paras(version):
        return [Para(p.key, p.number, p.kind, p.text) for p in version.paragraphs.all()]

    return diff_paragraphs(paras(old), paras(new))


def comment_list(*, viewer, draft: Draft) -> QuerySet[ParagraphComment]:
    """Published comments for everyone; the secretariat also sees those awaiting moderation (never to others)."""
    comments = ParagraphComment.objects.filter(draft=draft).select_related(
        "version", "resulting_version", "stakeholder_group"
    )
    if not is_member(viewer, draft.group) and not draft.is_public:
        return comments.none()
    if is_secretariat(viewer, draft.group):
        return comments
    return comments.filter(status=ContributionStatus.PUBLISHED)


def public_comment_list() -> QuerySet[ParagraphComment]:
    return ParagraphComment.objects.filter(
        status=ContributionStatus.PUBLISHED, draft__in=public_draft_list()
    ).select_related("draft__group", "version")


def comments_by_paragraph(*, viewer, version: DraftVersion) -> dict[str, list[ParagraphComment]]:
    """Comments beside their paragraph: those made on this version or an earlier one, by stable key."""
    grouped: dict[str, list[ParagraphComment]] = {}
    for comment in comment_list(viewer=viewer, draft=version.draft).filter(version__number__lte=version.number):
        grouped.setdefault(comment.paragraph_key, []).append(comment)
    return grouped


def comment_get_by_token(*, token: str) -> ParagraphComment:
    from .services import token_hash

    try:
        return ParagraphComment.objects.select_related("draft__group", "version", "resulting_version").get(
            private_token_hash=token_hash(token)
        )
    except ParagraphComment.DoesNotExist:
        raise Http404 from None


def paragraph_change(*, comment: ParagraphComment) -> dict | None:
    """How the commented paragraph changed in the version the disposition points to (None when it did not)."""
    if comment.resulting_version is None:
        return None
    old = comment.version.paragraphs.filter(key=comment.paragraph_key).first()
    new = comment.resulting_version.paragraphs.filter(key=comment.paragraph_key).first()
    old_paras = [Para(old.key, old.number, old.kind, old.text)] if old else []
    new_paras = [Para(new.key, new.number, new.kind, new.text)] if new else []
    rows = diff_paragraphs(old_paras, new_paras)
    return {"row": rows[0] if rows else None, "version": comment.resulting_version}


def draft_home_panel(request, group: WorkingGroup) -> dict | None:
    """Drafts open for comment now, for the group's home."""
    open_drafts = [d for d in draft_list(viewer=request.user, group=group) if d.consultation_is_open()]
    return {"drafts": open_drafts, "group": group} if open_drafts else None


def draft_timeline(group: WorkingGroup) -> list[dict]:
    from django.utils.translation import gettext as _

    return [
        {
            "starts_on": d.consultation_opens_at.date(),
            "ends_on": d.consultation_closes_at.date(),
            "title": d.title,
            "kind": _("Consultation on a draft"),
            "url": d.get_absolute_url(),
        }
        for d in public_draft_list().filter(group=group, consultation_opens_at__isnull=False)
    ]


def issue_panel(request, issue) -> dict:
    """The drafts that answer an issue, as this viewer may see them, for the issue's page."""
    return {"drafts": list(draft_list(viewer=request.user, group=issue.cluster.group).filter(issues=issue))}
