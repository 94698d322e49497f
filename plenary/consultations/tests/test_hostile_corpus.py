"""Over 100 hostile files, made at test time: each ends as a clear status, the worker survives, memory is bounded.

Each file goes the way an upload goes: the upload check (sniffing, sizes) refuses it with a message that names
it, or it is stored and its text is read in the limited child process. The test process plays the task worker:
it must come out of the whole corpus alive and no bigger, and no child may pass the memory limit.
"""

import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest
from django.core.exceptions import ValidationError

from plenary.consultations.extraction import Limits, extract_text
from plenary.consultations.models import ExtractionStatus
from plenary.consultations.services import attachments_check, safe_file_name
from plenary.consultations.tests.factories import make_call, upload
from plenary.consultations.tests.hostile_files import REFUSED, corpus

LIMITS = Limits(seconds=30, memory_mb=512, max_unzipped_mb=50)


def _outcome(call, hostile, folder) -> tuple[str, str, float]:
    try:
        checked = attachments_check(call=call, files=[upload(hostile.name, hostile.content)])
    except ValidationError as error:
        return REFUSED, " ".join(error.messages), 0.0
    path = folder / f"{abs(hash(hostile.name))}.bin"
    path.write_bytes(hostile.content)
    result = extract_text(str(path), checked[0].content_type, limit=LIMITS)
    path.unlink()
    return result.status, result.detail, result.peak_mb or 0.0


@pytest.fixture
def call(group):
    return make_call(group, max_upload_mb=400)


def test_every_hostile_file_ends_as_a_clear_status(call, tmp_path):
    files = corpus()
    assert len(files) >= 100
    worker = psutil.Process()
    rss_before = worker.memory_info().rss
    # Four children at a time: what a worker with four threads would run.
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda f: _outcome(call, f, tmp_path), files))
    unexpected = []
    for hostile, (status, detail, _peak) in zip(files, outcomes, strict=True):
        if status not in hostile.may_end_as:
            unexpected.append(f"{hostile.family} {hostile.name[:60]!r}: {status} ({detail[:120]})")
        if hostile.family == "path trick" and status != REFUSED:
            shown = safe_file_name(hostile.name)
            assert not re.search(r"[/\\\x00-\x1f\u202e]", shown), shown  # shown and downloaded as a plain name
        if status == REFUSED:
            assert detail, hostile.name  # a refusal always says why
        else:
            assert status in ExtractionStatus.values and status != ExtractionStatus.PENDING
            assert status == "done" or detail or status == "empty", (hostile.name, status)
    assert unexpected == []
    children_peak_mb = max(peak for _status, _detail, peak in outcomes)  # each child says its own peak
    grown_mb = (worker.memory_info().rss - rss_before) / (1 << 20)
    assert children_peak_mb < LIMITS.memory_mb
    assert grown_mb < 150  # the worker only holds the files it hands over, and lets them go
    print(
        f"\nhostile corpus: {len(files)} files, {dict(Counter(status for status, _detail, _peak in outcomes))}; "
        f"largest child {children_peak_mb:.0f} MB (limit {LIMITS.memory_mb} MB); worker grew {grown_mb:.0f} MB"
    )
