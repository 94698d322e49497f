"""Search on PostgreSQL: a rare word is ranked from the entries its words match (the GIN index first), and gives
what the walk of the newest entries gives; the connections compile no JIT."""

import pytest
from django.db import connection

from plenary.consultations.models import ContributionStatus
from plenary.consultations.tests.factories import make_call, submit
from plenary.core import search as search_module
from plenary.core.search import search

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def _published(call, title, text, status=ContributionStatus.PUBLISHED, country="KE"):
    contribution, _ = submit(call, title=title, text=text, profile={"country": country})
    contribution.status = status
    contribution.save()
    return contribution


@pytest.fixture
def record(group):
    call = make_call(group)
    for n in range(5):
        _published(call, f"View {n}", "Governance of names.")
    seen = [
        _published(call, "Wetlands", f"A quillwort, view {n}." + " Quillwort again." * n, country=c)
        for n, c in enumerate(["KE", "FR"])
    ]
    hidden = _published(call, "Wetlands", "A quillwort not yet published.", status=ContributionStatus.RECEIVED)
    return seen, hidden


def _ranked(results):
    return [(h.url, round(h.rank, 6)) for h in results.hits]


def test_a_rare_word_finds_only_what_the_reader_may_see(record):
    seen, hidden = record
    results = search(viewer=None, query="quillwort")
    assert results.exact and results.total == 2
    assert {h.url for h in results.hits} == {c.get_absolute_url() for c in seen}
    assert hidden.get_absolute_url() not in {h.url for h in results.hits}
    assert search(viewer=None, query="quillwort", filters={"country": "FR"}).total == 1
    assert search(viewer=None, query="quillwort", filters={"group": "nope"}).total == 0


def test_a_rare_word_ranks_as_the_walk_of_the_newest_entries_does(record, monkeypatch):
    """The same hits and ranks whether the candidates come from the matched ids or from the backward key walk."""
    from_index = search(viewer=None, query="quillwort")
    calls = []

    def more_than_the_window(self, *args):
        calls.append(args)
        return None  # as if the words matched more entries than the window holds

    monkeypatch.setattr(search_module.PostgresBackend, "_matched_few", more_than_the_window)
    walked = search(viewer=None, query="quillwort")
    assert calls
    assert from_index.total == walked.total == 2
    assert _ranked(from_index) == _ranked(walked)


def test_a_common_word_still_stops_at_the_window(record, monkeypatch):
    monkeypatch.setattr(search_module, "CANDIDATES", 3)
    results = search(viewer=None, query="governance")
    assert not results.exact and results.total == 3


def test_the_planner_settings_are_set_back_inside_a_transaction(record):
    """The test runs in a transaction, as a request may: the index-only probe leaves the planner as it found it."""
    search(viewer=None, query="quillwort")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
        assert cursor.fetchone() == ("on", "on")


def test_connections_compile_no_jit(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
