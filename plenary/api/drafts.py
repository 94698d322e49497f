"""Public reads of drafting: public drafts, their public versions with stable paragraph keys, published comments.

Everything is read as the public reads it (drafting's selectors with `viewer=None`, core.visibility's rules),
whoever asks (a session or a token widens nothing), so an internal draft, a version from before the draft went
public or an unpublished comment is a 404 or absent.
"""

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from plenary.assessment.selectors import evidence_get
from plenary.drafting.models import Draft, DraftVersion, ParagraphComment
from plenary.drafting.selectors import comment_list, draft_list, version_list
from plenary.groups.models import WorkingGroup

from . import schemas as s
from .common import MappedPage, base_url, public_group

router = Router(tags=["drafts"])


def _drafts(group: WorkingGroup) -> QuerySet[Draft]:
    latest = version_list(viewer=None).filter(draft=OuterRef("pk")).order_by("-number").values("number")[:1]
    return (
        draft_list(viewer=None, group=group).annotate(latest_public_version=Subquery(latest)).prefetch_related("issues")
    )


def _draft(group: WorkingGroup, slug: str) -> Draft:
    return get_object_or_404(_drafts(group), slug=slug)


def _versions(draft: Draft) -> QuerySet[DraftVersion]:
    return version_list(viewer=None, draft=draft).order_by("number")


def _draft_out(draft: Draft, base: str) -> dict:
    return {
        "slug": draft.slug,
        "title": draft.title,
        "summary": draft.summary,
        "status": draft.status,
        "consultation_opens_at": draft.consultation_opens_at,
        "consultation_closes_at": draft.consultation_closes_at,
        "consultation_open": draft.consultation_is_open(),
        "first_public_version": draft.first_public_version,
        "latest_version": draft.latest_public_version,
        "issues": [i.slug for i in draft.issues.all()],
        "url": base + draft.get_absolute_url(),
        "illustrative": draft.is_illustrative,
    }


def _version_out(version: DraftVersion, base: str, *, paragraphs: bool = False) -> dict:
    rows = list(version.paragraphs.all())
    out = {
        "number": version.number,
        "note": version.note,
        "saved_at": version.created_at,
        "status_at_save": version.status_at_save,
        "paragraph_count": len(rows),
        "url": base + version.get_absolute_url(),
    }
    if paragraphs:
        out["paragraphs"] = [{"key": p.key, "number": p.number, "kind": p.kind, "text": p.text} for p in rows]
    return out


def _comment_out(comment: ParagraphComment) -> dict:
    return {
        "reference": comment.reference,
        "version": comment.version.number,
        "paragraph_key": comment.paragraph_key,
        "paragraph_number": comment.paragraph_number,
        "text": comment.text,
        "author": comment.public_author,
        "stakeholder_group": comment.stakeholder_group.slug if comment.stakeholder_group else "",
        "country": comment.country,
        "region": comment.region,
        "submitted_at": comment.submitted_at,
        "published_at": comment.published_at,
        "disposition": comment.disposition,
        "disposition_reason": comment.disposition_reason,
        "resulting_version": comment.resulting_version.number if comment.resulting_version else None,
        "disposed_at": comment.disposed_at,
        "illustrative": comment.is_illustrative,
    }


class DraftFilters(Schema):
    status: str | None = None
    issue: str | None = None


@router.get("/{slug}/drafts", response=list[s.DraftOut], operation_id="draft_list", summary="Public drafts")
@paginate(PageNumberPagination, page_size=50)
def draft_index(request, slug: str, filters: Query[DraftFilters]):
    drafts = _drafts(public_group(slug))
    if filters.status:
        drafts = drafts.filter(status=filters.status)
    if filters.issue:
        drafts = drafts.filter(issues__slug=filters.issue)
    base = base_url(request)
    return MappedPage(drafts, lambda d: _draft_out(d, base))


@router.get(
    "/{slug}/drafts/{draft}",
    response={200: s.DraftDetailOut, 404: s.ErrorOut},
    operation_id="draft_get",
    summary="One public draft, with the paragraphs of its latest public version",
)
def draft_detail(request, slug: str, draft: str):
    group = public_group(slug)
    target = _draft(group, draft)
    base = base_url(request)
    latest = _versions(target).prefetch_related("paragraphs").last()
    if latest is None:
        raise Http404
    evidence = evidence_get(viewer=None, obj=target)  # as on the page and in the report
    return {
        **_draft_out(target, base),
        "findings": [f.label for f in evidence.findings],
        "contributions": [c.reference for c in evidence.contributions],
        "version": _version_out(latest, base, paragraphs=True),
    }


@router.get(
    "/{slug}/drafts/{draft}/versions",
    response={200: list[s.VersionOut], 404: s.ErrorOut},
    operation_id="draft_version_list",
    summary="A draft's public versions",
)
@paginate(PageNumberPagination, page_size=50)
def version_index(request, slug: str, draft: str):
    target = _draft(public_group(slug), draft)
    base = base_url(request)
    return MappedPage(_versions(target).prefetch_related("paragraphs"), lambda v: _version_out(v, base))


@router.get(
    "/{slug}/drafts/{draft}/versions/{version}",
    response={200: s.VersionDetailOut, 404: s.ErrorOut},
    operation_id="draft_version_get",
    summary="One public version of a draft, with its paragraphs",
)
def version_detail(request, slug: str, draft: str, version: int):
    target = _draft(public_group(slug), draft)
    found = get_object_or_404(_versions(target).prefetch_related("paragraphs"), number=version)
    return _version_out(found, base_url(request), paragraphs=True)


class CommentFilters(Schema):
    version: int | None = None
    paragraph: str | None = None
    disposition: str | None = None


@router.get(
    "/{slug}/drafts/{draft}/comments",
    response={200: list[s.CommentOut], 404: s.ErrorOut},
    operation_id="draft_comment_list",
    summary="Published comments on a draft, with their dispositions",
)
@paginate(PageNumberPagination, page_size=100)
def comment_index(request, slug: str, draft: str, filters: Query[CommentFilters]):
    target = _draft(public_group(slug), draft)
    comments = comment_list(viewer=None, draft=target).order_by("submitted_at", "id")
    if filters.version is not None:
        comments = comments.filter(version__number=filters.version)
    if filters.paragraph:
        comments = comments.filter(paragraph_key=filters.paragraph)
    if filters.disposition:
        comments = comments.filter(disposition=filters.disposition)
    return MappedPage(comments, _comment_out)
