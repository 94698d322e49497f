"""The pure stages that executors run: plain data in, new values out, no I/O.

Module-level functions so that a process pool or a Dask worker can import them by name.
"""

from __future__ import annotations

import numpy as np

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
