"""An illustrative draft of recommendations for the sample group, with two versions, comments and dispositions.

The WGIG's own drafts are not reproduced: every paragraph and comment below is sample text written to show the
software, marked "Illustrative" wherever it is shown, and attributed to nobody.
"""

import datetime as dt

from django.utils import timezone

from plenary.assessment.models import Finding
from plenary.consultations.models import Contribution, ContributionStatus
from plenary.groups.models import StakeholderGroup
from plenary.issues.models import Issue

from .models import Disposition, Draft, DraftStatus, ParagraphKind
from .services import (
    ParagraphInput,
    comment_dispose,
    comment_submit,
    draft_move,
    draft_save,
    draft_version_create,
    paragraph_translation_save,
)

UTC = dt.UTC
SLUG = "illustrative-recommendations"
INTERNAL_SLUG = "illustrative-internal-draft"
CONSULTATION_DAYS = 60
H, P = ParagraphKind.HEADING, ParagraphKind.PARAGRAPH

V1 = [
    (H, "Illustrative draft: the management of Internet resources"),
    (P, "This draft is illustrative. It was written to show the software and is not a text of the Working Group."),
    (P, "The oversight of the root zone should move to an arrangement in which all governments take part."),
    (P, "Existing organisations should coordinate the deployment of internationalised domain names."),
    (H, "Spam"),
    (P, "Countries should adopt laws against spam."),
    (P, "A forum should be created to share practice between enforcement authorities."),
]

# v2 keeps the keys of v1 (by position below) and changes the text where a comment was accepted.
V2 = [
    (0, H, "Illustrative draft: the management of Internet resources"),
    (1, P, "This draft is illustrative. It was written to show the software and is not a text of the Working Group."),
    (
        2,
        P,
        "The oversight of the root zone should move to an arrangement in which all governments and the other "
        "stakeholders take part, on an equal footing.",
    ),
    (
        3,
        P,
        "Existing organisations should coordinate the deployment of internationalised domain names, with a public "
        "timetable and with the communities of users concerned.",
    ),
    (4, H, "Spam"),
    (5, P, "Countries should adopt laws against spam and cooperate in their enforcement across borders."),
    (6, P, "A forum should be created to share practice between enforcement authorities."),
    (None, P, "Illustrative: the technical community should publish good practice for network operators."),
]

# Illustrative translations of v1, made before v2: (paragraph index in v1, language, text). The paragraph on spam
# changes in v2, so its translation shows in the secretariat's table of out-of-date translations.
TRANSLATIONS = [
    (
        1,
        "fr",
        "Ce projet est illustratif. Il a été écrit pour montrer le logiciel et n'est pas un texte du Groupe de "
        "travail.",
    ),
    (
        1,
        "es",
        "Este proyecto es ilustrativo. Se escribió para mostrar el programa y no es un texto del Grupo de Trabajo.",
    ),
    (5, "fr", "Illustratif : les pays devraient adopter des lois contre le spam."),
]

# (paragraph index in v1, stakeholder group, country, text, disposition, reason, changed in v2)
COMMENTS = [
    (
        2,
        "civil-society",
        "KE",
        "Illustrative comment: not only governments should take part in the oversight; all stakeholders should.",
        Disposition.ACCEPTED,
        "Illustrative response: the paragraph now names all stakeholders.",
        True,
    ),
    (
        3,
        "technical-academic",
        "JP",
        "Illustrative comment: a timetable would help; so would the involvement of language communities.",
        Disposition.PARTLY,
        "Illustrative response: a public timetable and the communities of users were added; a fixed date was not.",
        True,
    ),
    (
        5,
        "private-sector",
        "US",
        "Illustrative comment: national laws are not enough without cooperation between countries.",
        Disposition.ACCEPTED,
        "Illustrative response: cross-border cooperation was added.",
        True,
    ),
    (
        6,
        "government",
        "AR",
        "Illustrative comment: no new forum is needed; an existing organisation could do this.",
        Disposition.NOT_ACCEPTED,
        "Illustrative response: no existing organisation brings all the parties together (see the finding on spam).",
        False,
    ),
    (
        1,
        "civil-society",
        "FR",
        "Illustrative comment: the report should also discuss the cost of international leased lines.",
        Disposition.OUT_OF_SCOPE,
        "Illustrative response: that issue is dealt with in another part of the report.",
        False,
    ),
]

FIRST_ROUND_OPENS = dt.datetime(2005, 5, 2, tzinfo=UTC)
FIRST_ROUND_CLOSES = dt.datetime(2005, 5, 31, 23, 59, tzinfo=UTC)


def load(*, group, actor, stdout=None) -> None:
    issues = list(Issue.objects.filter(cluster__group=group, slug__in=["dns", "spam", "multilingualism"]))
    findings = list(Finding.objects.filter(assessment__group=group, assessment__issue__in=issues))
    cited = list(Contribution.objects.filter(group=group, is_illustrative=True, title__icontains="spam"))
    draft = draft_save(
        actor=actor,
        group=group,
        slug=SLUG,
        title="Illustrative draft recommendations on Internet resources and spam",
        summary="Illustrative: a draft written to show drafting, consultation on paragraphs and dispositions.",
        is_illustrative=True,
        order=1,
        issues=issues,
        findings=findings,
        contributions=cited,
    )
    internal = draft_save(
        actor=actor,
        group=group,
        slug=INTERNAL_SLUG,
        title="Illustrative internal draft on development issues",
        summary="Illustrative: an internal draft, seen by members and the secretariat only.",
        is_illustrative=True,
        order=2,
    )
    if not internal.versions.exists():
        draft_version_create(
            actor=actor,
            draft=internal,
            paragraphs=[
                ParagraphInput(H, "Illustrative internal draft"),
                ParagraphInput(P, "Illustrative: members are still discussing this text; the public cannot see it."),
            ],
            note="Sample data",
            check_permission=False,
            created_at=dt.datetime(2005, 5, 20, tzinfo=UTC),
        )
    if draft.versions.exists():
        return  # the history below is written once; loading again changes nothing
    v1 = draft_version_create(
        actor=actor,
        draft=draft,
        paragraphs=[ParagraphInput(kind, text) for kind, text in V1],
        note="Illustrative: first draft.",
        check_permission=False,
        created_at=dt.datetime(2005, 4, 28, tzinfo=UTC),
    )
    keys = [p.key for p in v1.paragraphs.all()]
    for index, language, text in TRANSLATIONS:
        paragraph_translation_save(
            actor=actor, draft=draft, key=keys[index], language=language, text=text, check_permission=False
        )
    draft = draft_move(
        actor=actor,
        draft=draft,
        to=DraftStatus.CONSULTATION,
        opens_at=FIRST_ROUND_OPENS,
        closes_at=FIRST_ROUND_CLOSES,
        note="Sample data: first round of consultation.",
        check_permission=False,
    )
    sectors = {s.slug: s for s in StakeholderGroup.objects.all()}
    comments = []
    for n, (index, sector, country, text, *_rest) in enumerate(COMMENTS):
        comment, _token = comment_submit(
            draft=draft,
            paragraph_key=keys[index],
            text=text,
            profile={
                "submitter_name": "Illustrative sample",
                "submitter_email": "sample-comments@example.invalid",
                "on_behalf_of": "self",
                "stakeholder_group": sectors.get(sector),
                "country": country,
                "publish_name": False,
            },
            now=FIRST_ROUND_OPENS + dt.timedelta(days=3 + n * 4),
            is_illustrative=True,
            status=ContributionStatus.PUBLISHED,
            notify=False,
        )
        comments.append(comment)
    draft = draft_move(actor=actor, draft=draft, to=DraftStatus.REVISED, note="Sample data.", check_permission=False)
    v2 = draft_version_create(
        actor=actor,
        draft=draft,
        paragraphs=[ParagraphInput(kind, text, keys[index] if index is not None else "") for index, kind, text in V2],
        note="Illustrative: revised after the first round of consultation.",
        check_permission=False,
        created_at=dt.datetime(2005, 6, 8, tzinfo=UTC),
    )
    for comment, (*_head, disposition, reason, changed) in zip(comments, COMMENTS, strict=True):
        comment_dispose(
            actor=actor,
            comment=comment,
            disposition=disposition,
            reason=reason,
            resulting_version=v2 if changed else None,
        )
    # The second round opens on the day the site is set up, so a new user can comment on a paragraph.
    opens = timezone.now().replace(minute=0, second=0, microsecond=0)
    draft = draft_move(
        actor=actor,
        draft=draft,
        to=DraftStatus.CONSULTATION,
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=CONSULTATION_DAYS),
        note="Sample data: a second round, open from the day the site was set up, to try commenting.",
        check_permission=False,
    )


def sample_draft(group) -> Draft | None:
    return Draft.objects.filter(group=group, slug=SLUG).first()
