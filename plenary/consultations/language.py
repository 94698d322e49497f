"""The language a text is written in, among the six official languages of the United Nations."""

from functools import lru_cache

MIN_CHARS = 10


@lru_cache(maxsize=1)
def _detector():
    # Built once per process: the models load lazily on the first text of each language.
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.ARABIC, Language.CHINESE, Language.ENGLISH, Language.FRENCH, Language.RUSSIAN, Language.SPANISH
    ).build()


def detect_language(text: str) -> str:
    """An ISO 639-1 code ("en", "zh", ...), or "" when the text is too short to tell."""
    sample = (text or "").strip()[:5000]
    if len(sample) < MIN_CHARS:
        return ""
    language = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else ""
