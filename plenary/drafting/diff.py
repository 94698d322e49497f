"""Word-level comparison of two versions: paragraphs aligned by their stable key, then diff-match-patch inside each.

Reads: two lists of (key, number, kind, text). Writes: rows with the paragraph's fate and an HTML diff
(`<ins>`/`<del>`). Pure: no database, no request.
"""

import re
from dataclasses import dataclass

from diff_match_patch import diff_match_patch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Para:
    key: str
    number: str
    kind: str
    text: str


@dataclass(frozen=True)
class DiffRow:
    key: str
    kind: str
    old_number: str
    new_number: str
    state: str  # same, changed, added, removed
    html: SafeString


def _words_to_chars(a: str, b: str) -> tuple[str, str, list[str]]:
    """Map each word and each run of spaces to one character, so dmp diffs words, not letters."""
    tokens: list[str] = []
    index: dict[str, int] = {}

    def encode(text: str) -> str:
        out = []
        for token in TOKEN.findall(text):
            if token not in index:
                index[token] = len(tokens)
                tokens.append(token)
            out.append(chr(index[token] + 0x100))
        return "".join(out)

    return encode(a), encode(b), tokens


def word_diff_html(old: str, new: str) -> SafeString:
    dmp = diff_match_patch()
    a, b, tokens = _words_to_chars(old, new)
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    parts = []
    for op, data in diffs:
        text = escape("".join(tokens[ord(c) - 0x100] for c in data))
        if op == dmp.DIFF_INSERT:
            parts.append(f"<ins>{text}</ins>")
        elif op == dmp.DIFF_DELETE:
            parts.append(f"<del>{text}</del>")
        else:
            parts.append(text)
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text is escaped above)


def diff_paragraphs(old: list[Para], new: list[Para]) -> list[DiffRow]:
    """The new version in its order, with removed paragraphs shown where they stood in the old one."""
    old_by_key = {p.key: p for p in old}
    new_keys = {p.key for p in new}
    rows: list[DiffRow] = []
    removed_after: dict[str | None, list[Para]] = {}
    previous: str | None = None
    for p in old:
        if p.key not in new_keys:
            removed_after.setdefault(previous, []).append(p)
        else:
            previous = p.key

    def removed_rows(anchor: str | None) -> None:
        for p in removed_after.get(anchor, []):
            rows.append(DiffRow(p.key, p.kind, p.number, "", "removed", mark_safe(f"<del>{escape(p.text)}</del>")))  # noqa: S308

    removed_rows(None)
    for p in new:
        before = old_by_key.get(p.key)
        if before is None:
            rows.append(DiffRow(p.key, p.kind, "", p.number, "added", mark_safe(f"<ins>{escape(p.text)}</ins>")))  # noqa: S308
        elif before.text == p.text:
            rows.append(DiffRow(p.key, p.kind, before.number, p.number, "same", escape(p.text)))
        else:
            rows.append(DiffRow(p.key, p.kind, before.number, p.number, "changed", word_diff_html(before.text, p.text)))
        removed_rows(p.key)
    return rows
