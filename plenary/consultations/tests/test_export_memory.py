"""An export streams in flat memory: each row is freed as soon as it is written, by reference counting alone
(no row waits for the garbage collector), so a longer export does not need more memory."""

import gc
import tracemalloc

from plenary.consultations.services import contributions_import
from plenary.consultations.tests.factories import make_call


def _rows(start: int, n: int) -> list[dict]:
    return [
        {"submitter_name": f"R {i}", "country": "KE", "kind": "comment", "title": f"View {i}", "text": "x " * 400}
        for i in range(start, start + n)
    ]


def _peak(client, path: str) -> int:
    gc.collect()
    gc.disable()  # what reference counting alone frees: a cycle per row would pile up here
    tracemalloc.start()
    try:
        response = client.get(path)
        size = sum(len(chunk) for chunk in response.streaming_content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        gc.enable()
    assert response.status_code == 200 and size > 0
    return peak


def test_a_four_times_longer_export_needs_no_more_memory(client, group, users):
    call = make_call(group)
    contributions_import(actor=users["secretariat"], call=call, rows=_rows(0, 300))
    paths = [f"/{group.slug}/contributions/export.jsonl", f"/{group.slug}/contributions/export.csv"]
    for path in paths:
        _peak(client, path)  # first use fills per-process caches
    short = {path: _peak(client, path) for path in paths}
    contributions_import(actor=users["secretariat"], call=call, rows=_rows(10_000, 900))
    long = {path: _peak(client, path) for path in paths}
    for path in paths:
        assert long[path] < short[path] * 1.5 + 2**20, (path, short[path], long[path])
