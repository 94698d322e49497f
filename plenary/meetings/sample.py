"""The WGIG's four meetings and their sessions, from the public record (sources on each row).

Beside the record, the closed sessions get illustrative agenda items and members-only papers, so that a member
finds something to read: none of it is the WGIG's, each is marked illustrative wherever it is shown.
"""

import datetime as dt

from plenary.core.models import Visibility
from plenary.core.services import upsert

from .models import AgendaItem, DocumentKind, Session, SessionKind
from .services import document_save, meeting_save, session_save

D = dt.date
REPORT = "WGIG Background Report (June 2005), para 3"
SEED = "UN press release of 14 April 2005"

DOCUMENT_KINDS = [
    ("press-release", "Press release"),
    ("agenda", "Agenda"),
    ("working-paper", "Working paper"),
    ("report", "Report"),
    ("transcript", "Transcript"),
    ("summary", "Summary"),
    ("contribution", "Contribution"),
]

MEETINGS = [
    {
        "number": 1,
        "title": "First meeting",
        "venue": "United Nations Office at Geneva",
        "city": "Geneva",
        "country": "CH",
        "starts_on": D(2004, 11, 23),
        "ends_on": D(2004, 11, 25),
        "source": f"{REPORT}; the WGIG website, page on the November meeting",
        "sessions": [
            (D(2004, 11, 23), "Closed meeting of the WGIG", SessionKind.CLOSED, "United Nations Office at Geneva", []),
            (
                D(2004, 11, 24),
                "Open round of consultations",
                SessionKind.OPEN_CONSULTATION,
                "United Nations Office at Geneva",
                [],
            ),
            (D(2004, 11, 25), "Closed meeting of the WGIG", SessionKind.CLOSED, "United Nations Office at Geneva", []),
        ],
    },
    {
        "number": 2,
        "title": "Second meeting",
        "venue": "Geneva",
        "city": "Geneva",
        "country": "CH",
        "starts_on": D(2005, 2, 14),
        "ends_on": D(2005, 2, 18),
        "source": f"{REPORT}; the WGIG website, page on the February meeting",
        "sessions": [
            (
                D(2005, 2, 14),
                "Plenary meeting of the WGIG (open to observers without the right to speak)",
                SessionKind.OBSERVERS,
                "Geneva",
                [],
            ),
            (D(2005, 2, 15), "Open consultations (first day)", SessionKind.OPEN_CONSULTATION, "Geneva", []),
            (D(2005, 2, 16), "Open consultations (second day)", SessionKind.OPEN_CONSULTATION, "Geneva", []),
            (
                D(2005, 2, 17),
                "Closed meeting of the WGIG (first day)",
                SessionKind.CLOSED,
                "Geneva",
                ["Preparation of the Preliminary Report for PrepCom-2"],
            ),
            (
                D(2005, 2, 18),
                "Closed meeting of the WGIG (second day)",
                SessionKind.CLOSED,
                "Geneva",
                ["Preparation of the Preliminary Report for PrepCom-2"],
            ),
        ],
    },
    {
        "number": 3,
        "title": "Third meeting",
        "venue": "United Nations Office at Geneva",
        "city": "Geneva",
        "country": "CH",
        "starts_on": D(2005, 4, 18),
        "ends_on": D(2005, 4, 20),
        "description": (
            "The third meeting focuses on the roles and responsibilities of all parties involved in governance "
            "arrangements and assesses the adequacy of existing arrangements."
        ),
        "source": f"{SEED}; {REPORT}",
        "sessions": [
            (
                D(2005, 4, 18),
                "Open consultations",
                SessionKind.OPEN_CONSULTATION,
                "United Nations Office at Geneva",
                [
                    "Roles and responsibilities of all parties involved in governance arrangements",
                    "Adequacy of existing arrangements",
                ],
            ),
            (
                D(2005, 4, 19),
                "Closed meeting of the WGIG (first day)",
                SessionKind.CLOSED,
                "United Nations Office at Geneva",
                [],
            ),
            (
                D(2005, 4, 20),
                "Closed meeting of the WGIG (second day)",
                SessionKind.CLOSED,
                "United Nations Office at Geneva",
                [],
            ),
        ],
    },
    {
        "number": 4,
        "title": "Fourth and last meeting",
        "venue": "International Telecommunication Union, Geneva; Château de Bossey, Céligny",
        "city": "Geneva / Céligny",
        "country": "CH",
        "starts_on": D(2005, 6, 14),
        "ends_on": D(2005, 6, 17),
        "description": "The draft recommendations are discussed; the report is finalized.",
        "source": f"{REPORT}; {SEED}; the WGIG website, page on the June meeting",
        "sessions": [
            (
                D(2005, 6, 14),
                "Open consultations",
                SessionKind.OPEN_CONSULTATION,
                "International Telecommunication Union, Geneva",
                ["Draft recommendations"],
            ),
            (
                D(2005, 6, 15),
                "Closed meeting of the WGIG (first day)",
                SessionKind.CLOSED,
                "Château de Bossey, Céligny",
                [],
            ),
            (
                D(2005, 6, 16),
                "Closed meeting of the WGIG (second day)",
                SessionKind.CLOSED,
                "Château de Bossey, Céligny",
                [],
            ),
            (
                D(2005, 6, 17),
                "Closed meeting of the WGIG (third day)",
                SessionKind.CLOSED,
                "Château de Bossey, Céligny",
                ["Finalization of the report"],
            ),
        ],
    },
]


def load(*, group, actor, stdout=None) -> None:
    for order, (slug, name) in enumerate(DOCUMENT_KINDS):
        DocumentKind.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})
    meetings = {}
    for spec in MEETINGS:
        values = {k: v for k, v in spec.items() if k not in {"number", "sessions"}}
        values["time_zone"] = TIME_ZONE
        meeting = meeting_save(actor=actor, group=group, number=spec["number"], **values)
        meetings[spec["number"]] = meeting
        for order, (date, title, kind, venue, agenda) in enumerate(spec["sessions"]):
            session_save(
                actor=actor,
                meeting=meeting,
                date=date,
                title=title,
                kind=kind,
                venue=venue,
                order=order,
                source=spec["source"],
                agenda=agenda,
            )
    load_workspace(group=group, actor=actor)
    news = group.news.filter(slug="third-meeting-geneva-18-20-april-2005").first()
    if news:
        document_save(
            actor=actor,
            group=group,
            title=news.title,
            symbol="",
            kind=DocumentKind.objects.get(slug="press-release"),
            language="en",
            text=news.body,
            visibility=Visibility.PUBLIC,
            meeting=meetings[3],
            published_on=D(2005, 4, 14),
            source=news.source,
        )


ILLUSTRATIVE = "Illustrative sample: written to show the software, not a record of the WGIG."
TIME_ZONE = "Europe/Zurich"  # every meeting was in or near Geneva

# (meeting, session date, agenda item, papers on it: (title, symbol, text))
CLOSED_AGENDAS = [
    (
        1,
        D(2004, 11, 23),
        "Organisation of work and method",
        [
            (
                "Illustrative note on the organisation of work",
                "WGIG/ILL/2004/1",
                "Illustrative: a note proposing that the group work by clusters of issues, with a rapporteur for each.",
            ),
        ],
    ),
    (1, D(2004, 11, 25), "Working definition of Internet governance: first exchange", []),
    (
        2,
        D(2005, 2, 17),
        "Draft issue papers, cluster by cluster",
        [
            (
                "Illustrative compilation of the draft issue papers",
                "WGIG/ILL/2005/2",
                "Illustrative: the draft papers on each issue as they stood after the open consultations, for the "
                "members' comments before the Preliminary Report.",
            ),
        ],
    ),
    (
        3,
        D(2005, 4, 19),
        "Roles and responsibilities of governments, the private sector and civil society",
        [
            (
                "Illustrative working paper on roles and responsibilities",
                "WGIG/ILL/2005/3",
                "Illustrative: a table of the roles each actor plays today in each cluster of issues, prepared by the "
                "secretariat from the papers of the members and the contributions received.",
            ),
        ],
    ),
    (
        3,
        D(2005, 4, 19),
        "Adequacy of existing arrangements: the method of assessment",
        [
            (
                "Illustrative note on rating the arrangements against the principles",
                "WGIG/ILL/2005/4",
                "Illustrative: a proposal to rate, issue by issue, whether the arrangements are adequate against each "
                "principle of the Declaration of Principles (multilateral, transparent, democratic...).",
            ),
        ],
    ),
    (
        3,
        D(2005, 4, 20),
        "Issues that need further work before the June meeting",
        [
            (
                "Illustrative list of issues for further work",
                "WGIG/ILL/2005/5",
                "Illustrative: issues on which the members did not yet agree, with the member who will draft each.",
            ),
        ],
    ),
    (
        4,
        D(2005, 6, 15),
        "Draft recommendations after the open consultations",
        [
            (
                "Illustrative compilation of the comments on the draft recommendations",
                "WGIG/ILL/2005/6",
                "Illustrative: the comments received on each paragraph, with the secretariat's proposed responses.",
            ),
        ],
    ),
    (4, D(2005, 6, 16), "Models for the oversight of Internet resources", []),
    (4, D(2005, 6, 17), "Finalization of the report: open points", []),
]


def load_workspace(*, group, actor) -> None:
    """Illustrative agenda items and members-only papers for the closed sessions, and the summary of a
    consultation published as a meeting document."""
    from plenary.core.models import Visibility

    working_paper = DocumentKind.objects.get(slug="working-paper")
    for number, date, title, papers in CLOSED_AGENDAS:
        session = Session.objects.filter(meeting__group=group, meeting__number=number, date=date).first()
        if session is None:
            continue
        order = 100 + [entry[:3] for entry in CLOSED_AGENDAS].index((number, date, title))
        item, _created = upsert(
            actor=actor,
            model=AgendaItem,
            lookup={"session": session, "title": title},
            values={"order": order, "description": ILLUSTRATIVE, "is_illustrative": True},
        )
        for paper_title, symbol, text in papers:
            document_save(
                actor=actor,
                group=group,
                title=paper_title,
                symbol=symbol,
                kind=working_paper,
                language="en",
                text=text,
                visibility=Visibility.MEMBERS,
                meeting=session.meeting,
                session=session,
                agenda_item=item,
                published_on=date,
                is_illustrative=True,
                source=ILLUSTRATIVE,
            )
    april = Session.objects.filter(meeting__group=group, meeting__number=3, kind=SessionKind.OPEN_CONSULTATION).first()
    if april is not None:
        document_save(
            actor=actor,
            group=group,
            title="Illustrative summary of the open consultations of 18 April 2005",
            kind=DocumentKind.objects.get(slug="summary"),
            language="en",
            text=(
                "Illustrative: a summary written to show how the record of an open consultation is published. "
                "Speakers from governments, the private sector, civil society and the technical community "
                "addressed the roles and responsibilities of each, and the adequacy of existing arrangements."
            ),
            visibility=Visibility.PUBLIC,
            meeting=april.meeting,
            session=april,
            published_on=D(2005, 4, 18),
            is_illustrative=True,
            source=ILLUSTRATIVE,
        )
