"""The scoring stage cuts each long text once and scores texts and passages in one batch: the same numbers as
reading them one way at a time, on a seeded corpus; and the streamed spreadsheet holds what openpyxl would write."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from long_documents import LONG_DOCUMENTS

from insight import io
from insight.classify import features, student_text, train_student
from insight.stages import EVIDENCE_PASSAGES, EVIDENCE_SPLIT, stage_score_evidence
from insight.text import all_passages, is_long, passages, spread

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import corpus


@pytest.fixture(scope="module")
def seeded():
    """Texts of a seeded synthetic corpus, the long documents, and a student trained on the corpus's issues."""
    pairs = list(corpus.generate(900, seed=7))
    texts = [rec["text"] for rec, _ in pairs] + [d[4] for d in LONG_DOCUMENTS]
    issues = sorted({t.issue for _, t in pairs})
    y = np.zeros((600, len(issues) + 1), np.float32)
    for k, (_, t) in enumerate(pairs[:600]):
        y[k, issues.index(t.issue)] = 1.0
    idx, off = features(texts[:600])
    student = train_student(idx, off, y, np.ones(600, np.float32), iterations=10, none_column=True)
    return texts[600:], student


def _one_way_at_a_time(texts, fixed, student, want):
    """The stage as it read before: whole texts first, then each long text cut again for its passages."""
    out = fixed.copy()
    todo = np.flatnonzero(np.isnan(fixed[:, 0]))
    if len(todo):
        p, topic = student.scores_and_topic(*features([texts[i] for i in todo]))
        out[todo, :-1] = p
        out[todo, -1] = topic
    ev = [None] * len(texts)
    longs = [i for i, t in enumerate(texts) if (is_long(t) or len(t) > EVIDENCE_SPLIT) and want[i]]
    if longs:
        parts = [passages(texts[i], EVIDENCE_PASSAGES) for i in longs]
        sc = student.scores(*features([q for ps in parts for q in ps]))
        at = 0
        for i, ps in zip(longs, parts, strict=True):
            ev[i] = (ps, sc[at : at + len(ps)])
            at += len(ps)
    return out, ev


def test_batched_scores_and_evidence_are_those_read_one_way_at_a_time(seeded):
    texts, student = seeded
    n_issues = student.weights.shape[0] - 1
    rng = np.random.default_rng(3)
    fixed = np.full((len(texts), n_issues + 1), np.nan, np.float32)
    kept = rng.random(len(texts)) < 0.3  # rows scored elsewhere (campaign members, embedded texts) stay as given
    fixed[kept] = rng.random((int(kept.sum()), n_issues + 1)).astype(np.float32)
    want = (rng.random(len(texts)) < 0.8).tolist()
    assert sum(1 for t in texts if is_long(t)) >= 20 and sum(not w for w in want) > 0
    got, got_ev = stage_score_evidence(texts, fixed, student, want)
    ref, ref_ev = _one_way_at_a_time(texts, fixed, student, want)
    assert np.array_equal(got, ref)
    assert [e is None for e in got_ev] == [e is None for e in ref_ev]
    for g, r in zip(got_ev, ref_ev, strict=True):
        if r is not None:
            assert g[0] == r[0] and np.array_equal(g[1], r[1])
    # Nothing to score and nothing long: the given rows come back as they were.
    short = [t[:200] for t in texts[:5]]
    same, ev = stage_score_evidence(short, np.full((5, n_issues + 1), 0.5, np.float32), student)
    assert np.all(same == 0.5) and ev == [None] * 5


def test_one_cut_serves_both_budgets(seeded):
    texts, _ = seeded
    longs = [t for t in texts if is_long(t)]
    for t in longs:
        cut = all_passages(t)
        assert spread(cut, 6) == passages(t, 6) and spread(cut, 10) == passages(t, 10)
        assert student_text(t, cut) == student_text(t)


def test_streamed_sheet_reads_back_as_openpyxl_writes_it(tmp_path):
    rows = [
        ["r1", "2005-03-17", "", None, 0, 1, 0.1173, 4, "leased-line-costs", " lead and trail ", "#N/A", "#x"],
        ["a&b<c>d\r\ne", "'=SUM(A1)", "=SUM(A1)", 1.5e-20, 123456789012, True, np.int64(3), np.float32(0.25)],
        ["日本語のテキスト。", "نص عربي", "Ελληνικά", "x" * 40_000, -7, float("nan"), "tab\there", "line\nbreak"],
    ]
    head = [f"c{k}" for k in range(12)]
    w = io.SheetWriter(tmp_path / "fast.xlsx", "records")
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("records")
    for row in [head, *rows]:
        w.append(row)
        ws.append(row)
    w.close()
    wb.save(tmp_path / "openpyxl.xlsx")
    for read_only in (True, False):
        fast = openpyxl.load_workbook(tmp_path / "fast.xlsx", read_only=read_only)
        ref = openpyxl.load_workbook(tmp_path / "openpyxl.xlsx", read_only=read_only)
        assert fast.sheetnames == ref.sheetnames == ["records"]
        assert list(fast.active.iter_rows(values_only=True)) == list(ref.active.iter_rows(values_only=True))
    from openpyxl.utils.exceptions import IllegalCharacterError

    bad = io.SheetWriter(tmp_path / "bad.xlsx", "records")
    with pytest.raises(IllegalCharacterError):
        bad.append(["a\x01b"])
    bad.discard()
    assert not (tmp_path / "bad.xlsx").exists()
