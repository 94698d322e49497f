import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from plenary.core.collation import collated
from plenary.core.regions import REGIONS
from plenary.core.templatetags.plenary import region as region_name
from plenary.core.visibility import visible

from .models import (
    MEMBER_ROLES,
    TRANSLATABLE_FIELDS,
    ContentTranslation,
    Gender,
    Membership,
    Milestone,
    NewsItem,
    Role,
    StakeholderGroup,
    WorkingGroup,
)


def group_list(*, viewer) -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(is_listed=True).order_by("name")


def group_get(*, slug: str) -> WorkingGroup:
    return get_object_or_404(WorkingGroup, slug=slug)


def membership_list(*, group: WorkingGroup, viewer=None) -> QuerySet[Membership]:
    """The group's members as the public lists them (demo accounts are never listed or counted)."""
    return (
        visible(Membership, viewer)
        .filter(group=group)
        .select_related("person", "stakeholder_group")
        .order_by("order", "person__name")
    )


ROLE_SECTIONS = [
    (Role.CHAIR, gettext_lazy("Chair")),
    (Role.VICE_CHAIR, gettext_lazy("Vice-chairs")),
    (Role.MEMBER, gettext_lazy("Members")),
    (Role.EXECUTIVE_COORDINATOR, gettext_lazy("Executive coordinator")),
    (Role.SECRETARIAT, gettext_lazy("Secretariat")),
    (Role.OBSERVER, gettext_lazy("Observers")),
]


def membership_by_role(*, group: WorkingGroup) -> list[tuple[str, list[Membership]]]:
    """Memberships grouped under the role's label, in the order a reader expects: the group's own order, then
    the names in the viewer's alphabetical order (some 40 people: sorted here, not by the database's collation)."""
    members = collated(membership_list(group=group), key=lambda m: m.person.name)
    members.sort(key=lambda m: m.order)  # stable: the names stay collated within one place in the order
    sections = []
    for role, label in ROLE_SECTIONS:
        people = [m for m in members if m.role == role]
        if people:
            sections.append((label, people))
    return sections


@dataclass
class Balance:
    """Who the members are, by region x stakeholder group and by gender, with the gaps a reader should notice."""

    regions: list[str]
    sectors: list[str]
    cells: dict[tuple[str, str], int]
    by_region: dict[str, int]
    by_sector: dict[str, int]
    by_gender: dict[str, int]
    total: int
    gaps: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, list[int], int]]:
        return [
            (region, [self.cells.get((region, sector), 0) for sector in self.sectors], self.by_region[region])
            for region in self.regions
        ]


def membership_balance(*, group: WorkingGroup) -> Balance:
    members = [m for m in membership_list(group=group) if m.role in MEMBER_ROLES]
    sectors = [s.name for s in StakeholderGroup.objects.all()]
    unknown = _("Not known")
    regions = list(REGIONS)
    cells: Counter = Counter()
    for m in members:
        cells[(m.region or unknown, m.stakeholder_group.name if m.stakeholder_group else unknown)] += 1
    if any(region == unknown for region, _sector in cells):
        regions.append(unknown)
    if any(sector == unknown for _region, sector in cells):
        sectors.append(unknown)
    by_region = {r: sum(v for (reg, _s), v in cells.items() if reg == r) for r in regions}
    by_sector = {s: sum(v for (_r, sec), v in cells.items() if sec == s) for s in sectors}
    genders = Counter(str(Gender(m.person.gender).label) for m in members)
    total = len(members)
    gaps = []
    for region in REGIONS:
        if by_region.get(region, 0) == 0:
            gaps.append(_("No member from %(region)s.") % {"region": region_name(region)})
    for sector in sectors:
        if sector != unknown and by_sector.get(sector, 0) == 0:
            gaps.append(_("No member from the %(sector)s stakeholder group.") % {"sector": sector})
    if total:
        for name, count in list(by_region.items()) + list(by_sector.items()):
            if name != unknown and count / total > 0.5:
                gaps.append(
                    _("%(name)s holds %(share)d%% of the seats.") % {"name": name, "share": round(100 * count / total)}
                )
        declared = total - genders.get(str(Gender.UNDISCLOSED.label), 0)
        if declared < total:
            gaps.append(
                _("Gender is self-declared and known for %(declared)d of %(total)d members.")
                % {"declared": declared, "total": total}
            )
        women = genders.get(str(Gender.FEMALE.label), 0)
        if declared and women / total < 0.4:
            gaps.append(_("Women declared: %(women)d of %(total)d members.") % {"women": women, "total": total})
    return Balance(
        regions=regions,
        sectors=sectors,
        cells=dict(cells),
        by_region=by_region,
        by_sector=by_sector,
        by_gender=dict(genders),
        total=total,
        gaps=gaps,
    )


def news_list(*, group: WorkingGroup, viewer=None) -> QuerySet[NewsItem]:
    """Published news; the secretariat also reads what is scheduled or not yet published."""
    return visible(NewsItem, viewer).filter(group=group).select_related("group")  # each item's address names it


def news_get(*, group: WorkingGroup, slug: str, viewer=None) -> NewsItem:
    return get_object_or_404(news_list(group=group, viewer=viewer), slug=slug)


def milestone_list(*, group: WorkingGroup) -> QuerySet[Milestone]:
    return visible(Milestone, None).filter(group=group)


# Content in several languages ------------------------------------------------------------------------------------


def language_code(code: str | None) -> str:
    """One of settings.LANGUAGES for a code as stored or detected ("zh" and "zh-cn" are "zh-hans"; "" is English)."""
    code = (code or settings.LANGUAGE_CODE).lower().replace("_", "-")
    known = [c for c, _name in settings.LANGUAGES]
    if code in known:
        return code
    base = code.split("-")[0]
    return next((c for c in known if c.split("-")[0] == base), settings.LANGUAGE_CODE)


def language_name(code: str) -> str:
    """A language's name as the reader's language writes it inside a sentence (CLDR: "anglais", "inglés", not the
    capitalised names of the language switcher)."""
    from plenary.core.templatetags.plenary import language_name as cldr_name

    return cldr_name(language_code(code)) or code


def source_language(obj) -> str:
    """The language an object is written in: its own `language` field where it has one (news, documents)."""
    return language_code(getattr(obj, "language", "") or settings.LANGUAGE_CODE)


def text_hash(text: str) -> str:
    """What a translation records of the text it was made from, to tell later whether that text changed."""
    return hashlib.sha256(" ".join((text or "").split()).encode()).hexdigest()


@dataclass(frozen=True)
class LocalizedText:
    """A text as shown to a reader: in their language, or in its own with a note (`is_fallback`).

    `is_stale`: a translation exists but was made from an earlier text, so the source is shown instead.
    """

    text: str
    language: str
    requested: str
    is_fallback: bool = False
    is_stale: bool = False

    def __str__(self) -> str:
        return self.text

    @property
    def direction(self) -> str:
        return "rtl" if self.language.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def requested_name(self) -> str:
        return language_name(self.requested)


def translations_attach(objects, language: str | None = None) -> list:
    """Read the translations of many objects into one language in one query (a list page), so that `localized`
    asks the database nothing more for them. Objects of several kinds may be mixed. Returns the objects."""
    objects = [obj for obj in objects if obj is not None and obj.pk is not None]
    requested = language_code(language or get_language())
    found: dict[tuple[int, int], dict] = {}
    condition = Q(pk__in=[])
    by_kind: dict[int, list[int]] = {}
    for obj in objects:
        kind = ContentType.objects.get_for_model(obj).pk
        cache = obj.__dict__.setdefault("_translations", {})
        cache[requested] = found.setdefault((kind, obj.pk), {})
        by_kind.setdefault(kind, []).append(obj.pk)
    for kind, pks in by_kind.items():
        condition |= Q(content_type_id=kind, object_id__in=pks)
    for translation in ContentTranslation.objects.filter(condition, language=requested):
        found[(translation.content_type_id, translation.object_id)][translation.field] = translation
    return objects


def translation_for(obj, field: str, language: str) -> ContentTranslation | None:
    """The stored translation of one field of an object (the caller shows the object, so may show it)."""
    if obj is None or obj.pk is None:
        return None
    attached = obj.__dict__.get("_translations", {}).get(language)
    if attached is not None:
        return attached.get(field)
    return ContentTranslation.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, field=field, language=language
    ).first()


def localized(obj, field: str, language: str | None = None) -> LocalizedText:
    """One field of an object in the reader's language (the active one by default), or in its own with a note.

    A translation made from a text that has changed since is not shown: the reader gets the current source text,
    with a note that the translation is out of date.
    """
    requested = language_code(language or get_language())
    own = source_language(obj)
    source = getattr(obj, field, "") or ""
    if requested == own or not source:
        return LocalizedText(source, own, requested)
    if field not in TRANSLATABLE_FIELDS.get(obj._meta.label, ()):
        return LocalizedText(source, own, requested, is_fallback=True)
    translation = translation_for(obj, field, requested)
    if translation is None:
        return LocalizedText(source, own, requested, is_fallback=True)
    if translation.source_hash != text_hash(source):
        return LocalizedText(source, own, requested, is_fallback=True, is_stale=True)
    return LocalizedText(translation.text, requested, requested)


@dataclass
class TranslationState:
    field: str
    language: str
    state: str  # "current", "stale" or "missing"
    translation: ContentTranslation | None = None


def translation_states(obj) -> list[TranslationState]:
    """Each translatable field of an object by each other language: current, out of date or missing."""
    own = source_language(obj)
    stored = {
        (t.field, t.language): t
        for t in ContentTranslation.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
    }
    states = []
    for name in TRANSLATABLE_FIELDS.get(obj._meta.label, ()):
        source = getattr(obj, name, "") or ""
        if not source:
            continue
        for code, _name in settings.LANGUAGES:
            if code == own:
                continue
            translation = stored.get((name, code))
            if translation is None:
                state = "missing"
            else:
                state = "current" if translation.source_hash == text_hash(source) else "stale"
            states.append(TranslationState(name, code, state, translation))
    return states


@dataclass
class TranslationOverviewRow:
    obj: object
    kind: str
    field: str
    field_label: str
    cells: list[TranslationState]

    @property
    def stale(self) -> bool:
        return any(cell.state == "stale" for cell in self.cells)

    @property
    def kind_key(self) -> str:
        return self.obj._meta.label_lower


def translation_overview(*, group: WorkingGroup, user) -> list[TranslationOverviewRow]:
    """For the secretariat: every translatable text of the group by every other language, out-of-date first.

    The objects are those the back office may change (core.visibility.managed), read in one query per kind; the
    translations in one query.
    """
    from plenary.core.visibility import managed, rule_for

    stored = {
        (t.content_type_id, t.object_id, t.field, t.language): t for t in ContentTranslation.objects.filter(group=group)
    }
    rows = []
    for label, fields in TRANSLATABLE_FIELDS.items():
        rule = rule_for(label)
        objects = managed(label, user).filter(**{rule.group_lookup(): group.pk}).order_by("pk")
        kind = ContentType.objects.get_for_model(rule.model)
        for obj in objects:
            own = source_language(obj)
            for name in fields:
                source = getattr(obj, name, "") or ""
                if not source:
                    continue
                cells = []
                for code, _name in settings.LANGUAGES:
                    if code == own:
                        cells.append(TranslationState(name, code, "source"))
                        continue
                    translation = stored.get((kind.pk, obj.pk, name, code))
                    if translation is None:
                        state = "missing"
                    else:
                        state = "current" if translation.source_hash == text_hash(source) else "stale"
                    cells.append(TranslationState(name, code, state, translation))
                rows.append(
                    TranslationOverviewRow(
                        obj,
                        str(rule.model._meta.verbose_name),
                        name,
                        str(obj._meta.get_field(name).verbose_name),
                        cells,
                    )
                )
    return sorted(rows, key=lambda row: not row.stale)


def translatable_get(*, user, kind: str, pk: int, field: str):
    """One object whose text the user may translate (its group's secretariat), or 404."""
    from django.apps import apps
    from django.http import Http404

    from plenary.core.visibility import managed

    label = next((lbl for lbl in TRANSLATABLE_FIELDS if lbl.lower() == kind), None)
    if label is None or field not in TRANSLATABLE_FIELDS[label]:
        raise Http404
    return get_object_or_404(managed(apps.get_model(label), user), pk=pk)
