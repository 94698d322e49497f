"""The sample group: the UN Working Group on Internet Governance (2004-2005), from the public record.

Facts only, each with its source. Country, region and stakeholder group of the members are not printed in the
source; they are derived from the affiliation and place and marked as derived.
"""

import csv
import datetime as dt
from pathlib import Path

from .models import Role, StakeholderGroup
from .services import group_save, membership_save, milestone_save, news_save, person_save

SAMPLE_DIR = Path(__file__).parent / "sample"
SLUG = "wgig"
MEMBERS_SOURCE = "WGIG Background Report (June 2005), annex: list of members and secretariat"
SEED_SOURCE = (
    "UN press release of 14 April 2005 (NEW YORK, 13 April), "
    "“Working Group on Internet Governance to Meet in Geneva, 18 - 20 April”"
)

STAKEHOLDER_GROUPS = [
    ("government", "Government"),
    ("private-sector", "Private sector"),
    ("civil-society", "Civil society"),
    ("technical-academic", "Technical and academic community"),
    ("international-organisations", "International organisations"),
]

MANDATE = (
    "To prepare the ground for the negotiations of the second phase of the World Summit on the Information "
    "Society (Tunis, November 2005) on Internet governance: to develop a working definition of Internet "
    "governance, identify the public policy issues that are relevant to it, and develop a common understanding of "
    "the respective roles and responsibilities of governments, existing international organisations and other "
    "forums, the private sector and civil society. The Working Group is not a negotiating body, but a working "
    "group with the task of preparing the ground for the negotiations to be held in the framework of the World "
    "Summit on the Information Society."
)


def stakeholder_groups_load() -> dict[str, StakeholderGroup]:
    groups = {}
    for order, (slug, name) in enumerate(STAKEHOLDER_GROUPS):
        groups[slug], _ = StakeholderGroup.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})
    return groups


def load(actor, stdout=None):
    """Create or update the sample group and its members; return the group. Safe to run again."""
    sectors = stakeholder_groups_load()
    group = group_save(
        actor=actor,
        slug=SLUG,
        name="Working Group on Internet Governance",
        acronym="WGIG",
        reference_prefix="WGIG",
        mandate=MANDATE,
        established_by=(
            "the Secretary-General of the United Nations, at the request of the World Summit on the Information Society"
        ),
        established_on=dt.date(2004, 11, 11),
        parent_body="World Summit on the Information Society (WSIS), United Nations",
        report_to=(
            "the Secretary-General of the United Nations, for the second phase of the WSIS (Tunis, November 2005)"
        ),
        final_report_due=dt.date(2005, 7, 31),
        contact_name="Markus Kummer",
        contact_title="Executive Coordinator, Secretariat of the Working Group on Internet Governance",
        contact_phone="+41 (0)22 917 54 88",
        contact_address="Palais des Nations, Geneva, Switzerland",
        source=(
            f"{SEED_SOURCE}; WGIG Background Report (June 2005), paras 2-3 and 8 (establishment announced on "
            "11 November 2004); WSIS Geneva Declaration of Principles and Plan of Action (2003)."
        ),
    )
    derived = {row["name"]: row for row in _read_csv("wgig_members_derived.csv")}
    for order, row in enumerate(_read_csv("wgig_members_2005.csv")):
        person = person_save(actor=actor, name=row["name"], group=group)
        listed_role = row["role"]
        if listed_role == "Chairman":
            role = Role.CHAIR
        elif listed_role == "Member":
            role = Role.MEMBER
        elif row["affiliation_as_listed"] == "Executive Coordinator":
            role = Role.EXECUTIVE_COORDINATOR
        else:
            role = Role.SECRETARIAT
        fact = derived.get(row["name"])
        is_secretariat = role in {Role.SECRETARIAT, Role.EXECUTIVE_COORDINATOR}
        membership_save(
            actor=actor,
            group=group,
            person=person,
            role=role,
            title=row["affiliation_as_listed"] if is_secretariat else "",
            affiliation="" if is_secretariat else row["affiliation_as_listed"],
            place=row["place_as_listed"],
            country=fact["country"] if fact else "",
            stakeholder_group=sectors[fact["stakeholder_group"]] if fact else None,
            derived_fields=["country", "region", "stakeholder_group"] if fact else [],
            personal_capacity=True,
            appointed_on=dt.date(2004, 11, 11) if not is_secretariat else None,
            appointed_by="" if is_secretariat else "Secretary-General of the United Nations",
            order=order,
            source=MEMBERS_SOURCE + (f"; derived from {fact['derived_from']}" if fact else ""),
        )
    for row in _read_csv("wgig_calendar_2003_2005.csv"):
        if row["kind"] == "meeting":
            continue  # the four meetings are Meetings, with sessions (meetings app)
        milestone_save(
            actor=actor,
            group=group,
            title=row["event"],
            kind=row["kind"],
            starts_on=dt.date.fromisoformat(row["date_start"]),
            ends_on=dt.date.fromisoformat(row["date_end"]),
            location=row["location"],
            source=row["source"],
            source_quote=row["source_quote"],
        )
    news_save(
        actor=actor,
        group=group,
        slug="third-meeting-geneva-18-20-april-2005",
        title="Working Group on Internet Governance to Meet in Geneva, 18 - 20 April",
        summary=(
            "Focus on Roles, Responsibilities, Adequacy of Internet Arrangements. Consultations open to all "
            "interested parties will be held on 18 April; the Working Group will hold a closed meeting on 19 "
            "and 20 April."
        ),
        body=_press_release_body(),
        language="en",
        published_at=dt.datetime(2005, 4, 14, 12, 0, tzinfo=dt.UTC),
        source=SEED_SOURCE,
    )
    if stdout:
        stdout.write(f"  group {group.acronym}: {group.memberships.count()} memberships")
    return group


def _press_release_body() -> str:
    text = (SAMPLE_DIR / "wgig-press-release-2005-04-14.txt").read_text(encoding="utf-8")
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    # Drop the heading lines (kept as title and date) and the trailing link placeholder of the archived copy.
    paragraphs = [p for p in paragraphs if p and not p.startswith("*") and p not in {"Press Releases", "14 April 2005"}]
    return "\n\n".join(paragraphs[2:])


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(SAMPLE_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


DEMO_PASSWORD = "plenary-demo"  # noqa: S105 (local demo accounts, created only on request)
DEMO_ROLES = [
    ("demo-secretariat", Role.SECRETARIAT, "Demo account: secretariat"),
    ("demo-chair", Role.VICE_CHAIR, "Demo account: vice-chair"),
    ("demo-member", Role.MEMBER, "Demo account: member"),
]


def demo_accounts_load(group) -> list[str]:
    """Sign-in accounts for trying each role locally. Their people are marked as demo and never listed."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    lines = []
    admin, created = user_model.objects.get_or_create(
        username="demo-admin",
        defaults={"is_staff": True, "is_superuser": True, "display_name": "Demo site administrator"},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    lines.append(f"demo-admin / {DEMO_PASSWORD} (site administrator)")
    for username, role, label in DEMO_ROLES:
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"display_name": label, "is_staff": role == Role.SECRETARIAT}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        person = person_save(actor=None, name=label, group=group, user=user, is_demo=True)
        membership_save(actor=None, group=group, person=person, role=role, title=label, personal_capacity=False)
        lines.append(f"{username} / {DEMO_PASSWORD} ({role.label})")
    participant, created = user_model.objects.get_or_create(
        username="demo-participant", defaults={"display_name": "Demo account: registered participant"}
    )
    if created:
        participant.set_password(DEMO_PASSWORD)
        participant.save()
    lines.append(f"demo-participant / {DEMO_PASSWORD} (registered participant)")
    return lines
