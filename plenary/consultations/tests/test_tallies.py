"""The maintained counts of the public record always equal a recount, whatever path changed a contribution, and
the list and statistics pages read them in a fixed number of queries, however many contributions there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plenary.consultations import services
from plenary.consultations.models import Contribution, Tally
from plenary.consultations.tallies import tallies_rebuild
from plenary.consultations.tests.factories import make_call, submit
from plenary.core.services import RecordEdit, record_save
from plenary.issues.models import Cluster, Issue


def _snapshot(group) -> dict:
    return {(t.call_id, t.facet, t.value): t.count for t in Tally.objects.filter(group=group) if t.count}


def _assert_consistent(group):
    kept = _snapshot(group)
    tallies_rebuild(group_id=group.pk)
    assert kept == _snapshot(group)


@pytest.fixture
def issues(group):
    cluster = Cluster.objects.create(group=group, number=1, slug="c", title="Cluster")
    return [Issue.objects.create(cluster=cluster, slug=s, title=s, order=i) for i, s in enumerate(["spam", "dns"])]


def test_every_path_keeps_the_counts_equal_to_a_recount(group, users, sectors, issues):
    secretariat = users["secretariat"]
    call = make_call(group)
    items = [
        submit(call, title=f"Input {n}", profile={"country": c, "stakeholder_group": sectors["civil-society"]})[0]
        for n, c in enumerate(["KE", "BR", "FR", "KE"])
    ]
    _assert_consistent(group)  # received: nothing counted yet
    assert not _snapshot(group)
    for item in items[:3]:
        services.contribution_publish(actor=secretariat, contribution=item)
    _assert_consistent(group)
    services.contribution_tags_set(actor=secretariat, contribution=items[0], issues=issues)
    _assert_consistent(group)
    services.contribution_tags_set(actor=secretariat, contribution=items[0], issues=issues[:1])
    _assert_consistent(group)
    items[0].issues.clear()
    _assert_consistent(group)
    services.contribution_mark_spam(actor=secretariat, contribution=items[1])
    _assert_consistent(group)
    services.contribution_reject(actor=secretariat, contribution=items[3], reason="Off topic.")
    _assert_consistent(group)
    published = Contribution.objects.get(pk=items[2].pk)
    published.country = "IN"
    record_save(actor=secretariat, edit=RecordEdit(obj=published, fields=["country"]))
    _assert_consistent(group)
    Contribution.objects.filter(pk=items[0].pk).update(campaign=items[2].reference)  # as the analysis writes back
    from plenary.consultations.tallies import followers_recount

    followers_recount(group_id=group.pk)
    _assert_consistent(group)
    snapshot = _snapshot(group)
    assert snapshot[(None, "all", "")] == 2
    assert snapshot[(None, "country", "IN")] == 1 and (None, "country", "BR") not in snapshot
    assert snapshot[(None, "follower", "")] == 1


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", ["consultations:contributions", "consultations:statistics"])
def test_list_and_statistics_take_the_same_queries_at_any_size(client, group, users, sectors, page):
    call = make_call(group)

    def grow(n):
        for i in range(n):
            contribution, _token = submit(call, title=f"More {i}", profile={"country": ["KE", "FR", "BR"][i % 3]})
            services.contribution_publish(actor=users["secretariat"], contribution=contribution)

    grow(3)
    url = reverse(page, args=[group.slug])
    small = _queries(client, url)
    grow(30)
    assert _queries(client, url) == small
    assert small <= 25


def test_deep_pages_are_reached_by_cursor_and_a_damaged_cursor_is_a_clear_400(client, group, users):
    call = make_call(group)
    for i in range(45):
        contribution, _token = submit(call, title=f"Item {i:02d}")
        services.contribution_publish(actor=users["secretariat"], contribution=contribution)
    url = reverse("consultations:contributions", args=[group.slug])
    seen = []
    page = client.get(url + "?sort=title")
    for _ in range(5):
        body = page.content.decode()
        seen += [t for t in (f"Item {i:02d}" for i in range(45)) if t in body]
        marker = 'rel="next"'
        if marker not in body:
            break
        href = body.split(marker)[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
        page = client.get(url + href)
    assert seen == [f"Item {i:02d}" for i in range(45)]
    assert client.get(url + "?after=not-a-cursor").status_code == 400
