"""Drafts in the site-wide search: the text of the latest version, seen only by those who may read the draft."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plenary.core.search import IndexDocument, SearchSource, register_source
from plenary.groups.models import MEMBER_ROLES, SECRETARIAT_ROLES, Membership

from .models import Draft
from .selectors import public_drafts_q


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
    q = public_drafts_q()
    if getattr(viewer, "is_superuser", False):
        q = Q()
    elif getattr(viewer, "is_authenticated", False):
        groups = Membership.objects.filter(person__user=viewer, role__in=MEMBER_ROLES | SECRETARIAT_ROLES).values(
            "group_id"
        )
        q |= Q(group_id__in=groups)
    queryset = Draft.objects.filter(q)
    if filters.get("group"):
        queryset = queryset.filter(group__slug=filters["group"])
    if filters.get("language") and filters["language"] != "en":
        return queryset.none()
    return queryset


def register() -> None:
    register_source(
        SearchSource(
            key="drafts", label=_("Draft recommendations"), model=Draft, document=draft_document, visible=drafts_visible
        )
    )
