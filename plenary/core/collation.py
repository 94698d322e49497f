"""Alphabetical order as the viewer's language has it, from ICU's collation (CLDR's tailoring of the Unicode
Collation Algorithm): "Égypte" between "Danemark" and "Espagne" in French, "ñ" after "n" in Spanish, Chinese by
pinyin. Python's own order (code points) would put every accented or non-Latin name after "Z".

Used to sort bounded lists in Python (the countries, about 250; a group's members, some 40; the listed groups): a
database's ORDER BY sorts by the database's collation, not the reader's.
"""

from collections.abc import Callable, Iterable
from functools import lru_cache

import icu
from django.utils import translation

ICU_LOCALES = {"zh-hans": "zh@collation=pinyin", "en": "en_GB"}


@lru_cache(maxsize=16)
def _collator(language: str) -> icu.Collator:
    name = ICU_LOCALES.get(language, language.replace("-", "_"))
    collator = icu.Collator.createInstance(icu.Locale(name))
    collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)  # "2" before "10"
    return collator


def sort_key(text: str, language: str | None = None) -> bytes:
    """The collation key of `text` in `language` (the active language when not given)."""
    return _collator(language or translation.get_language() or "en").getSortKey(str(text or ""))


def collated[T](items: Iterable[T], key: Callable[[T], str] = str, language: str | None = None) -> list[T]:
    """`items` sorted by the text `key` gives, in the viewer's alphabetical order."""
    language = language or translation.get_language() or "en"
    return sorted(items, key=lambda item: sort_key(key(item), language))
