"""Per-issue synthesis, accumulated chunk by chunk in bounded memory: who said what, and how balanced it is.

Counts come twice: raw (every submission) and by voices (a campaign counts once, at its representative).
Excerpts are extractive, each with its reference: a short contribution's opening, and for a long one the
passage that best matches the issue (scored at the end, only for the few contributions that may be quoted).
Campaigns appear once.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Callable

import numpy as np

from insight.classify import features
from insight.model import Campaign, Excerpt, IssueSynthesis, Record
from insight.taxonomy import Taxonomy
from insight.text import is_long, passages

PassageScorer = Callable[[list[str]], np.ndarray]  # passages -> (P, issues) scores

ASSIGN = 0.3  # an issue counts a record when it is the record's best issue or scores at least this
BALANCE_SHARE = 0.6  # alert when one sector or one region gives this share of an issue's voices
BALANCE_MIN_VOICES = 5
TOP = 5
POOL = 30
EXCERPT_CHARS = 320
EXCERPT_PASSAGES = 12  # passages of a long contribution considered for its excerpt
UNKNOWN = "unknown"

_SENTENCE_END = re.compile(r"(?<=[.!?。！？؟])\s*")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The opening sentences of a text, cut at a sentence (else a word) boundary within `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    ends = [m.start() for m in _SENTENCE_END.finditer(cut) if m.start() > limit // 3]
    if ends:
        return cut[: ends[-1]].strip()
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


class SynthesisAccumulator:
    def __init__(self, taxonomy: Taxonomy, n_campaigns: int) -> None:
        self.taxonomy = taxonomy
        n = len(taxonomy.issues)
        self.raw_group: list[Counter] = [Counter() for _ in range(n)]
        self.voice_group: list[Counter] = [Counter() for _ in range(n)]
        self.raw_region: list[Counter] = [Counter() for _ in range(n)]
        self.voice_region: list[Counter] = [Counter() for _ in range(n)]
        self.raw_country: list[Counter] = [Counter() for _ in range(n)]
        self.voice_country: list[Counter] = [Counter() for _ in range(n)]
        self.raw_day: list[Counter] = [Counter() for _ in range(n)]
        self.voice_day: list[Counter] = [Counter() for _ in range(n)]
        self.raw_total = np.zeros(n, np.int64)
        self.voice_total = np.zeros(n, np.int64)
        self.campaigns: list[list[int]] = [[] for _ in range(n)]
        self.top: list[list[tuple]] = [[] for _ in range(n)]  # min-heaps of (score, -pos, excerpt fields)
        self.pool: list[list[tuple]] = [[] for _ in range(n)]  # max-heaps on a hash of the position

    def add(
        self,
        start: int,
        chunk: list[Record],
        scores: np.ndarray,
        cindex: np.ndarray,
        is_rep: np.ndarray,
        sizes: np.ndarray,
        regions: list[str | None],
        groups: list[str | None],
        countries: list[str | None] | None = None,
        days: list[str | None] | None = None,
        positions: np.ndarray | None = None,
        assigned: np.ndarray | None = None,
    ) -> None:
        """Count one chunk. `positions` gives each row's place in the whole input (default: start, start + 1, ...),
        which indexes the per-record metadata lists; an open question passes only the rows that answered it.
        `assigned` (rows, issues) says which issues each row counts for (the records' own `assigned`, so that the
        counts and the records agree); without it, its best issue and any other scoring ASSIGN or more."""
        m = len(chunk)
        if m == 0:
            return
        pos = np.arange(start, start + m) if positions is None else np.asarray(positions)
        p = pos.tolist()
        if assigned is None:
            assigned = (scores >= ASSIGN) | (scores >= scores.max(axis=1, keepdims=True))
        memo: dict[int, bool] = {}

        def quotable(r: int) -> bool:  # checked only for rows in the running for a quotation
            if r not in memo:
                memo[r] = is_quotable(chunk[r].text)
            return memo[r]

        def first(order: np.ndarray, k: int) -> list[int]:
            out: list[int] = []
            for r in order.tolist():
                if quotable(r):
                    out.append(r)
                    if len(out) == k:
                        break
            return out

        voice = (cindex < 0) | is_rep
        grp = [groups[i] or UNKNOWN for i in p]
        reg = [regions[i] or UNKNOWN for i in p]
        cty = [countries[i] or UNKNOWN for i in p] if countries is not None else [UNKNOWN] * m
        day = [days[i] or UNKNOWN for i in p] if days is not None else [UNKNOWN] * m
        rows, cols = np.nonzero(assigned)
        for r, j in zip(rows.tolist(), cols.tolist(), strict=False):
            self.raw_group[j][grp[r]] += 1
            self.raw_region[j][reg[r]] += 1
            self.raw_country[j][cty[r]] += 1
            self.raw_day[j][day[r]] += 1
            self.raw_total[j] += 1
            if voice[r]:
                self.voice_group[j][grp[r]] += 1
                self.voice_region[j][reg[r]] += 1
                self.voice_country[j][cty[r]] += 1
                self.voice_day[j][day[r]] += 1
                self.voice_total[j] += 1
                c = int(cindex[r])
                if c >= 0:
                    self.campaigns[j].append(c)
        mix = ((pos.astype(np.uint64) * np.uint64(2654435761)) % np.uint64(1 << 32)).astype(np.int64)
        for j in range(len(self.top)):
            cand = np.flatnonzero(assigned[:, j] & voice)
            if not len(cand):
                continue
            for r in first(cand[np.argsort(-scores[cand, j], kind="stable")], TOP):
                item = (float(scores[r, j]), -p[r], self._fields(chunk[r], grp[r], reg[r], cindex[r], sizes))
                if len(self.top[j]) < TOP:
                    heapq.heappush(self.top[j], item)
                elif item[:2] > self.top[j][0][:2]:
                    heapq.heapreplace(self.top[j], item)
            for r in first(cand[np.argsort(mix[cand], kind="stable")], POOL):
                item = (
                    -int(mix[r]),
                    -p[r],
                    float(scores[r, j]),
                    self._fields(chunk[r], grp[r], reg[r], cindex[r], sizes),
                )
                if len(self.pool[j]) < POOL:
                    heapq.heappush(self.pool[j], item)
                elif item[:2] > self.pool[j][0][:2]:
                    heapq.heapreplace(self.pool[j], item)

    @staticmethod
    def _fields(rec: Record, grp: str, reg: str, c: int, sizes: np.ndarray) -> tuple:
        # A long text is kept whole (a reference, no copy) until finish() picks its best passage per issue.
        c = int(c)
        text = rec.text if _whole(rec.text) else excerpt(rec.text)
        return (rec.id, text, grp, reg, c, int(sizes[c]) if c >= 0 else 1)

    def _resolve_long(self, scorer: PassageScorer | None) -> None:
        """Replace each long text kept for a possible quotation by its passage that best matches the issue.

        Only the texts still in the top and pool heaps are split and scored (at most (TOP + POOL) per issue).
        """
        wanted: dict[str, list[str]] = {}
        for heaps in (self.top, self.pool):
            for heap in heaps:
                for item in heap:
                    f = item[-1]
                    if _whole(f[1]) and f[1] not in wanted:
                        wanted[f[1]] = passages(f[1], EXCERPT_PASSAGES)
        if not wanted:
            return
        texts = list(wanted)
        flat = [p for t in texts for p in wanted[t]]
        scores = scorer(flat) if scorer is not None else None
        span: dict[str, tuple[int, int]] = {}
        at = 0
        for t in texts:
            span[t] = (at, at + len(wanted[t]))
            at += len(wanted[t])

        def best(text: str, j: int) -> str:
            s, e = span[text]
            k = s if scores is None else s + int(np.argmax(scores[s:e, j]))
            return excerpt(flat[k])

        for heaps in (self.top, self.pool):
            for j, heap in enumerate(heaps):
                for n, item in enumerate(heap):
                    f = item[-1]
                    if f[1] in span:
                        heap[n] = (*item[:-1], (f[0], best(f[1], j), *f[2:]))

    def finish(self, campaigns: list[Campaign], passage_scorer: PassageScorer | None = None) -> list[IssueSynthesis]:
        """Per issue its synthesis; `passage_scorer` picks long contributions' excerpts (else their first passage)."""
        self._resolve_long(passage_scorer)
        out = []
        for j, issue in enumerate(self.taxonomy.issues):
            top = sorted(self.top[j], key=lambda t: (-t[0], -t[1]))
            rep = [_excerpt(score, f, campaigns) for score, _, f in top[:3]]
            chosen_ids = {e.record_id for e in rep}
            pool = [
                (score, f) for _, _, score, f in sorted(self.pool[j], key=lambda t: -t[1]) if f[0] not in chosen_ids
            ]
            distinct = _most_distinct(rep, pool, campaigns, 3)
            camp = sorted(set(self.campaigns[j]), key=lambda c: -campaigns[c].size)
            codes = balance_alert_codes(
                self.voice_group[j], self.voice_region[j], int(self.raw_total[j]), int(self.voice_total[j]), len(camp)
            )
            out.append(
                IssueSynthesis(
                    issue=issue.slug,
                    cluster=issue.cluster,
                    title=issue.title,
                    raw_total=int(self.raw_total[j]),
                    voices_total=int(self.voice_total[j]),
                    raw_by_group=dict(self.raw_group[j].most_common()),
                    voices_by_group=dict(self.voice_group[j].most_common()),
                    raw_by_region=dict(self.raw_region[j].most_common()),
                    voices_by_region=dict(self.voice_region[j].most_common()),
                    raw_by_country=dict(self.raw_country[j].most_common()),
                    voices_by_country=dict(self.voice_country[j].most_common()),
                    raw_by_day=dict(sorted(self.raw_day[j].items())),
                    voices_by_day=dict(sorted(self.voice_day[j].items())),
                    campaigns=[
                        {
                            "id": campaigns[c].id,
                            "signatories": campaigns[c].size,
                            "representative_id": campaigns[c].representative_id,
                        }
                        for c in camp
                    ],
                    representative=rep,
                    distinct=distinct,
                    alerts=[alert_text(a) for a in codes],
                    alert_codes=codes,
                )
            )
        return out


# "See the attached file", "voir pièce jointe", ...: a pointer to an attachment is not a quotation. A short list in
# the six UN languages; any line the boilerplate detector finds in a corpus is left out upstream as well.
_ATTACHMENT_POINTER = re.compile(
    r"\b(see|please find|find)\b.{0,30}\battach|\battached (file|document|paper|pdf|letter)|\bin (the )?attachment"
    r"|pi[eè]ce[s]? jointe|ci-joint|voir (le )?(fichier|document) joint|adjunt|v[ée]ase (el )?(archivo|documento)"
    r"|вложени|приложени[ея] (файл|документ)|см\.? приложение|见附件|详见附件|请参阅附件|附件中|مرفق|المرفق",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_CJK_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
MIN_QUOTE_WORDS = 6  # a quotation is at least a short sentence
MIN_QUOTE_CJK = 12


def is_quotable(text: str) -> bool:
    """True for text that reads as a sentence of the respondent's: not a file name, not "see attachment", not a
    bare list of ticked options or a few words."""
    from insight.languages import own_words

    head = text[:2000]
    words = own_words(head)
    if len(_CJK_CHARS.findall(words[:200])) >= MIN_QUOTE_CJK:
        return not (_ATTACHMENT_POINTER.search(words[:300]) and len(words) < 120)
    if len(_WORD.findall(words[:1000])) < MIN_QUOTE_WORDS:
        return False
    return not (_ATTACHMENT_POINTER.search(words[:300]) and len(words) < 200)


# Where a sentence ends: after a word of four letters or more (not "cf." or "См."), a closing quote or bracket, or
# Chinese and Japanese full stops.
_CLAUSE_END = re.compile(r"(?<=[^\W\d_]{4}[.!?;؟])\s+|(?<=[)\"»”][.!?;؟])\s+|(?<=[。！？；])")
POINTER_SENTENCE_WORDS = 15  # a sentence holding a pointer to an attachment, and this short, says only that


def attachment_only(text: str) -> bool:
    """True for text that only says where its content is: attachment file names, or "see the attached file" (in
    the languages _ATTACHMENT_POINTER knows) with fewer than a short sentence of other words beside it. Such an
    answer is not an answer to read or count (the questionnaire tallies count it as not answered)."""
    from insight.boilerplate import is_file_line
    from insight.languages import own_words

    head = text[:2000]
    lines = [line for line in head.splitlines() if line.strip()]
    if not lines:
        return False
    if all(is_file_line(line) for line in lines):
        return True  # nothing but file names ("Position_paper.pdf; annex 2.docx")
    words = own_words(head)
    if not _ATTACHMENT_POINTER.search(words):
        return False
    rest = " ".join(
        c
        for c in _CLAUSE_END.split(words)
        if not (_ATTACHMENT_POINTER.search(c) and len(_WORD.findall(c)) < POINTER_SENTENCE_WORDS)
    )
    if len(_CJK_CHARS.findall(rest)) >= MIN_QUOTE_CJK:
        return False
    return len(_WORD.findall(rest)) < MIN_QUOTE_WORDS


def _whole(text: str) -> bool:
    """Too long to quote whole: its best passage per issue is chosen at the end."""
    return len(text) > EXCERPT_CHARS or is_long(text)


def _excerpt(score: float, f: tuple, campaigns: list[Campaign]) -> Excerpt:
    rid, text, grp, reg, c, size = f
    return Excerpt(rid, text, score, grp, reg, campaigns[c].id if c >= 0 else None, size)


def _most_distinct(
    chosen: list[Excerpt], pool: list[tuple[float, tuple]], campaigns: list[Campaign], k: int
) -> list[Excerpt]:
    """Greedy farthest-first over n-gram sets: each pick is the pool text least like everything picked so far."""
    if not pool:
        return []
    texts = [e.text for e in chosen] + [f[1] for _, f in pool]
    idx, off = features(texts)
    sets = [set(idx[off[i] : off[i + 1]].tolist()) for i in range(len(texts))]
    picked = list(range(len(chosen)))
    out: list[Excerpt] = []
    cand = list(range(len(chosen), len(texts)))
    while cand and len(out) < k:

        def dist(i: int) -> float:
            if not picked:
                return 1.0
            return min(1.0 - len(sets[i] & sets[p]) / max(1, len(sets[i] | sets[p])) for p in picked)

        best = max(cand, key=lambda i: (dist(i), -i))
        cand.remove(best)
        picked.append(best)
        score, f = pool[best - len(chosen)]
        out.append(_excerpt(score, f, campaigns))
    return out


def balance_alert_codes(by_group: Counter, by_region: Counter, raw: int, voices: int, n_campaigns: int) -> list[dict]:
    """The balance alerts as codes with their figures, so that a reader (the web app) says them in its own
    language: "one_group" / "one_region" (share, name) when one sector or one region dominates an issue,
    "campaigns" (from_campaigns, raw, campaigns) when campaigns inflate it."""
    out: list[dict] = []
    for counter, code in ((by_group, "one_group"), (by_region, "one_region")):
        known = {k: v for k, v in counter.items() if k != UNKNOWN}
        total = sum(known.values())
        if total >= BALANCE_MIN_VOICES:
            name, top = max(known.items(), key=lambda kv: (kv[1], kv[0]))
            if top / total >= BALANCE_SHARE:
                out.append({"code": code, "share": round(top / total, 4), "name": name})
    if n_campaigns and raw >= 2 * max(voices, 1):
        out.append(
            {"code": "campaigns", "from_campaigns": raw - voices + n_campaigns, "raw": raw, "campaigns": n_campaigns}
        )
    return out


def alert_text(alert: dict) -> str:
    """One alert code said in plain English (the CLI's report; the web app has its own, translated)."""
    code = alert["code"]
    if code in ("one_group", "one_region"):
        what = "stakeholder group" if code == "one_group" else "region"
        return f"{alert['share']:.0%} of the voices on this issue come from one {what}: {alert['name']}."
    n = alert["campaigns"]
    return (
        f"{alert['from_campaigns']} of {alert['raw']} submissions come from {n} campaign(s), counted as {n} voice(s)."
    )


def balance_alerts(by_group: Counter, by_region: Counter, raw: int, voices: int, n_campaigns: int) -> list[str]:
    """Plain-language warnings when one sector or one region dominates an issue, or campaigns inflate it."""
    return [alert_text(a) for a in balance_alert_codes(by_group, by_region, raw, voices, n_campaigns)]
