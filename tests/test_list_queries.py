"""Every public list page and API list reads in a fixed number of queries, whatever the size of the record: more
contributions, documents and members add rows to a page, never queries (no N+1), and none reads whole tables."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plenary.api.services import api_token_create
from plenary.consultations.models import ContributionStatus
from plenary.consultations.services import contributions_import
from plenary.consultations.tests.factories import make_call
from plenary.core.models import Visibility
from plenary.groups.models import Role
from plenary.issues.models import Cluster, Issue
from plenary.meetings.models import Document, DocumentKind
from plenary.testing import make_membership, make_user

PAGES = [
    "/{g}/",
    "/{g}/contributions/",
    "/{g}/contributions/?region=Africa&kind=comment",
    "/{g}/contributions/?sort=title",
    "/{g}/contributions/statistics/",
    "/{g}/calls/",
    "/{g}/calls/open/",
    "/{g}/issues/",
    "/{g}/issues/spam/",
    "/{g}/members/",
    "/{g}/documents/",
    "/{g}/contributions/feed/",
    "/search/?q=growing",
    "/search/?q=growing&source=contributions",
]
API = [
    "/api/v1/groups/",
    "/api/v1/groups/{g}/contributions",
    "/api/v1/groups/{g}/contributions?country=KE",
    "/api/v1/groups/{g}/members",
    "/api/v1/groups/{g}/issues",
    "/api/v1/groups/{g}/documents",
    "/api/v1/groups/{g}/calls",
    "/api/v1/groups/{g}/meetings",
]
SECRETARIAT = ["/{g}/moderation/", "/api/v1/groups/{g}/moderation"]


def _rows(start: int, n: int, issue) -> list[dict]:
    return [
        {
            "submitter_name": f"Respondent {i}",
            "country": ["KE", "FR", "BR"][i % 3],
            "kind": "comment",
            "title": f"Growing view {i}",
            "text": f"A growing record, view {i}, about spam.",
            "submitted_at": dt.datetime(2005, 3, 1, tzinfo=dt.UTC) + dt.timedelta(hours=i),
            "issues": [issue],
        }
        for i in range(start, start + n)
    ]


@pytest.fixture
def record(group, users, sectors):
    call = make_call(group)
    cluster = Cluster.objects.create(group=group, number=1, slug="c", title="C")
    issue = Issue.objects.create(cluster=cluster, slug="spam", title="Spam")
    kind = DocumentKind.objects.create(slug="paper", name="Working paper")
    _token, key = api_token_create(actor=None, user=users["secretariat"], name="bench")
    state = {"n": 0}

    def grow(n: int) -> None:
        start = state["n"]
        secretariat = users["secretariat"]
        contributions_import(actor=secretariat, call=call, rows=_rows(start, n, issue))
        contributions_import(
            actor=secretariat, call=call, rows=_rows(start + 10_000, n, issue), status=ContributionStatus.RECEIVED
        )
        for i in range(start, start + n):
            Document.objects.create(
                group=group, title=f"Paper {i}", kind=kind, visibility=Visibility.PUBLIC, text="Growing paper."
            )
            make_membership(group, make_user(f"grown{i}"), Role.MEMBER, country="FR")
        state["n"] += n

    return {"grow": grow, "key": key}


def _count(client, path: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


def test_every_list_reads_in_a_fixed_number_of_queries(client, clients, group, record):
    record["grow"](3)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {record['key']}"}

    def counts() -> dict[str, int]:
        paths = {p.format(g=group.slug): client for p in PAGES + API}
        found = {path: _count(c, path) for path, c in paths.items()}
        found["/{g}/moderation/"] = _count(clients["secretariat"], f"/{group.slug}/moderation/")
        found["API moderation"] = _count(client, f"/api/v1/groups/{group.slug}/moderation", **bearer)
        return found

    client.get(f"/api/v1/groups/{group.slug}/moderation", **bearer)  # the token is marked used once a minute
    counts()  # once, so that per-process caches (content types, filled on first use) are not counted as growth
    small = counts()
    record["grow"](25)
    large = counts()
    assert large == small  # more rows, not more queries
    assert max(small.values()) <= 30, small
