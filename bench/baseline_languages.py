"""The language detector as it was before issue 8 (git: insight/languages.py at 2a744c6), kept as the baseline.

Scripts for Arabic, Chinese, Japanese and Russian; common function words and lingua (low-accuracy mode) for seven
Latin-script languages. `bench/languages_bench.py` prints its accuracy beside the current detector's.
"""

from __future__ import annotations

import re
from functools import lru_cache

# ISO 639-1 codes lingua is built for: the six UN languages' Latin-script members plus common neighbours, so
# that a Portuguese or German comment is not forced into Spanish or English.
LATIN_LANGUAGES = ("en", "fr", "es", "pt", "de", "it", "nl")

_STOPWORDS = {
    "en": "the and of to is in that for are with this we be not on have it our by they as from",
    "fr": "le la les et des est que pour dans une un du sur qui nous pas ne au sont ce par avec",
    "es": "el la los las y de que en es por para una un del se con no su al lo como son",
    "pt": "o os as e de que em um uma para com não do da dos das por se no na ao",
    "de": "der die das und ist nicht mit von zu den ein eine für auf dem des sich wir auch",
    "it": "il lo gli le e di che per una un del della non con sono si al alla da questo",
    "nl": "de het een en van is dat op te in niet met voor zijn wij ook aan er die",
}
_WORD_LANGS = {}
for _lang, _words in _STOPWORDS.items():
    for _w in _words.split():
        _WORD_LANGS.setdefault(_w, []).append(_lang)
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in LATIN_LANGUAGES]
    # Low-accuracy mode: trigram models only, several times faster; comments are long enough for it.
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def script_language(text: str) -> str | None:
    """The language the script implies among the six UN languages (ja by kana), or None for Latin/unknown."""
    han = kana = arabic = cyr = latin = 0
    # A plain loop over the first letters: cheaper than any vectorised count on texts this short.
    for ch in text[:160]:
        o = ord(ch)
        if o < 0x250:
            if ch.isalpha():
                latin += 1
        elif 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF:
            han += 1
        elif 0x3040 <= o <= 0x30FF:
            kana += 1
        elif 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F:
            arabic += 1
        elif 0x0400 <= o <= 0x04FF:
            cyr += 1
    counts = {"cjk": han + kana, "ar": arabic, "ru": cyr, "latin": latin}
    best = max(counts, key=lambda k: counts[k])
    if counts[best] == 0 or best == "latin":
        return None
    if best == "cjk":
        return "ja" if kana else "zh"
    return best


def _by_stopwords(text: str) -> str | None:
    hits = dict.fromkeys(_STOPWORDS, 0)
    for w in _WORD.findall(text[:600].lower())[:100]:
        for lang in _WORD_LANGS.get(w, ()):
            hits[lang] += 1
    ranked = sorted(hits.items(), key=lambda kv: -kv[1])
    (best, n1), (_, n2) = ranked[0], ranked[1]
    return best if n1 >= 4 and n1 >= 2 * n2 else None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is nothing to go on."""
    by_script = script_language(text)
    if by_script:
        return by_script
    if not text.strip():
        return None
    quick = _by_stopwords(text)
    if quick:
        return quick
    lang = _detector().detect_language_of(text[:200])
    return lang.iso_code_639_1.name.lower() if lang is not None else None


def detect_languages(texts: list[str], given: list[str | None]) -> list[str | None]:
    """Stage: one language per text; a language given on the record is kept as is."""
    return [g if g else detect_language(t) for t, g in zip(texts, given, strict=True)]
