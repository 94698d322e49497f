"""The members in the site-wide search (one entry per membership: the chair's surname finds the chair), and the
facets every source shares: group, stakeholder group, region and country, offered as names to choose from."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plenary.core.collation import collated
from plenary.core.regions import REGIONS
from plenary.core.search import Facet, IndexDocument, SearchSource, narrowed_out, register_facet, register_source
from plenary.core.visibility import visible

from .countries import country_name, country_names
from .models import Membership, Person, StakeholderGroup, WorkingGroup

MEMBER_FILTERS = {"group", "stakeholder_group", "region", "country"}


def membership_document(membership: Membership) -> IndexDocument:
    role = membership.get_role_display()
    sector = membership.stakeholder_group.name if membership.stakeholder_group else ""
    country = country_name(membership.country, "en") if membership.country else ""
    return IndexDocument(
        # the title is shown in every language: names only; the role (in English, as the index is) is searched
        title=f"{membership.person.name} ({membership.group.acronym})",
        body="\n".join(
            p
            for p in (
                role,
                membership.title,
                membership.affiliation,
                membership.place,
                country,
                membership.region,
                sector,
                membership.person.biography,
            )
            if p
        ),
        url=reverse("groups:members", kwargs={"group_slug": membership.group.slug}) + f"#member-{membership.pk}",
        group_id=membership.group_id,
        language="en",
        date=membership.appointed_on or membership.created_at,
        facets={"role": membership.role},
    )


def members_visible(viewer, filters: dict):
    if narrowed_out(filters, MEMBER_FILTERS | {"language"}):
        return None
    queryset = visible(Membership, viewer)
    if filters.get("group"):
        queryset = queryset.filter(group__slug=filters["group"])
    if filters.get("stakeholder_group"):
        queryset = queryset.filter(stakeholder_group__slug=filters["stakeholder_group"])
    if filters.get("region"):
        queryset = queryset.filter(region=filters["region"])
    if filters.get("country"):
        queryset = queryset.filter(country=filters["country"].upper())
    if filters.get("language") and filters["language"] != "en":
        return queryset.none()
    return queryset


def group_choices(viewer) -> list[tuple[str, str]]:
    # a handful of groups: sorted here, in the viewer's alphabetical order
    return collated(visible(WorkingGroup, viewer).values_list("slug", "name"), key=lambda row: row[1])


def stakeholder_group_choices(viewer) -> list[tuple[str, str]]:
    return list(StakeholderGroup.objects.order_by("order", "name").values_list("slug", "name"))


def region_choices(viewer) -> list[tuple[str, str]]:
    from plenary.core.templatetags.plenary import region

    return collated(((name, region(name)) for name in REGIONS), key=lambda row: row[1])


def country_choices(viewer) -> list[tuple[str, str]]:
    from django.utils import translation

    return list(country_names(translation.get_language() or "en"))


def register() -> None:
    register_source(
        SearchSource(
            key="members",
            label=_("Members"),
            model=Membership,
            document=membership_document,
            visible=members_visible,
            queryset=lambda: Membership.objects.select_related("group", "person", "stakeholder_group"),
            related={Person: lambda person: list(person.memberships.all())},
        )
    )
    register_facet(Facet("group", _("Group"), group_choices, order=10))
    register_facet(Facet("stakeholder_group", _("Stakeholder group"), stakeholder_group_choices, order=50))
    register_facet(Facet("region", _("Region"), region_choices, order=60))
    register_facet(Facet("country", _("Country"), country_choices, order=70))
