"""Campaign detection: MinHash signatures per record (a pure stage), then LSH banding and verification.

Why not plain LSH at a high threshold: campaigners' edits (a personal paragraph, a dropped sentence) pull the
Jaccard similarity of two signatories of the same letter down to 0.4-0.6. So the bands are tuned for a low
threshold, and every candidate pair is verified on the full signature with Jaccard *or containment* (the shared
part measured against the shorter text), which stays high when one letter adds a paragraph to the other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import rensa

from insight.text import is_cjk, ngram_hashes, sorted_unique, text_hash

NUM_PERM = 64  # u32 each: 256 bytes a record, 256 MB for a million
SEED = 20050414
K_CHARS = 7  # character shingle length for spaced scripts
K_CJK = 3  # and for Chinese/Japanese, where one character carries about a word


@dataclass(frozen=True, slots=True)
class CampaignParams:
    bands: int = 21  # 21 bands of 3 rows: a pair at Jaccard 0.5 becomes a candidate with probability 0.94
    rows: int = 3
    min_jaccard: float = 0.5
    min_containment: float = 0.85
    containment_floor: float = 0.15  # a pair needs at least this Jaccard for containment to count
    min_shingles: int = 8  # shorter texts ("I agree.") are never grouped by similarity alone
    min_size: int = 2


@dataclass(slots=True)
class Fingerprints:
    """Per record: MinHash signature, number of shingles, and a hash of the normalised text (for variants)."""

    signatures: np.ndarray  # (n, NUM_PERM) uint32
    shingles: np.ndarray  # (n,) int32
    text_hashes: np.ndarray  # (n,) int64


def fingerprint(texts: list[str], languages: list[str | None]) -> Fingerprints:
    """Stage: MinHash each text with rensa over character shingles (k by script)."""
    # Lower case and folded white space only: the full normalise() (punctuation regex) doubles this stage's cost
    # and measured no better on campaigns, whose edits are words and sentences, not punctuation.
    norms = [" ".join(t.lower().split()) for t in texts]
    ks = [
        K_CJK if (lang in ("zh", "ja") or (lang is None and is_cjk(n))) else K_CHARS
        for n, lang in zip(norms, languages, strict=False)
    ]
    # Spaces carry no meaning between CJK characters; dropping them keeps shingles stable across spacing edits.
    norms_k = [n.replace(" ", "") if k == K_CJK else n for n, k in zip(norms, ks, strict=False)]
    flat, offsets = ngram_hashes(norms_k, ks)
    counts = np.diff(offsets).astype(np.int32)
    n = len(texts)
    sig = np.zeros((n, NUM_PERM), dtype=np.uint32)
    nonempty = np.flatnonzero(counts > 0)
    if len(nonempty):
        # rensa computes a whole chunk's digests in one Rust call from pre-hashed shingles.
        sub_off = np.concatenate(([0], np.cumsum(counts[nonempty]))).astype(np.uint64)
        sub_flat = np.concatenate([flat[offsets[i] : offsets[i + 1]] for i in nonempty]) if len(nonempty) < n else flat
        m = rensa.RMinHash.digest_matrix_from_flat_token_hashes(sub_flat, sub_off, NUM_PERM, SEED)
        sig[nonempty] = np.asarray(m.to_rows(), dtype=np.uint32)
    th = np.fromiter((text_hash(x) for x in norms), dtype=np.int64, count=n)
    return Fingerprints(sig, counts, th)


def _band_keys(sig: np.ndarray, band: int, rows: int) -> np.ndarray:
    block = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
    key = np.zeros(len(sig), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(rows):
            key = key * np.uint64(0x100000001B3) + block[:, j]
    return key


def _verify(
    sig: np.ndarray, nsh: np.ndarray, a: np.ndarray, b: np.ndarray, p: CampaignParams
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair: strong (Jaccard), weak (containment only), and the estimated Jaccard."""
    strong = np.zeros(len(a), dtype=bool)
    weak = np.zeros(len(a), dtype=bool)
    jac = np.zeros(len(a), dtype=np.float32)
    step = 200_000  # bounded temporary arrays for very large candidate sets
    for s in range(0, len(a), step):
        aa, bb = a[s : s + step], b[s : s + step]
        j = (sig[aa] == sig[bb]).mean(axis=1)
        na, nb = nsh[aa].astype(np.float64), nsh[bb].astype(np.float64)
        inter = j * (na + nb) / (1.0 + j)
        cont = inter / np.maximum(np.minimum(na, nb), 1.0)
        strong[s : s + step] = j >= p.min_jaccard
        weak[s : s + step] = (j < p.min_jaccard) & (cont >= p.min_containment) & (j >= p.containment_floor)
        jac[s : s + step] = j
    return strong, weak, jac


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components by min-label propagation with pointer jumping; label = smallest member index."""
    labels = np.arange(n, dtype=np.int64)
    if len(a) == 0:
        return labels
    while True:
        m = np.minimum(labels[a], labels[b])
        before = labels.copy()
        np.minimum.at(labels, a, m)
        np.minimum.at(labels, b, m)
        while True:
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(before, labels):
            return labels


def cluster(fp: Fingerprints, params: CampaignParams | None = None) -> np.ndarray:
    """Driver step: component label per record (the smallest index of its group); -1 for a record alone.

    Pairs similar as wholes (Jaccard) join components; pairs where one text only contains the other (a letter
    plus a personal paragraph, or with sentences dropped) attach a lone record to a group but never join two
    groups, so that a short comment quoting two letters cannot chain two campaigns into one.
    """
    p = params or CampaignParams()
    sig, nsh = fp.signatures, fp.shingles
    n = len(sig)
    eligible = np.flatnonzero(nsh >= p.min_shingles)
    strong_a: list[np.ndarray] = []
    strong_b: list[np.ndarray] = []
    weak_a: list[np.ndarray] = []
    weak_b: list[np.ndarray] = []
    weak_j: list[np.ndarray] = []
    for band in range(p.bands):
        keys = _band_keys(sig, band, p.rows)[eligible]  # not sig[eligible]: that would copy every signature
        order = np.argsort(keys, kind="stable")
        sk = keys[order]
        start = np.ones(len(sk), dtype=bool)
        start[1:] = sk[1:] != sk[:-1]
        group_start = np.maximum.accumulate(np.where(start, np.arange(len(sk)), 0))
        leader = eligible[order[group_start]]
        member = eligible[order]
        cand = leader != member
        a, b = member[cand].astype(np.int32), leader[cand].astype(np.int32)  # int32: half the memory at 1M
        strong, weak, jac = _verify(sig, nsh, a, b, p)
        strong_a.append(a[strong])
        strong_b.append(b[strong])
        weak_a.append(a[weak])
        weak_b.append(b[weak])
        weak_j.append(jac[weak])
    empty = np.zeros(0, dtype=np.int32)
    labels = _components(
        n, np.concatenate(strong_a) if strong_a else empty, np.concatenate(strong_b) if strong_b else empty
    )
    if weak_a:
        wa, wb, wj = np.concatenate(weak_a), np.concatenate(weak_b), np.concatenate(weak_j)
        labels = _attach(labels, wa, wb, wj)
    sizes = np.bincount(labels, minlength=n)
    labels[sizes[labels] < p.min_size] = -1
    return labels


def _attach(labels: np.ndarray, a: np.ndarray, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Containment edges: a lone record joins the group it resembles most; two groups are never joined."""
    n = len(labels)
    sizes = np.bincount(labels, minlength=n)
    la, lb = labels[a], labels[b]
    alone_a, alone_b = sizes[la] == 1, sizes[lb] == 1
    # Lone record -> a group: keep, per lone record, the edge with the highest Jaccard (ties: smallest label).
    src = np.concatenate((a[alone_a & ~alone_b], b[alone_b & ~alone_a]))
    dst = np.concatenate((lb[alone_a & ~alone_b], la[alone_b & ~alone_a]))
    jj = np.concatenate((j[alone_a & ~alone_b], j[alone_b & ~alone_a]))
    out = labels.copy()
    if len(src):
        order = np.lexsort((dst, -jj, src))
        first = np.ones(len(order), dtype=bool)
        first[1:] = src[order][1:] != src[order][:-1]
        pick = order[first]
        out[src[pick]] = dst[pick]
    # Two lone records that only contain one another form a pair (and may then gather others like them).
    both = alone_a & alone_b & (out[a] == labels[a]) & (out[b] == labels[b])
    if both.any():
        pair = _components(n, a[both], b[both])
        touched = np.zeros(n, dtype=bool)
        touched[a[both]] = True
        touched[b[both]] = True
        out[touched] = pair[touched]
    return out


@dataclass(slots=True)
class CampaignGroups:
    """Campaigns numbered by size (largest first): `index` per record (-1 alone), and per campaign its facts."""

    index: np.ndarray  # (n,) int32 campaign number or -1
    sizes: np.ndarray  # (c,) int64
    representatives: np.ndarray  # (c,) int64 record position
    variants: np.ndarray  # (c,) int64 distinct normalised texts


def group(fp: Fingerprints, labels: np.ndarray) -> CampaignGroups:
    """Number the campaigns deterministically and pick each one's most typical member as its representative."""
    n = len(labels)
    in_c = np.flatnonzero(labels >= 0)
    roots = sorted_unique(labels[in_c])
    inverse = np.searchsorted(roots, labels[in_c])
    counts = np.bincount(inverse, minlength=len(roots)).astype(np.int64)
    # Largest first, ties by first member: the same order on every executor.
    order = np.lexsort((roots, -counts))
    rank = np.empty(len(roots), dtype=np.int64)
    rank[order] = np.arange(len(roots))
    index = np.full(n, -1, dtype=np.int32)
    index[in_c] = rank[inverse]
    sizes = counts[order]
    reps = np.zeros(len(roots), dtype=np.int64)
    variants = np.zeros(len(roots), dtype=np.int64)
    if len(roots):
        by_c = np.argsort(index[in_c], kind="stable")
        members_sorted = in_c[by_c]
        bounds = np.concatenate(([0], np.cumsum(sizes)))
        for c in range(len(roots)):
            members = members_sorted[bounds[c] : bounds[c + 1]]
            variants[c] = len(sorted_unique(fp.text_hashes[members]))
            sample = members[:64]
            s = fp.signatures[sample]
            agree = (s[:, None, :] == s[None, :, :]).sum(axis=(1, 2))
            reps[c] = sample[int(np.argmax(agree))]
    return CampaignGroups(index, sizes, reps, variants)
