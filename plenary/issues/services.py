"""Writes to clusters, issues, organisations and principles, each on the event trail."""

from typing import Any

from plenary.core.services import upsert
from plenary.groups.models import WorkingGroup

from .models import Cluster, Issue, Organisation, Principle, Responsibility


def cluster_save(*, actor, group: WorkingGroup, slug: str, **values: Any) -> Cluster:
    cluster, _created = upsert(actor=actor, model=Cluster, lookup={"group": group, "slug": slug}, values=values)
    return cluster


def issue_save(*, actor, cluster: Cluster, slug: str, **values: Any) -> Issue:
    issue, _created = upsert(actor=actor, model=Issue, lookup={"cluster": cluster, "slug": slug}, values=values)
    return issue


def organisation_save(*, actor, name: str, group: WorkingGroup, **values: Any) -> Organisation:
    """Create or update a responsible organisation (shared by every group), on the trail of the group that cites it."""
    organisation, _created = upsert(
        actor=actor, model=Organisation, lookup={"name": name}, values=values, group_slug=group.slug
    )
    return organisation


def responsibility_save(*, actor, issue: Issue, organisation: Organisation, **values: Any) -> Responsibility:
    responsibility, _created = upsert(
        actor=actor, model=Responsibility, lookup={"issue": issue, "organisation": organisation}, values=values
    )
    return responsibility


def principle_save(*, actor, group: WorkingGroup, slug: str, **values: Any) -> Principle:
    principle, _created = upsert(actor=actor, model=Principle, lookup={"group": group, "slug": slug}, values=values)
    return principle
