"""A country as people write it (ISO code or name in one of the six UN languages) to its ISO 3166-1 alpha-2 code.

Names come from libraries, never from a table typed here: Babel's CLDR territory names in Arabic, Chinese,
English, French, Russian and Spanish, CLDR's territory aliases ("UK" -> GB), and pycountry's ISO 3166-1 names
(short, official and common names, alpha-3 and numeric codes). A value that matches nothing, or matches two
countries ("Korea", "Guinea" written loosely), is reported as unknown: never guessed.

Reading "Germany" as the code "GE" (its first two letters) put Germany in Asia; that cannot happen here: two
letters are read as a code only when the whole value is two letters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

UN_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
# Codes outside ISO 3166-1 that CLDR names and people use for a country: Kosovo.
EXTRA_CODES = frozenset({"XK"})

MISSING = "missing"  # no country given
RESOLVED = "resolved"
UNKNOWN = "unknown"  # given, but no country has that code or name
AMBIGUOUS = "ambiguous"  # given, and names more than one country

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
_PARENS = re.compile(r"^(.*?)\s*[\(\[]\s*(.*?)\s*[\)\]]\s*$")
_PLACEHOLDERS = frozenset({"", "-", "--", "n/a", "na", "none", "null", "nan", "?"})


@dataclass(frozen=True, slots=True)
class CountryMatch:
    """What a given country value resolved to: `code` is None unless `status` is RESOLVED."""

    given: str | None
    code: str | None
    status: str
    candidates: tuple[str, ...] = ()  # the countries an ambiguous value could mean


def name_key(value: str) -> str:
    """A name folded for comparison: case, accents and marks, punctuation, '&' and a leading article."""
    s = unicodedata.normalize("NFKD", value.replace("&", " and "))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = _PUNCT.sub(" ", s).strip()
    for article in ("the ", "la ", "le ", "les ", "el ", "los ", "las "):
        if s.startswith(article):
            s = s[len(article) :]
    return s.replace(" ", "")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """(codes: alpha-2/alpha-3/numeric -> alpha-2, names: folded name -> the alpha-2 codes it names)."""
    import pycountry
    from babel import Locale
    from babel.core import get_global

    codes: dict[str, str] = {}
    names: dict[str, set[str]] = {}

    def add_name(name: str | None, code: str) -> None:
        if name:
            key = name_key(name)
            if key:
                names.setdefault(key, set()).add(code)

    for c in pycountry.countries:
        codes[c.alpha_2] = c.alpha_2
        codes[c.alpha_3] = c.alpha_2
        codes[c.numeric] = c.alpha_2
        for attr in ("name", "official_name", "common_name"):
            add_name(getattr(c, attr, None), c.alpha_2)
    valid = set(codes.values()) | EXTRA_CODES
    for code in EXTRA_CODES:
        codes[code] = code
    for lang in UN_LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if code in valid:
                add_name(name, code)
                # CLDR writes "Congo - Kinshasa", "Hong Kong SAR China": the part before a dash or "SAR" is
                # added only where it is unambiguous (checked below, like every name).
                for part in re.split(r"\s+-\s+|\s+SAR\s+", name)[:1]:
                    if part != name:
                        add_name(part, code)
    for alias, targets in get_global("territory_aliases").items():
        # "UK" -> GB: a retired or reserved code, CLDR's own alias.
        if len(targets) == 1 and targets[0] in valid and alias not in codes and alias.isalpha() and len(alias) == 2:
            codes[alias] = targets[0]
    return codes, {k: frozenset(v) for k, v in names.items()}


@lru_cache(maxsize=65536)
def resolve_country(value: str | None) -> CountryMatch:
    """The country a given value names; unknown and ambiguous values say so (cached: exports repeat values)."""
    if value is None:
        return CountryMatch(None, None, MISSING)
    given = " ".join(str(value).split())
    if given.casefold() in _PLACEHOLDERS:
        return CountryMatch(given or None, None, MISSING)
    codes, names = _tables()
    if given.isdigit() and len(given) <= 3:
        found = codes.get(given.zfill(3))
        return CountryMatch(given, found, RESOLVED) if found else CountryMatch(given, None, UNKNOWN)
    if given.isascii() and given.isalpha() and len(given) in (2, 3):
        found = codes.get(given.upper())
        if found:
            return CountryMatch(given, found, RESOLVED)
    match = _by_name(given, names)
    if match.status == UNKNOWN:
        # "Germany (DE)", "DE - Germany": either part may settle it, if both parts agree or one is empty.
        parts = _PARENS.match(given)
        pieces = [p for p in (parts.groups() if parts else re.split(r"\s+[-–/|]\s+", given)) if p]
        if len(pieces) > 1:
            found = {resolve_country(p).code for p in pieces} - {None}
            if len(found) == 1:
                return CountryMatch(given, found.pop(), RESOLVED)
    return match


def _by_name(given: str, names: dict[str, frozenset[str]]) -> CountryMatch:
    found = names.get(name_key(given), frozenset())
    if len(found) == 1:
        return CountryMatch(given, next(iter(found)), RESOLVED)
    if len(found) > 1:
        return CountryMatch(given, None, AMBIGUOUS, tuple(sorted(found)))
    return CountryMatch(given, None, UNKNOWN)


def country_name(code: str | None, language: str = "en") -> str | None:
    """The CLDR name of a country in one of the six UN languages (for reports), or None."""
    if not code:
        return None
    from babel import Locale

    return Locale.parse(language).territories.get(code.upper())
