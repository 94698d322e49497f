"""Text normalisation and vectorised shingle hashing shared by the campaign and classification stages.

Shingles are character n-grams over the normalised text, hashed with numpy over a whole chunk at once:
a per-word Python loop costs more than the MinHash itself. Characters rather than words because Chinese
and Japanese have no spaces, and because a typo then disturbs only n shingles out of hundreds.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

import numpy as np

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def normalise(text: str) -> str:
    """Lower-case, NFKC, punctuation and runs of space folded to one space: the form campaigns are compared in."""
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def is_cjk(text: str) -> bool:
    """True when Han or kana characters make up a good share of the opening (shingle by characters, no spaces)."""
    sample = text[:120]
    return len(_CJK.findall(sample)) * 3 > len(sample)


def splitmix64(x: np.ndarray) -> np.ndarray:
    """Finalise 64-bit hashes so that nearby polynomial values spread over all bits."""
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def ngram_hashes(texts: list[str], k: int | list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of every character k-gram of each text, as one flat uint64 array and row offsets.

    `k` may differ per text. A text shorter than its k contributes one shingle (itself); an empty text none.
    """
    ks = [k] * len(texts) if isinstance(k, int) else list(k)
    parts: list[np.ndarray] = []
    offsets = np.zeros(len(texts) + 1, dtype=np.uint64)
    # Group texts by k so that each group is hashed in one vectorised sweep.
    by_k: dict[int, list[int]] = {}
    for i, kk in enumerate(ks):
        by_k.setdefault(kk, []).append(i)
    per_text: list[np.ndarray | None] = [None] * len(texts)
    for kk, idx in by_k.items():
        cps = [np.frombuffer(texts[i].encode("utf-32-le"), dtype=np.uint32) for i in idx]
        lens = np.array([len(c) for c in cps], dtype=np.int64)
        if lens.sum() == 0:
            for i in idx:
                per_text[i] = np.zeros(0, dtype=np.uint64)
            continue
        flat = np.concatenate(cps).astype(np.uint64)
        starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
        n = len(flat)
        m = max(n - kk + 1, 0)
        h = np.zeros(m, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(kk):
                h = h * np.uint64(1000003) + flat[j : j + m]
        h = splitmix64(h ^ np.uint64(kk))
        for pos, i in enumerate(idx):
            s, ln = int(starts[pos]), int(lens[pos])
            if ln >= kk:
                per_text[i] = h[s : s + ln - kk + 1]
            elif ln > 0:
                v = np.uint64(0)
                with np.errstate(over="ignore"):
                    for c in flat[s : s + ln]:
                        v = v * np.uint64(1000003) + c
                per_text[i] = splitmix64(np.array([v], dtype=np.uint64))
            else:
                per_text[i] = np.zeros(0, dtype=np.uint64)
    for i, arr in enumerate(per_text):
        assert arr is not None
        parts.append(arr)
        offsets[i + 1] = offsets[i] + len(arr)
    flat_all = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
    return flat_all, offsets


def sorted_unique(a: np.ndarray) -> np.ndarray:
    """Sorted distinct values by sort and compare: numpy 2's hash-based np.unique is many times slower here."""
    s = np.sort(a, kind="stable")
    if len(s) == 0:
        return s
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def text_hash(norm: str) -> int:
    """A stable 63-bit hash of a text (Python's hash() is salted per process); two CRC-32s, cheap in C."""
    b = norm.encode()
    return ((zlib.crc32(b) << 31) ^ (zlib.crc32(b, 0x9E3779B9) & 0x7FFFFFFF)) & 0x7FFFFFFFFFFFFFFF
