"""Reference numbers under load (PostgreSQL): submissions that arrive at once get distinct, consecutive numbers.

SQLite serialises every write transaction, so only PostgreSQL, with its row locks, can show a race here.
"""

import threading

import pytest
from django.db import connection

from plenary.consultations.models import Contribution
from plenary.consultations.tests.factories import make_call, submit

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"),
]

THREADS = 8


def test_concurrent_submissions_get_consecutive_numbers(group):
    call = make_call(group)
    start = threading.Barrier(THREADS)
    results: list[Contribution] = []
    errors: list[BaseException] = []

    def send(n: int) -> None:
        try:
            start.wait(timeout=30)  # all at once, including the race to create the year's counter row
            contribution, _token = submit(call, title=f"At once {n}", notify=False)
            results.append(contribution)
        except BaseException as error:  # reported by the main thread's assertions
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection; leave none open for the test database's drop

    threads = [threading.Thread(target=send, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a submission hung"
    assert errors == []
    assert sorted(c.sequence for c in results) == list(range(1, THREADS + 1))
    assert len({c.reference for c in results}) == THREADS
    stored = Contribution.objects.filter(group=group).order_by("sequence")
    assert list(stored.values_list("sequence", flat=True)) == list(range(1, THREADS + 1))


def test_comments_on_different_drafts_at_once_get_distinct_numbers(group):
    """Comment references come from the group's comments counter, not from max+1 under one draft's lock: two
    drafts in consultation at once cannot hand out the same number."""
    from plenary.drafting.models import DraftStatus, ParagraphComment
    from plenary.drafting.tests.factories import make_comment, make_draft

    drafts = [make_draft(group, slug=f"d{n}", title=f"Draft {n}", status=DraftStatus.CONSULTATION) for n in range(2)]
    keys = [d.versions.get().paragraphs.first().key for d in drafts]
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def send(n: int) -> None:
        try:
            start.wait(timeout=30)
            make_comment(drafts[n % 2], keys[n % 2], text=f"At once {n}", email=f"c{n}@example.org")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a comment hung"
    assert errors == []
    references = list(ParagraphComment.objects.filter(draft__group=group).values_list("reference", flat=True))
    assert len(references) == THREADS and len(set(references)) == THREADS
    assert sorted(int(r.rsplit("/", 1)[1]) for r in references) == list(range(1, THREADS + 1))
