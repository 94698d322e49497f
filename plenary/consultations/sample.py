"""The sample group's calls: its two historical calls for comments, and one call open from the day the site is set
up, so that a new user can try the whole journey. The few sample contributions are illustrative, marked so on
every page and in every export, and attributed to nobody."""

import datetime as dt

from django.utils import timezone

from plenary.groups.models import StakeholderGroup

from .models import Call, Channel, ContributionKind, ContributionStatus
from .services import _status_set, call_questions_set, call_save, contribution_submit

UTC = dt.UTC
OPEN_CALL_SLUG = "open-call"
# An illustrative questionnaire for the call to try: closed questions (one with a stance) and an open one.
SAMPLE_QUESTIONS = [
    {
        "key": "oversight",
        "kind": "single",
        "label": "Should the oversight of the Internet's core resources be shared among governments?",
        "choices": [
            {"id": "yes", "label": "Yes", "stance": "support"},
            {"id": "no", "label": "No", "stance": "oppose"},
            {"id": "unsure", "label": "Not sure", "stance": "neutral"},
        ],
    },
    {
        "key": "priorities",
        "kind": "multiple",
        "label": "Which issues should the group take up first?",
        "choices": [
            {"id": "spam", "label": "Spam"},
            {"id": "costs", "label": "Internet leased line costs"},
            {"id": "multilingualism", "label": "Multilingualism"},
            {"id": "capacity", "label": "Capacity-building"},
        ],
    },
    {"key": "why", "kind": "open", "label": "Why? Tell the group in your own words."},
]
OPEN_CALL_DAYS = 60

HISTORICAL_CALLS = [
    {
        "slug": "comments-first-draft-working-papers",
        "title": "Public comments on the first draft working papers",
        "instructions": (
            "The Working Group invites comments from all stakeholders on its first draft working papers on the "
            "public policy issues of Internet governance, before its second meeting in February 2005."
        ),
        "kinds": ["comment", "paper"],  # plain strings: the JSON field stores them so, and reloading compares equal
        "opens_at": dt.datetime(2005, 2, 1, tzinfo=UTC),
        "closes_at": dt.datetime(2005, 2, 11, 23, 59, tzinfo=UTC),
        "source": (
            "Deadline of 11 February 2005: plenary/groups/sample/wgig_calendar_2003_2005.csv (comment deadline). "
            "The opening date is not in the source; 1 February 2005 is set for the sample."
        ),
    },
    {
        "slug": "comments-before-june-2005-consultation",
        "title": "Comments before the open consultation of 14 June 2005",
        "instructions": (
            "Interested parties are invited to submit papers, comments and contributions on the roles and "
            "responsibilities of all parties and on the adequacy of existing arrangements, to be taken into "
            "account in the open consultation of 14 June 2005 and the Working Group's final report."
        ),
        "kinds": ["paper", "comment", "contribution"],
        "opens_at": dt.datetime(2005, 4, 21, tzinfo=UTC),
        "closes_at": dt.datetime(2005, 6, 13, 23, 59, tzinfo=UTC),
        "source": (
            "The open consultation of 14 June 2005: UN press release of 14 April 2005 and the WGIG calendar. "
            "The opening and closing dates of this call are set for the sample."
        ),
    },
]

# Illustrative only: made up for the sample, attributed to nobody, and marked as such wherever they are shown.
ILLUSTRATIVE = [
    ("civil-society", "BR", "en", "Illustrative sample: multilingual domain names and access for all"),
    ("private-sector", "DE", "en", "Illustrative sample: spam needs cooperation between existing organisations"),
    ("government", "SN", "fr", "Exemple illustratif : la gouvernance de l'internet et les pays en développement"),
    ("technical-academic", "IN", "en", "Illustrative sample: stable and secure functioning of the root servers"),
]
ILLUSTRATIVE_TEXT = {
    "en": (
        "This text is an illustrative sample made for the demonstration of the software. It is not a real "
        "submission and no one wrote it to the Working Group. It discusses {topic} so that the lists, filters, "
        "statistics and search of the sample group have something to show."
    ),
    "fr": (
        "Ce texte est un exemple illustratif créé pour la démonstration du logiciel. Ce n'est pas une vraie "
        "contribution et personne ne l'a adressé au Groupe de travail. Il traite de {topic} afin que les listes, "
        "les filtres, les statistiques et la recherche du groupe d'exemple aient quelque chose à montrer."
    ),
}


def load(*, group, actor, stdout=None) -> None:
    calls = {}
    for spec in HISTORICAL_CALLS:
        calls[spec["slug"]] = call_save(actor=actor, group=group, **spec)
    if not Call.objects.filter(group=group, slug=OPEN_CALL_SLUG).exists():
        # Dates are set once, when the site is set up; loading the sample again does not move them.
        opens = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        call_save(
            actor=actor,
            group=group,
            slug=OPEN_CALL_SLUG,
            title="Open call for contributions: try the consultation",
            instructions=(
                "This call belongs to the sample group and opens on the day the site is set up, so that anyone "
                "can try sending a contribution, with a PDF, and follow it through moderation and publication. "
                "It is not a call of the historical Working Group."
            ),
            kinds=[ContributionKind.PAPER, ContributionKind.COMMENT, ContributionKind.CONTRIBUTION],
            opens_at=opens,
            closes_at=opens + dt.timedelta(days=OPEN_CALL_DAYS),
            source="Sample data: a call to try the software.",
        )
    open_call = Call.objects.get(group=group, slug=OPEN_CALL_SLUG)
    if not open_call.questions.exists():
        call_questions_set(actor=actor, call=open_call, questions=SAMPLE_QUESTIONS)
    call = calls["comments-before-june-2005-consultation"]
    if call.contributions.filter(is_illustrative=True).exists():
        return
    sectors = {s.slug: s for s in StakeholderGroup.objects.all()}
    for day, (sector, country, language, title) in enumerate(ILLUSTRATIVE):
        topic = title.split(":", 1)[-1].strip()
        contribution = _illustrative_submit(
            actor=actor,
            call=call,
            sector=sectors.get(sector),
            country=country,
            title=title,
            text=ILLUSTRATIVE_TEXT[language].format(topic=topic),
            now=call.opens_at + dt.timedelta(days=10 + day * 7),
        )
        _status_set(actor=actor, contribution=contribution, status=ContributionStatus.PUBLISHED, verb="published")
    _corpus_load(group=group, actor=actor, call=call, sectors=sectors)


def _corpus_load(*, group, actor, call, sectors) -> None:
    """The illustrative comments and campaigns of sample_corpus, published and tagged with their issue."""
    from plenary.core.services import event_record
    from plenary.issues.models import Issue

    from .sample_corpus import AWAITING_MODERATION, CAMPAIGNS, UNIQUE, campaign_letters

    issues = {issue.slug: issue for issue in Issue.objects.filter(cluster__group=group)}
    entries = [(slug, sector, country, title, text) for slug, sector, country, _lang, title, text in UNIQUE]
    for slug, _lang, title, sentences, signatories, personal in CAMPAIGNS:
        letters = campaign_letters(sentences, len(signatories), personal)
        entries += [
            (slug, sector, country, title, letter)
            for (sector, country), letter in zip(signatories, letters, strict=True)
        ]
    for number, (slug, sector, country, title, text) in enumerate(entries):
        contribution = _illustrative_submit(
            actor=actor,
            call=call,
            sector=sectors.get(sector),
            country=country,
            title=f"Illustrative sample: {title}",
            text=text,
            now=call.opens_at + dt.timedelta(days=2 + number % 50, hours=number),
        )
        if slug in issues:
            # Tagged as the sample's author meant it; recorded as the system's act, not a person's.
            contribution.issues.set([issues[slug]])
            event_record(
                actor=actor, verb="tagged", target=contribution, changes={"issues": [[], [slug]]}, note="sample"
            )
        _status_set(actor=actor, contribution=contribution, status=ContributionStatus.PUBLISHED, verb="published")
    for sector, country, title, text in AWAITING_MODERATION:
        _illustrative_submit(
            actor=actor,
            call=call,
            sector=sectors.get(sector),
            country=country,
            title=title,
            text=text,
            now=call.closes_at - dt.timedelta(days=1),
        )


def _illustrative_submit(*, actor, call, sector, country: str, title: str, text: str, now):
    """Submit one illustrative comment, attributed to nobody and marked illustrative wherever it is shown."""
    contribution, _token = contribution_submit(
        actor=actor,
        call=call,
        profile={
            "submitter_name": "Illustrative sample",
            "submitter_email": "sample@example.invalid",
            "on_behalf_of": "self",
            "stakeholder_group": sector,
            "country": country,
            "publish_name": False,
        },
        kind=ContributionKind.COMMENT,
        title=title,
        text=text,
        channel=Channel.SAMPLE,
        now=now,
        notify=False,
        is_illustrative=True,
    )
    return contribution
