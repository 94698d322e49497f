from django.views.decorators.http import require_GET

from plenary.groups.selectors import group_get, translations_attach
from plenary.groups.views_helpers import render_group_page

from .panels import issue_panels
from .selectors import cluster_list, issue_get, principle_list


@require_GET
def issue_index(request, group_slug: str):
    group = group_get(slug=group_slug)
    clusters = list(cluster_list(group=group))
    principles = list(principle_list(group=group))
    # the titles in the reader's language: one query for every cluster, issue and principle of the page
    translations_attach([*clusters, *(issue for c in clusters for issue in c.issues.all()), *principles])
    context = {"clusters": clusters, "principles": principles}
    return render_group_page(request, group, "issues/list.html", context, section="issues")


@require_GET
def issue_detail(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    issue = issue_get(group=group, slug=slug)
    context = {"issue": issue, "panels": issue_panels(request, issue)}
    return render_group_page(request, group, "issues/detail.html", context, section="issues")
