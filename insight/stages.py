"""The pure stages that executors run: plain data in, new values out, no I/O.

Module-level functions so that a process pool or a Dask worker can import them by name.
"""

from __future__ import annotations

import numpy as np

from insight.boilerplate import Boilerplate, chunk_line_counts, is_file_line, strip
from insight.campaigns import Fingerprints, fingerprint
from insight.classify import STUDENT_PASSAGE_CHARS, Student, embed, features, read_features, student_text
from insight.executors import FileRef, resolve
from insight.languages import detect_languages


def stage_fingerprint(texts: list[str], given: list[str | None]) -> tuple[list[str | None], Fingerprints]:
    """Languages and MinHash signatures of one chunk."""
    langs = detect_languages(texts, given)
    return langs, fingerprint(texts, langs)


def stage_signatures(texts: list[str]) -> Fingerprints:
    """Signatures alone (languages unknown: the script picks the shingle length); the benchmark times this."""
    return fingerprint(texts, [None] * len(texts))


def stage_embed(texts: list[str]) -> np.ndarray:
    """Embeddings of one batch of texts for the teacher."""
    return embed(texts)


def stage_features(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashed n-gram features of one batch (for training the student)."""
    return features(texts)


def stage_score(texts: list[str], fixed: np.ndarray, student_ref: Student | FileRef) -> np.ndarray:
    """Issue scores of one chunk: rows of `fixed` that hold NaN are scored by the student, the rest kept."""
    out = fixed.copy()
    todo = np.flatnonzero(np.isnan(fixed[:, 0]))
    if len(todo):
        idx, off = features([texts[i] for i in todo])
        student: Student = resolve(student_ref)
        out[todo] = student.scores(idx, off)
    return out


# ---------------------------------------------------------------- stock lines (campaign stage)


def stage_fingerprint_lines(
    texts: list[str], given: list[str | None], max_chars: int
) -> tuple[list[str | None], Fingerprints, dict[int, tuple[int, str]]]:
    """Pass 1 with stock lines: languages, signatures, and how many records of the chunk hold each short line."""
    langs, fp = stage_fingerprint(texts, given)
    return langs, fp, chunk_line_counts(texts, max_chars)


def stage_restrip(
    texts: list[str], given: list[str | None], hashes: frozenset[int], files: bool, max_chars: int
) -> tuple[list[int], list[str | None], Fingerprints | None, list[int]]:
    """Records of a chunk that hold stock lines, read again without them: (rows, languages, signatures, kinds).

    kind 0: free text is left; 1: nothing but stock lines (no free text); 2: nothing but stock and file names.
    """
    bp = Boilerplate(hashes=hashes, files=files)
    rows: list[int] = []
    stripped: list[str] = []
    kinds: list[int] = []
    for i, t in enumerate(texts):
        s = strip(t, bp, max_chars)
        if s is t:
            continue
        rows.append(i)
        stripped.append(s)
        if s.strip():
            kinds.append(0)
        else:
            kinds.append(2 if any(is_file_line(x) for x in t.splitlines()) else 1)
    if not rows:
        return [], [], None, []
    langs = detect_languages(stripped, [given[i] for i in rows])
    return rows, langs, fingerprint(stripped, langs), kinds


# ---------------------------------------------------------------- issues read well: scores with their evidence

EVIDENCE_PASSAGES = 6  # passages of a long text read for evidence and for the further issues it addresses
EVIDENCE_SPLIT = 320  # a text longer than one quotation is read by its paragraphs or passages


def stage_score_evidence(
    texts: list[str], fixed: np.ndarray, student_ref: Student | FileRef, want: list[bool] | None = None
) -> tuple[np.ndarray, list[tuple[list[str], np.ndarray] | None]]:
    """Issue probabilities of one chunk with, last column, the probability of being about any issue at all;
    rows of `fixed` (I + 1 columns) that hold NaN are scored by the student, the rest kept. And for each long text,
    its passages with their per-issue probabilities (P, I); None for a short text: it is its own passage. `want`
    says which rows need passages (a campaign member shares its representative's reading)."""
    want = want if want is not None else [True] * len(texts)
    from insight.text import PASSAGE_CHARS, all_passages, is_long, spread

    out = fixed.copy()
    todo = np.flatnonzero(np.isnan(fixed[:, 0])).tolist()
    ev: list[tuple[list[str], np.ndarray] | None] = [None] * len(texts)
    longs = [i for i, t in enumerate(texts) if (is_long(t) or len(t) > EVIDENCE_SPLIT) and want[i]]
    if not todo and not longs:
        return out, ev
    # Each long text is cut once, for what the student reads of it and for its evidence passages, and the
    # student reads the texts to score and the passages in one batch (its rows do not depend on one another).
    cut = {i: all_passages(texts[i], PASSAGE_CHARS) for i in longs}
    same_cut = cut if STUDENT_PASSAGE_CHARS == PASSAGE_CHARS else {}
    reads = [student_text(texts[i], same_cut.get(i)) for i in todo]
    parts = [spread(cut[i], EVIDENCE_PASSAGES) for i in longs]
    reads.extend(student_text(q) for ps in parts for q in ps)
    student: Student = resolve(student_ref)
    p, topic = student.scores_and_topic(*read_features(reads))
    n_todo = len(todo)
    if n_todo:
        out[todo, :-1] = p[:n_todo]
        out[todo, -1] = topic[:n_todo]
    at = n_todo
    for i, ps in zip(longs, parts, strict=True):
        ev[i] = (ps, p[at : at + len(ps)])
        at += len(ps)
    return out, ev
