"""The API's contribution list pages by cursor: every contribution once, in order, in a fixed number of queries
whatever the depth, with the count from the maintained tallies; a damaged cursor is a clear 400."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plenary.consultations.services import contribution_publish
from plenary.consultations.tests.factories import make_call, submit

URL = "/api/v1/groups/{slug}/contributions"


@pytest.fixture
def record(group, users):
    call = make_call(group)
    published = []
    for i in range(23):
        contribution, _ = submit(call, title=f"Public {i:02d}")
        published.append(contribution_publish(actor=users["secretariat"], contribution=contribution))
    submit(call, title="HIDDENONE")
    return published


def _walk(client, url, params):
    seen, queries, pages = [], [], 0
    answer = client.get(url, params).json()
    while True:
        pages += 1
        assert answer["count"] == 23 and answer["count_exact"] is True
        seen += [item["reference"] for item in answer["items"]]
        if not answer["next"]:
            return seen, queries, pages, answer
        assert answer["next"].startswith(settings.SITE_URL.rstrip("/") + "/api/v1/")  # the configured address
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(answer["next"]).json()
        queries.append(len(captured))


@pytest.mark.parametrize("sort", ["newest", "oldest", "title", "reference"])
def test_the_cursor_walks_every_published_contribution_once(client, group, record, sort):
    seen, queries, pages, last = _walk(client, URL.format(slug=group.slug), {"page_size": 5, "sort": sort})
    assert pages == 5
    assert sorted(seen) == sorted(c.reference for c in record)
    assert len(seen) == len(set(seen))
    assert len(set(queries)) == 1, queries  # page 2 costs what page 5 costs
    back = client.get(last["previous"]).json()
    assert [i["reference"] for i in back["items"]] == seen[15:20]


def test_the_first_page_is_bounded_and_says_where_to_go(client, group, record, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        answer = client.get(URL.format(slug=group.slug), {"page_size": 10}).json()
    assert len(answer["items"]) == 10
    assert answer["previous"] is None
    assert "cursor=" in answer["next"] and "page_size=10" in answer["next"]
    assert "HIDDENONE" not in str(answer)


def test_a_filter_no_tally_counts_is_counted_up_to_a_bound(client, group, record):
    answer = client.get(URL.format(slug=group.slug), {"title": "x", "kind": "contribution", "sort": "oldest"}).json()
    kinds = client.get(URL.format(slug=group.slug), {"kind": "contribution", "call": "open"}).json()
    assert kinds["count_exact"] is True and kinds["count"] == 23 == len(kinds["items"])
    assert answer["count"] == 23


@pytest.mark.parametrize("cursor", ["nonsense", "W10", "WyJuIiwgWzEsIDJdXQ", "%00", "a" * 500])
def test_a_damaged_cursor_is_a_clear_400(client, group, record, cursor):
    response = client.get(URL.format(slug=group.slug), {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_cursor"
