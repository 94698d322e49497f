"""Issues and clusters in the site-wide search: "spam" finds the Spam issue itself, not only the input about it.
Each hit is filtered by its rule in core.visibility, as every page is."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plenary.core.collation import collated
from plenary.core.search import Facet, IndexDocument, SearchSource, narrowed_out, register_facet, register_source
from plenary.core.visibility import visible

from .models import Cluster, Issue

FILTERS = {"group", "issue", "language"}


def issue_document(issue: Issue) -> IndexDocument:
    keywords = " ".join(str(k) for k in issue.keywords or [])
    return IndexDocument(
        title=issue.title,
        body="\n".join(
            p for p in (issue.description, keywords, str(issue.cluster), str(issue.get_cooperation_display())) if p
        ),
        url=issue.get_absolute_url(),
        group_id=issue.cluster.group_id,
        language="en",
        date=issue.updated_at,
        facets={"cluster": issue.cluster.slug},
    )


def cluster_document(cluster: Cluster) -> IndexDocument:
    issues = ", ".join(issue.title for issue in cluster.issues.all())
    return IndexDocument(
        title=str(cluster),
        body="\n".join(p for p in (cluster.description, issues, str(cluster.get_nature_of_cooperation_display())) if p),
        url=reverse("issues:list", kwargs={"group_slug": cluster.group.slug}) + f"#cluster-{cluster.number}",
        group_id=cluster.group_id,
        language="en",
        date=cluster.updated_at,
    )


def _english_only(queryset, filters: dict):
    return queryset.none() if filters.get("language") and filters["language"] != "en" else queryset


def issues_visible(viewer, filters: dict):
    if narrowed_out(filters, FILTERS):
        return None
    queryset = visible(Issue, viewer)
    if filters.get("group"):
        queryset = queryset.filter(cluster__group__slug=filters["group"])
    if filters.get("issue"):
        queryset = queryset.filter(slug=filters["issue"])
    return _english_only(queryset, filters)


def clusters_visible(viewer, filters: dict):
    if narrowed_out(filters, FILTERS):
        return None
    queryset = visible(Cluster, viewer)
    if filters.get("group"):
        queryset = queryset.filter(group__slug=filters["group"])
    if filters.get("issue"):
        queryset = queryset.filter(issues__slug=filters["issue"]).distinct()
    return _english_only(queryset, filters)


def issue_choices(viewer) -> list[tuple[str, str]]:
    """The issues by title, in the viewer's alphabetical order (a few dozen: sorted here); the same slug in two
    groups is one choice (the filter is by slug)."""
    rows = visible(Issue, viewer).order_by("title").values_list("slug", "title")
    return collated(dict(rows).items(), key=lambda row: row[1])


def register() -> None:
    register_source(
        SearchSource(
            key="issues",
            label=_("Issues"),
            model=Issue,
            document=issue_document,
            visible=issues_visible,
            queryset=lambda: Issue.objects.select_related("cluster__group"),
        )
    )
    register_source(
        SearchSource(
            key="clusters",
            label=_("Clusters of issues"),
            model=Cluster,
            document=cluster_document,
            visible=clusters_visible,
            queryset=lambda: Cluster.objects.select_related("group").prefetch_related("issues"),
            related={Issue: lambda issue: issue.cluster},
        )
    )
    register_facet(Facet("issue", _("Issue"), issue_choices, order=30))
