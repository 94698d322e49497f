"""Language detection, offline, for every language lingua knows and more, on the respondent's own words.

Two detectors, each pinned, each shipping its model inside its wheel:

1. CLD2 (`pycld2`, Google's compact language detector, about 80 languages) reads the whole text and says what
   share of it is in which language, at some tens of microseconds a text: a mixed text is judged by its majority,
   not its opening. When CLD2 says its answer is reliable, it is kept.
2. Otherwise (short or doubtful texts) `py3langid` (naive Bayes over byte n-grams, 97 languages) decides; it is
   the most accurate of the three on short text in `bench/languages_bench.py`, and short texts are cheap for it.

lingua, the detector this replaces, costs 2 to 6 ms a text once built for all its 75 languages in low-accuracy
mode (a 1M-record run would spend over half an hour on it) and was less accurate than either on the benchmark's
real text; built for seven Latin-script languages, as before, it read Polish as Dutch and Swedish as German.

Before detection the text is cut down to the respondent's own words: web addresses, e-mail addresses, file
names ("Position_paper_v2.pdf") and tokens with digits or underscores are removed, so an attachment's name is
never read as a language. A language given with a record is kept unless the text clearly says otherwise; then
the detected language is used and the record is flagged (see `resolve_language`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Codes CLD2 spells its own way, to the ISO 639-1 codes the rest of the engine (and lingua) use.
_CLD2_CODES = {"iw": "he", "jw": "jv", "in": "id", "no": "nb", "zh-Hant": "zh", "sr-ME": "sr", "tl": "tl"}
# Languages so close that a detector's choice between them is not evidence against the one given.
_CLOSE = [frozenset({"hr", "bs", "sr"}), frozenset({"nb", "nn", "no", "da"}), frozenset({"ms", "id"})]

MIN_LETTERS = 3  # fewer letters than this: no language
CONFIDENT_LETTERS = 40  # a given language is overruled only by a text at least this long...
CONFIDENT_SHARE = 80  # ...that CLD2 finds reliable with this share of it in one language...
CONFIDENT_PROBABILITY = 0.995  # ...or that py3langid gives this probability
MAX_CHARS = 3000  # a longer text is read as three slices spread over it (start, middle, end)
SHORT_CHARS = 400  # what py3langid reads of a text CLD2 could not settle

_FILE_EXT = (
    r"pdf|docx?|odt|rtf|txt|xlsx?|ods|csv|pptx?|odp|zip|7z|rar|jpe?g|png|gif|tiff?|bmp|svg|html?|xml|json|msg|eml"
)
# Whole tokens (runs without white space) that are not words of a language: web and e-mail addresses, file names,
# and anything with a digit or an underscore (references, dates, identifiers). Anchored at token starts, so the
# look-ahead scans each token once. A token holding Chinese, Japanese or Korean (no spaces there: it may be a whole
# sentence) goes only when it is a file name.
_NOISE = re.compile(
    rf"(?<!\S)(?:(?=\S*\.(?:{_FILE_EXT})(?![^\W_]))|(?![^\s]*[\u3040-\u9fff\uac00-\ud7af])"
    r"(?=\S*(?:://|www\.|@|[0-9_])))\S+",
    re.IGNORECASE,
)
_SUSPECT = re.compile(rf"[0-9_@]|://|www\.|\.(?:{_FILE_EXT})", re.IGNORECASE)  # cheap test before _NOISE
_NON_LETTERS = re.compile(r"[\W\d_]+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")  # one or two of these already say a word


@dataclass(frozen=True, slots=True)
class Detection:
    """A detected language and whether the text is long and clear enough to overrule a given one."""

    language: str | None
    confident: bool = False


def own_words(text: str) -> str:
    """The text without what is not the respondent's language: addresses, file names, codes and numbers."""
    if len(text) > MAX_CHARS:
        third = MAX_CHARS // 3
        mid = len(text) // 2
        text = " ".join((text[:third], text[mid - third // 2 : mid + third // 2], text[-third:]))
    if _SUSPECT.search(text):
        text = _NOISE.sub(" ", text)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _py3langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _cld2(text: str) -> tuple[bool, str | None, int]:
    """(reliable, language, percent of the text in it) from CLD2, or (False, None, 0) when it cannot tell."""
    import pycld2

    try:
        reliable, _, details = pycld2.detect(text, isPlainText=True)[:3]
    except pycld2.error:  # characters CLD2 rejects (unpaired surrogates, some controls)
        clean = "".join(c for c in text if c.isprintable() or c.isspace())
        try:
            reliable, _, details = pycld2.detect(clean.encode("utf-8", "ignore").decode(), isPlainText=True)[:3]
        except pycld2.error:
            return False, None, 0
    name, code, percent = details[0][0], details[0][1], details[0][2]
    if code == "un" or code.startswith("xx-") or name == "Unknown":
        return False, None, 0
    return bool(reliable), _CLD2_CODES.get(code, code), int(percent)


def detect(text: str) -> Detection:
    """The language of a text's own words, and whether the detection is confident."""
    words = own_words(text)
    letters = len(_NON_LETTERS.sub("", words[:SHORT_CHARS]))
    if letters < MIN_LETTERS and not (letters and _CJK.search(words)):
        return Detection(None)
    reliable, code, percent = _cld2(words)
    if reliable and code:
        return Detection(code, _long_enough(words, letters) and percent >= CONFIDENT_SHARE)
    code, probability = _py3langid().classify(words[:SHORT_CHARS])
    code = _CLD2_CODES.get(code, code)
    return Detection(code, _long_enough(words, letters) and probability >= CONFIDENT_PROBABILITY)


def _long_enough(words: str, letters: int) -> bool:
    """Long enough to overrule a given language: 40 letters, or 15 in Chinese, Japanese or Korean."""
    return letters >= CONFIDENT_LETTERS or (letters >= CONFIDENT_LETTERS // 3 and bool(_CJK.search(words[:60])))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language most of the text is in, or None when there is nothing to go on."""
    return detect(text).language


def close_languages(a: str, b: str) -> bool:
    """True for the same language or languages a detector cannot be trusted to tell apart (hr/bs/sr, nb/nn)."""
    return a == b or any(a in group and b in group for group in _CLOSE)


def resolve_language(text: str, given: str | None) -> str | None:
    """The record's language: the given one, unless the text clearly contradicts it (then the detected one).

    The caller flags a record whose result differs from its (normalised) given language.
    """
    given_code = normalise_language(given)
    found = detect(text)
    if not given_code or found.language is None:  # no words of the respondent's own: no language either way
        return found.language
    if found.confident and not close_languages(found.language, given_code):
        return found.language
    return given_code


def detect_languages(texts: list[str], given: list[str | None]) -> list[str | None]:
    """Stage: one language per text; a given language stands unless the text clearly contradicts it."""
    return [resolve_language(t, g) for t, g in zip(texts, given, strict=True)]


@lru_cache(maxsize=4096)
def normalise_language(value: str | None) -> str | None:
    """A given language as an ISO 639-1 code: "FR", "fr-BE", "fra", "French", "français" -> "fr"; else None."""
    if not value:
        return None
    raw = str(value).strip()
    code = re.split(r"[-_]", raw.lower(), maxsplit=1)[0]
    if len(code) == 2 and code.isascii() and code.isalpha():
        return code
    if len(code) == 3 and code.isascii() and code.isalpha():
        from babel.core import get_global

        alias = get_global("language_aliases").get(code)
        return alias.split("_")[0] if alias and len(alias.split("_")[0]) == 2 else None
    return _language_names().get(raw.casefold())


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """Language names in the six UN languages (CLDR, through Babel) to their two-letter codes."""
    from babel import Locale

    names: dict[str, str] = {}
    for lang in ("en", "fr", "es", "ru", "zh", "ar"):
        for code, name in Locale.parse(lang).languages.items():
            if len(code) == 2:
                names.setdefault(name.casefold(), code)
    return names
