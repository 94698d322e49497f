"""Faults found by fuzzing the API, each fixed: page numbers past the end, extending a closed call."""

import datetime as dt

from django.utils import timezone

from plenary.consultations.tests.factories import make_call

from .records import path_values

PAGED = [
    "/groups/{slug}/drafts",
    "/groups/{slug}/drafts/{draft}/versions",
    "/groups/{slug}/drafts/{draft}/comments",
    "/groups/{slug}/assessment",
    "/groups/{slug}/findings",
    "/groups/{slug}/reports",
    "/groups/{slug}/report-submissions",
    "/groups/",
]


def test_a_page_past_the_end_is_empty_not_an_error(client, group, record):
    """`?page=` beyond 64 bits gave a server error on seven lists (the database refused the OFFSET).

    The contribution list pages by cursor instead (test_cursor.py).
    """
    for path in PAGED:
        url = "/api/v1" + path.format(**path_values(group, record))
        count = client.get(url).json()["count"]
        for page in (10**6, 2**63, 10**30):
            response = client.get(url, {"page": page})
            assert response.status_code == 200, (path, page)
            assert response.json() == {"items": [], "count": count}


def test_a_closed_call_is_not_extended(client, group, users):
    from plenary.api.services import api_token_create

    _token, raw = api_token_create(actor=None, user=users["secretariat"], name="tests")
    call = make_call(group, slug="wsis-2005", state="closed")
    response = client.post(
        f"/api/v1/groups/{group.slug}/calls/{call.slug}/extend",
        {"closes_at": (timezone.now() + dt.timedelta(days=700)).isoformat(), "reason": "Reopen it"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "call_closed"
    call.refresh_from_db()
    assert call.state == "closed"
