from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from plenary.groups.models import WorkingGroup

from .models import Cluster, Issue, Principle, Responsibility


def cluster_list(*, group: WorkingGroup) -> QuerySet[Cluster]:
    """Clusters with their issues and who is responsible, in three queries whatever the size."""
    return Cluster.objects.filter(group=group).prefetch_related(
        Prefetch(
            "issues",
            queryset=Issue.objects.select_related("cluster__group").prefetch_related(
                Prefetch("responsibilities", queryset=Responsibility.objects.select_related("organisation"))
            ),
        )
    )


def issue_list(*, group: WorkingGroup) -> QuerySet[Issue]:
    return Issue.objects.filter(cluster__group=group).select_related("cluster")


def issue_get(*, group: WorkingGroup, slug: str) -> Issue:
    return get_object_or_404(
        issue_list(group=group).prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.select_related("organisation"))
        ),
        slug=slug,
    )


def principle_list(*, group: WorkingGroup) -> QuerySet[Principle]:
    return Principle.objects.filter(group=group)
