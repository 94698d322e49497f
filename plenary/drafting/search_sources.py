"""Drafts in the site-wide search: the text of the latest version, seen only by those who may read the draft."""

from django.utils.translation import gettext_lazy as _

from plenary.core.search import IndexDocument, SearchSource, register_source
from plenary.core.visibility import visible

from .models import Draft


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
