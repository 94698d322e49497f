"""Campaign detection: MinHash signatures per record (a pure stage), then LSH banding and verification.

Why not plain LSH at a high threshold: campaigners' edits (a personal paragraph, a dropped sentence) pull the
Jaccard similarity of two signatories of the same letter down to 0.4-0.6. So the bands are tuned for a low
threshold, and every candidate pair is verified on the full signature with Jaccard *or containment* (the shared
part measured against the shorter text), which stays high when one letter adds a paragraph to the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import rensa

from insight.text import is_cjk, ngram_hashes, normalise, sorted_unique, text_hash

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
    # Verification against the representative (see `refine`): a member whose text holds the representative's
    # may add at most this much text of its own (a personal paragraph); one that adds more quotes the letter.
    max_growth: float = 1.8
    member_jaccard: float = 0.45  # the member test's Jaccard against the representative (sisters: about 0.4)
    member_containment: float = 0.85
    dense_jaccard: float = 0.8  # the representative is the sample member with most members this alike
    max_rounds: int = 2000  # representatives tried per candidate group
    family_jaccard: float = 0.3  # a campaign whose representative is this alike a larger one's is its sister


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
    """Driver step: per record, the position of its campaign's representative; -1 for a record alone.

    Pairs similar as wholes (Jaccard) join candidate groups (connected components); pairs where one text only
    contains the other (a letter plus a personal paragraph, or with sentences dropped) attach a lone record to a
    group but never join two groups, so that a short comment quoting two letters cannot chain two campaigns into
    one. Components only propose: `refine` then keeps in a campaign only the records that pass the member test
    against its representative, so chaining through shared paragraphs cannot grow a campaign.
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
    labels = refine(fp, labels, p)
    sizes = np.bincount(np.where(labels >= 0, labels, n), minlength=n + 1)[:n]
    labels[(labels >= 0) & (sizes[np.maximum(labels, 0)] < p.min_size)] = -1
    return labels


def member_test(
    sig: np.ndarray, nsh: np.ndarray, rep: int, members: np.ndarray, p: CampaignParams
) -> tuple[np.ndarray, np.ndarray]:
    """(estimated Jaccard to the representative, passes) for each of `members`.

    A member is the representative's letter with its edits: alike as a whole (Jaccard), or held in the
    representative's text (sentences dropped), or holding it with at most `max_growth` times its length (a
    personal paragraph added). A comment that quotes the letter and says more of its own does not pass.
    """
    j = (sig[members] == sig[rep]).mean(axis=1)
    nm = nsh[members].astype(np.float64)
    nr = float(nsh[rep])
    inter = j * (nm + nr) / (1.0 + j)
    inside_rep = inter / np.maximum(nm, 1.0)
    holds_rep = inter / max(nr, 1.0)
    c = p.member_containment
    contained = (inside_rep >= c) | ((holds_rep >= c) & (nm <= p.max_growth * nr))
    ok = (j >= p.member_jaccard) | ((j >= p.containment_floor) & contained)
    return j.astype(np.float32), ok


def pick_representative(sig: np.ndarray, members: np.ndarray, p: CampaignParams) -> int:
    """The most typical of up to 64 members spread over the group: most members very alike, then mean likeness.

    Counting the members at `dense_jaccard` or more (rather than the mean alone) keeps a member that holds only the
    core two sister letters share from standing for both.
    """
    if len(members) > 64:
        sample = members[np.linspace(0, len(members) - 1, 64).astype(np.int64)]
    else:
        sample = members
    s = sig[sample]
    agree = (s[:, None, :] == s[None, :, :]).mean(axis=2)
    dense = (agree >= p.dense_jaccard).sum(axis=1)
    order = np.lexsort((sample, -agree.sum(axis=1), -dense))
    return int(sample[order[0]])


def refine(fp: Fingerprints, labels: np.ndarray, p: CampaignParams) -> np.ndarray:
    """Candidate groups to campaigns: representatives peeled off one by one, every member verified against one.

    In each candidate group: pick a representative among the records not yet placed, take every record that
    passes the member test against it, and repeat on the rest (a representative that gathers fewer than
    `min_size` is left alone). Then each record joins the passing representative it is most alike (with up to 32
    representatives in the group; beyond, the first that took it). A representative found later that passes the
    member test against an earlier one (the most edited copies of the same letter) adds its records to that one.
    Returns per record its representative's position, or -1.
    """
    sig, nsh = fp.signatures, fp.shingles
    n = len(labels)
    out = np.full(n, -1, dtype=np.int64)
    # Two representatives are one letter only when alike as pairs are for LSH (sister letters are about 0.4 alike).
    strict = replace(p, member_jaccard=p.min_jaccard)
    order = np.argsort(labels, kind="stable")
    sl = labels[order]
    starts = np.flatnonzero(np.concatenate(([True], sl[1:] != sl[:-1])))
    ends = np.concatenate((starts[1:], [n]))
    big = np.flatnonzero(ends - starts >= p.min_size)
    for g in big.tolist():
        members = order[starts[g] : ends[g]]
        residual = members
        reps: list[int] = []
        first = np.full(len(members), -1, dtype=np.int64)
        rounds = 0
        while len(residual) >= p.min_size and rounds < p.max_rounds:
            rounds += 1
            rep = pick_representative(sig, residual, p)
            _, ok = member_test(sig, nsh, rep, residual, p)
            if int(ok.sum()) >= p.min_size:
                # The most edited signatories of a letter gather around one of them: when that one passes the
                # member test against a representative already found, they are that campaign, not a new one.
                same = [r for r in reps if member_test(sig, nsh, r, np.array([rep]), strict)[1][0]]
                taken = np.isin(members, residual[ok], assume_unique=True)
                if same:
                    first[taken] = same[0]
                else:
                    reps.append(rep)
                    first[taken] = rep
                residual = residual[~ok]
            else:
                residual = residual[residual != rep]
        if not reps:
            continue
        if len(reps) == 1:
            out[members] = first
            continue
        if len(reps) <= 32:
            best_j = np.full(len(members), -1.0, dtype=np.float32)
            best = np.full(len(members), -1, dtype=np.int64)
            for rep in reps:
                j, ok = member_test(sig, nsh, rep, members, p)
                better = ok & (j > best_j)
                best_j[better] = j[better]
                best[better] = rep
            best[np.isin(members, reps)] = members[np.isin(members, reps)]  # a representative stays its own
            out[members] = best
        else:
            out[members] = first
    return out


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
    """Campaigns numbered by size (largest first): `index` per record (-1 alone), and per campaign its facts.

    `similarity` holds, per campaign, the min, median and max estimated Jaccard of its members (the representative
    left out) to the representative: why it is one. `family` numbers the families (letters of one organiser
    sharing a core: representatives at `family_jaccard` or more), -1 for a campaign with no sister. `samples`
    holds up to three members (least alike, median, most alike) whose texts show the passage they share.
    """

    index: np.ndarray  # (n,) int32 campaign number or -1
    sizes: np.ndarray  # (c,) int64
    representatives: np.ndarray  # (c,) int64 record position
    variants: np.ndarray  # (c,) int64 distinct normalised texts
    similarity: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), np.float32))  # (c, 3)
    family: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # (c,)
    samples: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), np.int64))  # (c, 3), -1 where fewer


def group(fp: Fingerprints, labels: np.ndarray, params: CampaignParams | None = None) -> CampaignGroups:
    """Number the campaigns deterministically; `labels` holds each member's representative (from `cluster`)."""
    p = params or CampaignParams()
    n = len(labels)
    in_c = np.flatnonzero(labels >= 0)
    roots = sorted_unique(labels[in_c])
    inverse = np.searchsorted(roots, labels[in_c])
    counts = np.bincount(inverse, minlength=len(roots)).astype(np.int64)
    # Largest first, ties by the representative's position: the same order on every executor.
    order = np.lexsort((roots, -counts))
    rank = np.empty(len(roots), dtype=np.int64)
    rank[order] = np.arange(len(roots))
    index = np.full(n, -1, dtype=np.int32)
    index[in_c] = rank[inverse]
    sizes = counts[order]
    reps = roots[order].astype(np.int64)
    c_n = len(roots)
    variants = np.zeros(c_n, dtype=np.int64)
    sim = np.ones((c_n, 3), dtype=np.float32)
    samples = np.full((c_n, 3), -1, dtype=np.int64)
    if c_n:
        by_c = np.argsort(index[in_c], kind="stable")
        members_sorted = in_c[by_c]
        bounds = np.concatenate(([0], np.cumsum(sizes)))
        sig = fp.signatures
        for c in range(c_n):
            members = members_sorted[bounds[c] : bounds[c + 1]]
            variants[c] = len(sorted_unique(fp.text_hashes[members]))
            others = members[members != reps[c]]
            if len(others):
                j = (sig[others] == sig[reps[c]]).mean(axis=1)
                o = np.argsort(j, kind="stable")
                sim[c] = (j[o[0]], float(np.median(j)), j[o[-1]])
                pick = [others[o[0]], others[o[len(o) // 2]], others[o[-1]]]
                samples[c, : len(set(pick))] = sorted({int(x) for x in pick})
    fam = families(fp.signatures[reps] if c_n else np.zeros((0, NUM_PERM), np.uint32), sizes, p)
    return CampaignGroups(index, sizes, reps, variants, sim, fam, samples)


def families(rep_sigs: np.ndarray, sizes: np.ndarray, p: CampaignParams) -> np.ndarray:
    """Family number per campaign (-1 when it has no sister): components of representatives this alike.

    Candidates come from LSH over the representatives alone, in 32 bands of 2 rows (a pair at Jaccard 0.3 is a
    candidate with probability 0.95, at 0.4 with 0.997), each verified on the full signature.
    """
    c = len(rep_sigs)
    out = np.full(c, -1, dtype=np.int64)
    if c < 2:
        return out
    rows = 2
    a_parts: list[np.ndarray] = []
    b_parts: list[np.ndarray] = []
    for band in range(NUM_PERM // rows):
        keys = _band_keys(rep_sigs, band, rows)
        order = np.argsort(keys, kind="stable")
        sk = keys[order]
        start = np.ones(c, dtype=bool)
        start[1:] = sk[1:] != sk[:-1]
        group_start = np.maximum.accumulate(np.where(start, np.arange(c), 0))
        leader, member = order[group_start], order
        cand = leader != member
        a, b = member[cand], leader[cand]
        if len(a):
            j = (rep_sigs[a] == rep_sigs[b]).mean(axis=1)
            keep = j >= p.family_jaccard
            a_parts.append(a[keep])
            b_parts.append(b[keep])
    if not a_parts:
        return out
    a, b = np.concatenate(a_parts), np.concatenate(b_parts)
    if not len(a):
        return out
    comp = _components(c, a, b)
    # No chaining: a campaign stays in its component's family only if it is alike the largest campaign there
    # (campaigns are numbered by size, so the component's label, its smallest index, is the largest).
    j_leader = (rep_sigs == rep_sigs[comp]).mean(axis=1)
    comp = np.where(j_leader >= p.family_jaccard, comp, np.arange(c))
    comp_sizes = np.bincount(comp, minlength=c)
    roots = sorted_unique(comp[comp_sizes[comp] >= 2])
    if not len(roots):
        return out
    totals = np.array([sizes[comp == r].sum() for r in roots.tolist()])
    rank = np.empty(len(roots), dtype=np.int64)
    rank[np.lexsort((roots, -totals))] = np.arange(len(roots))
    has = comp_sizes[comp] >= 2
    out[has] = rank[np.searchsorted(roots, comp[has])]
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?;。！？；])\s+|(?<=[。！？；])|\n+")


def shared_passage(rep_text: str, member_texts: list[str], max_chars: int = 300) -> str:
    """The longest run of the representative's sentences found in at least half of the sample members' texts.

    Sentences are compared normalised, so punctuation and case do not matter; a sentence with a typo in a member
    does not count as shared by that member. Empty when nothing is shared sentence by sentence.
    """
    sentences = [s.strip() for s in _SENTENCE_END.split(rep_text) if s and s.strip()]
    if not sentences or not member_texts:
        return ""
    norms = [normalise(m) for m in member_texts]
    need = max(1, (len(norms) + 1) // 2)
    shared = []
    for s in sentences:
        ns = normalise(s)
        shared.append(bool(ns) and sum(ns in m for m in norms) >= need)
    best = (0, 0, 0)  # (length, start, end)
    i = 0
    while i < len(sentences):
        if not shared[i]:
            i += 1
            continue
        k = i
        while k < len(sentences) and shared[k]:
            k += 1
        length = sum(len(x) for x in sentences[i:k])
        if length > best[0]:
            best = (length, i, k)
        i = k
    if not best[0]:
        return ""
    text = " ".join(sentences[best[1] : best[2]])
    return text if len(text) <= max_chars else text[: max_chars - 1].rsplit(" ", 1)[0] + "…"
