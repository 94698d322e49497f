"""The members in the site-wide search (one entry per membership: the chair's surname finds the chair), and the
facets every source shares: group, stakeholder group, region and country, offered as names to choose from."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plenary.core.collation import collated
from plenary.core.regions import REGIONS
from plenary.core.search import Facet, IndexDocument, SearchSource, narrowed_out, register_facet, register_source
from plenary.core.visibility import TRANSLATED_MODELS, visible

from .countries import country_name, country_names
from .models import ContentTranslation, Membership, Person, StakeholderGroup, WorkingGroup

MEMBER_FILTERS = {"group", "stakeholder_group", "region", "country"}


def translation_document(translation: ContentTranslation) -> IndexDocument | None:
    """A text in another language, found in its language; shown under the object's title in that language."""
    target = translation.target
    if target is None:
        return None
    title = translation.text if translation.field in ("title", "name", "label") else ""
    if not title:
        title_translation = ContentTranslation.objects.filter(
            content_type_id=translation.content_type_id,
            object_id=translation.object_id,
            language=translation.language,
            field__in=("title", "name", "label"),
        ).first()
        title = title_translation.text if title_translation else str(target)
    return IndexDocument(
        title=title,
        body=translation.text,
        url=translation.get_absolute_url(),
        group_id=translation.group_id,
        language=translation.language,
        date=translation.translated_at,
        facets={"field": translation.field, "kind": translation.content_type.model},
    )


def translations_visible(viewer, filters: dict):
    """Translations whose object this viewer may see (core.visibility derives the rule from the object's)."""
    if narrowed_out(filters, {"group", "language"}):
        return None
    queryset = visible(ContentTranslation, viewer)
    if filters.get("group"):
        queryset = queryset.filter(group__slug=filters["group"])
    if filters.get("language"):
        queryset = queryset.filter(language__startswith=filters["language"])
    return queryset


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


def _translations_forget(sender, instance, **kwargs) -> None:
    """An object removed takes its translations (and their index entries) with it: they name it generically."""
    ContentTranslation.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


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
    register_source(
        SearchSource(
            key="translations",
            label=_("Texts in other languages"),
            model=ContentTranslation,
            document=translation_document,
            visible=translations_visible,
            queryset=lambda: ContentTranslation.objects.select_related("group", "content_type"),
        )
    )
    for label in TRANSLATED_MODELS:
        post_delete.connect(
            _translations_forget, sender=apps.get_model(label), weak=False, dispatch_uid=f"translations-{label}"
        )
    register_facet(Facet("group", _("Group"), group_choices, order=10))
    register_facet(Facet("stakeholder_group", _("Stakeholder group"), stakeholder_group_choices, order=50))
    register_facet(Facet("region", _("Region"), region_choices, order=60))
    register_facet(Facet("country", _("Country"), country_choices, order=70))
