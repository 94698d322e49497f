"""The group's clusters and issues in the shape the analysis engine reads (`insight.taxonomy_from_dict`)."""

from plenary.groups.models import WorkingGroup

from .selectors import cluster_list


def taxonomy_export(*, group: WorkingGroup) -> dict:
    return {
        "group": group.slug,
        "name": group.name,
        "clusters": [
            {
                "number": cluster.number,
                "slug": cluster.slug,
                "title": cluster.title,
                "description": cluster.description,
                "issues": [
                    {
                        "slug": issue.slug,
                        "title": issue.title,
                        "description": issue.description,
                        "keywords": list(issue.keywords or []),
                    }
                    for issue in cluster.issues.all()
                ],
            }
            for cluster in cluster_list(group=group)
        ],
    }
