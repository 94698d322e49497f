"""The WGIG's four meetings and their sessions, from the public record (sources on each row)."""

import datetime as dt

from plenary.core.models import Visibility

from .models import DocumentKind, SessionKind
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
