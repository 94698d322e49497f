"""Country names in the viewer's language, from the CLDR data that Babel ships (ISO 3166-1 alpha-2 codes).

pycountry gives the list of codes (the standard); Babel gives each its name in Arabic, Chinese, English, French,
Russian or Spanish, so a delegate from Côte d'Ivoire finds their country under the name they read.
"""

from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from plenary.core.collation import collated

ISO_CODES = frozenset(country.alpha_2 for country in pycountry.countries)


@lru_cache(maxsize=16)
def country_names(language: str) -> tuple[tuple[str, str], ...]:
    """(code, name) for every ISO 3166-1 country, named and sorted in `language` (English if CLDR lacks it),
    in that language's alphabetical order (ICU collation; Chinese by pinyin)."""
    try:
        locale = Locale.parse(translation.to_locale(language or "en"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    english = Locale.parse("en").territories
    names = {code: locale.territories.get(code) or english.get(code) or code for code in ISO_CODES}
    return tuple(collated(names.items(), key=lambda item: item[1], language=language or "en"))


def country_name(code: str, language: str | None = None) -> str:
    if not code:
        return ""
    return dict(country_names(language or translation.get_language() or "en")).get(code.upper(), code)


def country_choices() -> list[tuple[str, str]]:
    """For a form's select: read when the form is drawn, so in the language of that request."""
    return [("", _("Choose a country")), *country_names(translation.get_language() or "en")]


class CountryField(forms.ChoiceField):
    """A country picker in the viewer's language; the value is the ISO 3166-1 alpha-2 code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("required", False)
        super().__init__(choices=country_choices, **kwargs)
