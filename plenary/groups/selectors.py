from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plenary.core.collation import collated
from plenary.core.regions import REGIONS
from plenary.core.templatetags.plenary import region as region_name
from plenary.core.visibility import visible

from .models import MEMBER_ROLES, Gender, Membership, Milestone, NewsItem, Role, StakeholderGroup, WorkingGroup


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
    return visible(NewsItem, viewer).filter(group=group)


def news_get(*, group: WorkingGroup, slug: str, viewer=None) -> NewsItem:
    return get_object_or_404(news_list(group=group, viewer=viewer), slug=slug)


def milestone_list(*, group: WorkingGroup) -> QuerySet[Milestone]:
    return visible(Milestone, None).filter(group=group)
