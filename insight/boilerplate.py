"""Stock lines: the text a form or a site puts into many records, found by document frequency over lines.

Consultation exports join the respondent's words with the labels of the closed answers they ticked, the form's
headers, a site's stock sentences ("I agree to the publication of my contribution") and the names of attached
files. Two people who ticked the same boxes and wrote nothing alike then share most of their text, and a
similarity measure calls them a campaign. So, before campaigns are looked for:

- every record is cut into lines; each line is normalised (`insight.text.normalise`) and hashed;
- the driver counts in how many records each short line occurs (lossy counting: memory stays bounded by
  `capacity` entries whatever the size of the input, and a line whose count is above `n / capacity` is never
  lost);
- a line that occurs in at least `min_share` of the records (and in at least `min_records`) is a stock line; so is
  a line that is nothing but file names. The secretariat can add lines or take found ones back
  (`StockParams.add` / `StockParams.remove`).

Stock lines are left out of campaign fingerprints and of the text the issues are read from, and listed with their
frequency in the outputs. A record whose every line is stock has no free text: it is not a campaign member.

Only lines up to `max_chars` (normalised) are candidates: a long paragraph that recurs is a campaign's letter, not
a form's. Lines rather than sentences for the same reason: campaign letters share sentences by design.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from insight.text import normalise, text_hash

__all__ = ["Boilerplate", "LineCounter", "StockLine", "StockParams", "decide", "normalise", "strip"]

_FILE_EXT = r"pdf|docx?|odt|rtf|txt|xlsx?|ods|csv|pptx?|odp|zip|7z|rar|jpe?g|png|gif|tiff?|bmp|svg|html?|xml|msg|eml"
# A line holding only file names (and separators, an optional "Attachment:" label of a few words): a cheap search
# for an extension first, then each part checked whole (no pattern that could backtrack over a long line).
_EXT = re.compile(rf"\.(?:{_FILE_EXT})\b", re.IGNORECASE)
_FILE_NAME = re.compile(rf"[^\s/\\]{{1,120}}(?: [^\s/\\]{{1,60}}){{0,4}}\.(?:{_FILE_EXT})", re.IGNORECASE)
_PARTS = re.compile(r"[,;|]")
FILES_KEY = -1  # the pseudo-line that counts lines made only of file names


@dataclass(frozen=True, slots=True)
class StockParams:
    """How stock lines are found, and the secretariat's corrections (lines as written; compared normalised)."""

    min_share: float = 0.03  # of the records
    min_records: int = 3
    max_chars: int = 200  # longer (normalised) lines are never stock
    capacity: int = 100_000  # distinct lines counted at once (lossy counting beyond)
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    enabled: bool = True


@lru_cache(maxsize=65536)
def line_key(line: str) -> tuple[int, str] | None:
    """(hash, normalised text) of a line, or None for a line with no word in it (cached: forms repeat lines)."""
    norm = normalise(line)
    if not norm:
        return None
    return text_hash(norm), norm


def is_file_line(line: str) -> bool:
    """True for a line that is nothing but attachment file names ("Position_paper.pdf; annex 2.docx")."""
    s = line.strip()
    if not s or len(s) > 400 or not _EXT.search(s):
        return False
    label, sep, rest = s.partition(":")
    body = rest if sep and len(label.split()) <= 3 else s
    parts = [p.strip() for p in _PARTS.split(body) if p.strip()]
    return bool(parts) and all(_FILE_NAME.fullmatch(p) for p in parts)


def record_lines(text: str, max_chars: int) -> dict[int, str]:
    """The distinct candidate lines of one text: {hash: normalised text}; FILES_KEY for file-name lines."""
    out: dict[int, str] = {}
    if "\n" not in text and len(text) > 2 * max_chars + 40:
        return out  # one long paragraph: no candidate (the common case, checked cheaply)
    for line in text.splitlines():
        if not line.strip():
            continue
        if is_file_line(line):
            out[FILES_KEY] = ""
            continue
        if len(line) > 2 * max_chars + 40:  # generous before normalising (punctuation folds away)
            continue
        key = line_key(line)
        if key is not None and len(key[1]) <= max_chars:
            out[key[0]] = key[1]
    return out


def chunk_line_counts(texts: list[str], max_chars: int) -> dict[int, tuple[int, str]]:
    """Stage (part of pass 1): per candidate line of a chunk, the number of records holding it and its text."""
    counts: dict[int, tuple[int, str]] = {}
    for t in texts:
        for h, norm in record_lines(t, max_chars).items():
            c = counts.get(h)
            counts[h] = (c[0] + 1, norm) if c else (1, norm)
    return counts


class LineCounter:
    """Document frequency of lines over a stream of chunks, in at most `capacity` entries (lossy counting).

    When the table is full, entries whose count is at most the current floor are dropped and the floor rises by
    one: a line's count is then under-estimated by at most the floor, which stays below n / capacity.
    """

    def __init__(self, capacity: int = 100_000) -> None:
        self.capacity = capacity
        self.counts: dict[int, list] = {}  # hash -> [count, normalised text]
        self.floor = 0
        self.records = 0

    def add(self, chunk_counts: dict[int, tuple[int, str]], records: int) -> None:
        self.records += records
        c = self.counts
        for h, (k, norm) in chunk_counts.items():
            e = c.get(h)
            if e is None:
                c[h] = [k + self.floor, norm]  # lossy counting: a newcomer may have been dropped before
            else:
                e[0] += k
        if len(c) > self.capacity:
            self._prune()

    def _prune(self) -> None:
        while len(self.counts) > self.capacity * 3 // 4:
            self.floor += 1
            self.counts = {h: e for h, e in self.counts.items() if e[0] > self.floor}

    def frequent(self, min_count: int) -> dict[int, tuple[int, str]]:
        """Lines whose (estimated) count reaches min_count: {hash: (count, text)}."""
        return {h: (e[0], e[1]) for h, e in self.counts.items() if e[0] >= min_count}


@dataclass(slots=True)
class StockLine:
    text: str  # normalised
    count: int  # records holding it (an estimate within the counter's floor)
    share: float
    source: str  # "found", "added" (by the secretariat) or "file names"

    def as_json(self) -> dict:
        return {"text": self.text, "count": self.count, "share": round(self.share, 4), "source": self.source}


@dataclass(slots=True)
class Boilerplate:
    """The stock lines of one run, most frequent first, and what they did to the records."""

    lines: list[StockLine] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # found, but taken back by the secretariat
    hashes: frozenset[int] = frozenset()
    files: bool = True  # lines made only of file names are stock
    records_with_stock: int = 0
    stock_only: int = 0  # records whose every line is stock: no free text
    min_count: int = 0

    def as_json(self) -> dict:
        return {
            "lines": [s.as_json() for s in self.lines],
            "removed": self.removed,
            "records_with_stock": self.records_with_stock,
            "stock_only": self.stock_only,
            "min_count": self.min_count,
        }

    def __bool__(self) -> bool:
        return bool(self.hashes) or self.files


def decide(counter: LineCounter, params: StockParams) -> Boilerplate:
    """The stock lines once every record has been counted: frequent lines, plus added, minus removed ones."""
    n = max(counter.records, 1)
    min_count = max(params.min_records, int(params.min_share * n + 0.999999))
    removed_keys = {k[0] for k in (line_key(x) for x in params.remove) if k}
    lines: list[StockLine] = []
    hashes: set[int] = set()
    removed: list[str] = []
    files_count = 0
    if params.enabled:
        for h, (count, norm) in counter.frequent(min_count).items():
            if h == FILES_KEY:
                files_count = count
                continue
            if h in removed_keys:
                removed.append(norm)
                continue
            lines.append(StockLine(norm, count, count / n, "found"))
            hashes.add(h)
        if FILES_KEY in counter.counts:
            files_count = counter.counts[FILES_KEY][0]
    for x in params.add:
        k = line_key(x)
        if k and k[0] not in hashes:
            e = counter.counts.get(k[0])
            count = e[0] if e else 0
            lines.append(StockLine(k[1], count, count / n, "added"))
            hashes.add(k[0])
    lines.sort(key=lambda s: (-s.count, s.text))
    if files_count:
        lines.append(StockLine("(lines made only of file names)", files_count, files_count / n, "file names"))
    return Boilerplate(lines, sorted(removed), frozenset(hashes), params.enabled, min_count=min_count)


def strip(text: str, bp: Boilerplate | frozenset[int] | None, max_chars: int = 200) -> str:
    """The text without its stock lines (line breaks kept between the lines left); unchanged when it has none."""
    if not bp:
        return text
    hashes = bp.hashes if isinstance(bp, Boilerplate) else bp
    files = bp.files if isinstance(bp, Boilerplate) else True
    if "\n" not in text and len(text) > 2 * max_chars + 40:
        return text
    kept: list[str] = []
    changed = False
    for line in text.splitlines():
        if line.strip():
            if files and is_file_line(line):
                changed = True
                continue
            if len(line) <= 2 * max_chars + 40:
                key = line_key(line)
                if key is not None and key[0] in hashes:
                    changed = True
                    continue
        kept.append(line)
    return "\n".join(kept).strip() if changed else text


def strip_texts(texts: list[str], hashes: frozenset[int], files: bool, max_chars: int) -> list[str]:
    """Stage helper: `strip` over a chunk (picklable arguments only)."""
    if not hashes and not files:
        return texts
    bp = Boilerplate(hashes=hashes, files=files)
    return [strip(t, bp, max_chars) for t in texts]
