"""An illustrative assessment of a few issues of the sample group, so a new user sees the matrix filled in.

None of this is the WGIG's record: every rating, statement and finding below is sample text written to show the
software, marked "Illustrative" on every page and in the report, and attributed to nobody.
"""

from plenary.consultations.models import Contribution
from plenary.issues.models import Issue, Principle
from plenary.meetings.models import Meeting

from .models import Actor, IssueAssessment, Rating
from .services import assessment_release, assessment_save, finding_save, rating_save, role_statement_save

R = Rating
# Issue slug -> (released, ratings per principle in the order of issues.sample.PRINCIPLES, findings)
ASSESSMENTS = {
    "dns": (
        True,
        [R.PARTLY, R.PARTLY, R.INADEQUATE, R.PARTLY, R.PARTLY, R.ADEQUATE, R.ADEQUATE, R.PARTLY],
        [
            (
                "Oversight of the root zone",
                "Illustrative finding: the arrangements for authorising changes to the root zone file rest with one "
                "government, which many participants consider inconsistent with a multilateral arrangement.",
                "root servers",
            ),
        ],
    ),
    "spam": (
        True,
        [R.NOT_ADDRESSED, R.PARTLY, R.PARTLY, R.INADEQUATE, R.NOT_ADDRESSED, R.PARTLY, R.INADEQUATE, R.NOT_ADDRESSED],
        [
            (
                "No forum for cross-border cooperation against spam",
                "Illustrative finding: enforcement is national while spam is global; no existing organisation "
                "brings together the authorities, operators and users concerned.",
                "spam",
            ),
        ],
    ),
    "multilingualism": (
        True,
        [R.PARTLY, R.ADEQUATE, R.PARTLY, R.PARTLY, R.INADEQUATE, R.INADEQUATE, R.PARTLY, R.INADEQUATE],
        [
            (
                "Internationalised domain names are slow to arrive",
                "Illustrative finding: users who do not write in Latin script cannot yet use domain names in their "
                "own languages; the standards exist but their deployment is not coordinated.",
                "multilingual",
            ),
            (
                "Content in local languages",
                "Illustrative finding: the tools and incentives for creating content in local languages are weak.",
                None,
            ),
        ],
    ),
    "cybercrime": (
        False,
        [R.PARTLY, R.PARTLY, R.PARTLY, R.INADEQUATE, R.PARTLY, R.PARTLY, R.INADEQUATE, R.NOT_ADDRESSED],
        [
            (
                "Uneven accession to the existing convention",
                "Illustrative working finding, not released: few countries outside one region have joined the "
                "existing convention on cybercrime.",
                None,
            ),
        ],
    ),
}

ROLES = {
    Actor.GOVERNMENTS: "Illustrative: public policy-making and coordination, and the enabling environment.",
    Actor.PRIVATE_SECTOR: "Illustrative: investment, innovation and the operation of networks and services.",
    Actor.CIVIL_SOCIETY: "Illustrative: awareness, the voice of users and attention to the public interest.",
    Actor.INTERNATIONAL_ORGANISATIONS: "Illustrative: standards, cooperation and capacity building.",
    Actor.TECHNICAL_ACADEMIC: "Illustrative: protocols, research and the stable operation of the network.",
}


def _evidence(group, keyword: str | None) -> list[Contribution]:
    if not keyword:
        return []
    return list(Contribution.objects.filter(group=group, is_illustrative=True, title__icontains=keyword))


def load(*, group, actor, stdout=None) -> None:
    principles = list(Principle.objects.filter(group=group).order_by("order"))
    issues = {i.slug: i for i in Issue.objects.filter(cluster__group=group, slug__in=ASSESSMENTS)}
    third_meeting = Meeting.objects.filter(group=group, number=3).first()
    for slug, (released, ratings, findings) in ASSESSMENTS.items():
        issue = issues.get(slug)
        if issue is None:
            continue
        assessment = assessment_save(
            actor=actor,
            issue=issue,
            arrangements=(
                "Illustrative: the organisations listed above carry the arrangements today; this summary was "
                "written for the sample and is not the Working Group's text."
            ),
            instruments="Illustrative: the instruments in force would be listed here.",
            summary=f"Illustrative assessment of “{issue.title}”, written to show the software.",
            is_illustrative=True,
        )
        for principle, rating in zip(principles, ratings, strict=False):
            rating_save(
                actor=actor,
                assessment=assessment,
                principle=principle,
                rating=rating,
                rationale=f"Illustrative rationale for “{principle.label}”.",
                minority_views="Illustrative: some members held that the arrangements are adequate."
                if rating == R.INADEQUATE
                else "",
            )
        for stakeholder, statement in ROLES.items():
            role_statement_save(actor=actor, assessment=assessment, stakeholder=stakeholder, statement=statement)
        for number, (title, text, keyword) in enumerate(findings, 1):
            finding_save(
                actor=actor,
                assessment=assessment,
                number=number,
                title=title,
                text=text,
                contributions=_evidence(group, keyword),
                meetings=[third_meeting] if third_meeting else [],
            )
        if released and assessment.status != "released":
            assessment_release(actor=actor, assessment=assessment, note="Sample data")


def sample_assessments(group) -> list[IssueAssessment]:
    return list(IssueAssessment.objects.filter(group=group, is_illustrative=True))
