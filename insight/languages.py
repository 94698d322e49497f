"""Language detection, offline: the script decides where it can, lingua decides among Latin-script languages."""

from __future__ import annotations

from functools import lru_cache

from insight.text import script_language

# ISO 639-1 codes lingua is built for: the six UN languages plus common Latin-script neighbours, so that a
# Portuguese or German comment is not forced into Spanish or English.
LATIN_LANGUAGES = ("en", "fr", "es", "pt", "de", "it", "nl")


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in LATIN_LANGUAGES]
    # Low-accuracy mode: trigram models only, several times faster; comments are long enough for it.
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is nothing to go on."""
    by_script = script_language(text)
    if by_script:
        return by_script
    sample = text[:200]
    if not sample.strip():
        return None
    lang = _detector().detect_language_of(sample)
    return lang.iso_code_639_1.name.lower() if lang is not None else None


def detect_languages(texts: list[str], given: list[str | None]) -> list[str | None]:
    """Stage: one language per text; a language given on the record is kept as is."""
    return [g if g else detect_language(t) for t, g in zip(texts, given, strict=True)]
