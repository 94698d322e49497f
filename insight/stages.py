"""The pure stages that executors run: plain data in, new values out, no I/O.

Module-level functions so that a process pool or a Dask worker can import them by name.
"""

from __future__ import annotations

import numpy as np

from insight.boilerplate import Boilerplate, chunk_line_counts, is_file_line, strip
from insight.campaigns import Fingerprints, fingerprint
from insight.classify import Student, embed, features
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
