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
