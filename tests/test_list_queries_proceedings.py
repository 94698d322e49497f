"""The meetings, news and decisions lists (pages and feeds) read in a fixed number of queries, for every role:
more meetings, sessions, news items and decisions add rows to a page, never queries (no N+1)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plenary.groups.services import news_save
from plenary.meetings.models import SessionKind
from plenary.meetings.services import meeting_save, session_save
from plenary.proceedings.services import decision_disclose, decision_record

PAGES = [
    "/{g}/meetings/",
    "/{g}/meetings/calendar.ics",
    "/{g}/news/",
    "/{g}/news/feed/",
    "/{g}/decisions/",
    "/{g}/decisions/feed/",
    "/{g}/",
]
ROLES = ["anonymous", "member", "chair", "secretariat"]


@pytest.fixture
def proceedings(group, users):
    state = {"n": 0}

    def grow(n: int) -> None:
        start = state["n"]
        for i in range(start, start + n):
            first = dt.date(2005, 1, 10) + dt.timedelta(days=7 * i)
            meeting = meeting_save(
                actor=None,
                group=group,
                number=i + 1,
                title=f"Meeting {i + 1}",
                venue="Geneva",
                starts_on=first,
                ends_on=first + dt.timedelta(days=1),
            )
            open_session = session_save(
                actor=None, meeting=meeting, date=first, title="Open consultations",
                kind=SessionKind.OPEN_CONSULTATION, agenda=[f"Item {i}a", f"Item {i}b"],
            )  # fmt: skip
            closed = session_save(
                actor=None, meeting=meeting, date=first + dt.timedelta(days=1), title="Closed meeting",
                kind=SessionKind.CLOSED, agenda=[f"Item {i}c"],
            )  # fmt: skip
            for session in (open_session, closed):
                decision = decision_record(
                    actor=None, session=session, title=f"Decision {i} in {session.title}", proposed_by="The chair"
                )
                if session is open_session:
                    decision_disclose(actor=users["chair"], decision=decision)
            news_save(
                actor=None,
                group=group,
                slug=f"news-{i}",
                title=f"News {i}",
                summary=f"Summary {i}",
                body=f"Body of news {i}.",
                published_at=timezone.now() - dt.timedelta(days=i + 1),
            )
        state["n"] += n

    return grow


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


def test_meetings_news_and_decisions_read_in_a_fixed_number_of_queries(clients, group, proceedings):
    proceedings(2)

    def counts() -> dict[tuple[str, str], int]:
        return {(role, path): _count(clients[role], path.format(g=group.slug)) for role in ROLES for path in PAGES}

    counts()  # once, so that per-process caches (content types, filled on first use) are not counted as growth
    small = counts()
    proceedings(12)
    large = counts()
    assert large == small  # more rows, not more queries
    assert max(small.values()) <= 30, small


def test_the_grown_lists_show_what_each_role_may_see(clients, group, proceedings):
    proceedings(3)
    public = clients["anonymous"].get(f"/{group.slug}/decisions/").content.decode()
    member = clients["member"].get(f"/{group.slug}/decisions/").content.decode()
    assert "Decision 2 in Open consultations" in public and "Decision 2 in Closed meeting" not in public
    assert "Decision 2 in Closed meeting" in member
    assert "News 2" in clients["anonymous"].get(f"/{group.slug}/news/").content.decode()
    assert "Meeting 3" in clients["anonymous"].get(f"/{group.slug}/meetings/").content.decode()
