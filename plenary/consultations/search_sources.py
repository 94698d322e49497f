"""The searchable sources this app registers with core.search: contributions (with their attachments' text),
the groups' documents and news. Who may see a hit is asked of core.visibility, as every page does."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plenary.core.search import (
    Facet,
    IndexDocument,
    SearchSource,
    register_facet,
    register_index_model,
    register_source,
)
from plenary.core.visibility import visible
from plenary.groups.models import NewsItem
from plenary.meetings.models import Document

from .models import Attachment, Call, Contribution, ContributionKind, SearchEntry
from .selectors import contribution_filter

CONTRIBUTION_FILTERS = {"call", "issue", "kind", "stakeholder_group", "region", "country", "language"}


def _group_filter(queryset, filters: dict, path: str = "group__slug"):
    return queryset.filter(**{path: filters["group"]}) if filters.get("group") else queryset


def contribution_document(contribution: Contribution, url: str | None = None) -> IndexDocument:
    parts = [contribution.text]
    for attachment in contribution.attachments.all():
        parts.append(f"{attachment.original_name}\n{attachment.text}")
    return IndexDocument(
        title=f"{contribution.reference} {contribution.title}",
        body="\n\n".join(p for p in parts if p),
        url=url if url is not None else contribution.get_absolute_url(),
        group_id=contribution.group_id,
        language=contribution.language,
        date=contribution.published_at or contribution.submitted_at,
        facets={"kind": contribution.kind, "call": contribution.call.slug, "status": contribution.status},
    )


def contribution_documents(contributions: list[Contribution]) -> list[IndexDocument]:
    """The documents of many contributions (a bulk import, a reindex): the page addresses from one `reverse()`
    per group rather than one per contribution."""
    makers: dict[str, object] = {}
    documents = []
    for contribution in contributions:
        slug = contribution.group.slug
        if slug not in makers:
            makers[slug] = Contribution.url_maker(slug)
        document = contribution_document(contribution, url=makers[slug](contribution.year, contribution.sequence))
        documents.append(document)
    return documents


def contributions_visible(viewer, filters: dict):
    queryset = visible(Contribution, viewer)
    queryset = contribution_filter(queryset, **{k: v for k, v in filters.items() if k in CONTRIBUTION_FILTERS})
    return _group_filter(queryset, filters)


def document_document(document: Document) -> IndexDocument:
    return IndexDocument(
        title=" ".join(p for p in (document.symbol, document.title) if p),
        body=document.text,
        url=document.get_absolute_url(),
        group_id=document.group_id,
        language=document.language,
        date=document.published_on,
    )


def documents_visible(viewer, filters: dict):
    if set(filters) - {"group", "language"}:
        return None  # documents have no call, issue tag or submitter profile: a filter on those excludes them
    queryset = visible(Document, viewer)
    if filters.get("language"):
        queryset = queryset.filter(language=filters["language"])
    return _group_filter(queryset, filters)


def news_document(item: NewsItem) -> IndexDocument:
    return IndexDocument(
        title=item.title,
        body=f"{item.summary}\n\n{item.body}",
        url=item.get_absolute_url(),
        group_id=item.group_id,
        language=item.language,
        date=item.published_at,
    )


def news_visible(viewer, filters: dict):
    if set(filters) - {"group", "language"}:
        return None
    queryset = visible(NewsItem, viewer)
    if filters.get("language"):
        queryset = queryset.filter(language=filters["language"])
    return _group_filter(queryset, filters)


def call_choices(viewer) -> list[tuple[str, str]]:
    rows = visible(Call, viewer).order_by("-opens_at").values_list("slug", "title")
    return list(dict(rows).items())


def kind_choices(viewer) -> list[tuple[str, str]]:
    return list(ContributionKind.choices)


def language_choices(viewer) -> list[tuple[str, str]]:
    """The six UN languages by the ISO 639-1 code that detection gives ("zh", not "zh-hans")."""
    return [(code.split("-")[0], name) for code, name in settings.LANGUAGES]


def register() -> None:
    register_index_model(SearchEntry)
    register_source(
        SearchSource(
            key="contributions",
            label=_("Contributions"),
            model=Contribution,
            document=contribution_document,
            documents=contribution_documents,
            visible=contributions_visible,
            related={Attachment: lambda attachment: attachment.contribution},
            queryset=lambda: Contribution.objects.select_related("group", "call").prefetch_related("attachments"),
        )
    )
    register_source(
        SearchSource(
            key="documents",
            label=_("Documents"),
            model=Document,
            document=document_document,
            visible=documents_visible,
            queryset=lambda: Document.objects.select_related("group"),
        )
    )
    register_source(
        SearchSource(
            key="news",
            label=_("News"),
            model=NewsItem,
            document=news_document,
            visible=news_visible,
            queryset=lambda: NewsItem.objects.select_related("group"),
        )
    )
    register_facet(Facet("call", _("Call"), call_choices, order=20))
    register_facet(Facet("kind", _("Kind of contribution"), kind_choices, order=40))
    register_facet(Facet("language", _("Language"), language_choices, order=80))
