"""Drafts in the site-wide search: the text of the latest version, seen only by those who may read the draft."""

from django.utils.translation import gettext_lazy as _

from plenary.core.search import IndexDocument, SearchSource, narrowed_out, register_source
from plenary.core.visibility import visible

from .models import Draft, ParagraphComment, ParagraphTranslation


def draft_document(draft: Draft) -> IndexDocument:
    version = draft.versions.order_by("-number").first()
    body = "\n\n".join(p.text for p in version.paragraphs.all()) if version else ""
    return IndexDocument(
        title=draft.title,
        body=f"{draft.summary}\n\n{body}".strip(),
        url=draft.get_absolute_url(),
        group_id=draft.group_id,
        language="en",
        date=version.created_at if version else draft.updated_at,
        facets={"status": draft.status},
    )


def drafts_visible(viewer, filters: dict):
    if set(filters) - {"group", "language"}:
        return None  # drafts have no call, issue tag or submitter profile: such a filter excludes them
    queryset = visible(Draft, viewer)
    if filters.get("group"):
        queryset = queryset.filter(group__slug=filters["group"])
    if filters.get("language") and filters["language"] != "en":
        return queryset.none()
    return queryset


def comment_document(comment: ParagraphComment) -> IndexDocument:
    """A published comment, under its public name only (the private profile never reaches the index)."""
    return IndexDocument(
        # no words: the index is shared by every language, and a reference, a title and ¶ read in all of them
        title=f"{comment.reference}: {comment.draft.title}, ¶{comment.paragraph_number}",
        body="\n".join(p for p in (comment.public_author, comment.text, comment.disposition_reason) if p),
        url=f"{comment.draft.get_absolute_url()}#comment-{comment.pk}",
        group_id=comment.draft.group_id,
        language="",
        date=comment.published_at or comment.submitted_at,
        facets={"status": comment.status, "disposition": comment.disposition},
    )


COMMENT_FILTERS = {"group", "stakeholder_group", "region", "country"}


def comments_visible(viewer, filters: dict):
    if narrowed_out(filters, COMMENT_FILTERS):
        return None
    queryset = visible(ParagraphComment, viewer)
    if filters.get("group"):
        queryset = queryset.filter(draft__group__slug=filters["group"])
    if filters.get("stakeholder_group"):
        queryset = queryset.filter(stakeholder_group__slug=filters["stakeholder_group"])
    if filters.get("region"):
        queryset = queryset.filter(region=filters["region"])
    if filters.get("country"):
        queryset = queryset.filter(country=filters["country"].upper())
    return queryset


def register() -> None:
    register_source(
        SearchSource(
            key="drafts",
            label=_("Draft recommendations"),
            model=Draft,
            document=draft_document,
            visible=drafts_visible,
            queryset=lambda: Draft.objects.select_related("group"),
        )
    )
    register_source(
        SearchSource(
            key="comments",
            label=_("Comments on drafts"),
            model=ParagraphComment,
            document=comment_document,
            visible=comments_visible,
            queryset=lambda: ParagraphComment.objects.select_related("draft__group", "stakeholder_group"),
        )
    )
    register_translations()


def paragraph_translation_document(translation: ParagraphTranslation) -> IndexDocument:
    """A paragraph in another language, found in that language; who may see it is its source version's rule."""
    return IndexDocument(
        title=f"{translation.draft.title} ¶{translation.source.number}",
        body=translation.text,
        url=f"{translation.draft.get_absolute_url()}#p-{translation.paragraph_key}",
        group_id=translation.draft.group_id,
        language=translation.language,
        date=translation.translated_at,
        facets={"status": translation.draft.status},
    )


def paragraph_translations_visible(viewer, filters: dict):
    if narrowed_out(filters, {"group", "language"}):
        return None
    queryset = visible(ParagraphTranslation, viewer)
    if filters.get("group"):
        queryset = queryset.filter(draft__group__slug=filters["group"])
    if filters.get("language"):
        queryset = queryset.filter(language__startswith=filters["language"])
    return queryset


def register_translations() -> None:
    """Called by `register()`, after the drafts and comments (the order of the search page's kinds)."""
    register_source(
        SearchSource(
            key="draft_translations",
            label=_("Draft recommendations in other languages"),
            model=ParagraphTranslation,
            document=paragraph_translation_document,
            visible=paragraph_translations_visible,
            queryset=lambda: ParagraphTranslation.objects.select_related("draft__group", "source"),
        )
    )
