"""Every interface string is translated in the five catalogues, and each compiled catalogue holds what its source
says (the site reads the .mo: a .po translated but not compiled would still show English)."""

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "plenary" / "locale"
LANGUAGES = ["ar", "es", "fr", "ru", "zh_Hans"]


def _catalogue(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as source:
        return read_po(source)


def _key(value) -> str | tuple:
    return value if isinstance(value, str) else tuple(value)


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_and_none_is_fuzzy(language):
    catalogue = _catalogue(language)
    missing = [m.id for m in catalogue if m.id and not all(_strings(m))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert len(catalogue) > 1000
    assert missing == [], f"{len(missing)} untranslated in {language}, e.g. {missing[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {language}, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_holds_what_the_source_says(language):
    source = {_key(m.id): _key(m.string) for m in _catalogue(language) if m.id and not m.fuzzy and all(_strings(m))}
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as compiled_file:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(compiled_file) if m.id}
    stale = [key for key, value in source.items() if compiled.get(key) != value]
    assert stale == [], f"{len(stale)} strings differ from the .po in {language}'s .mo: run `make messages`"
