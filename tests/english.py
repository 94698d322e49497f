"""What English is, for the tests that look for it on pages and in e-mails shown in another language.

A text is English when
- it is an interface string (a msgid of the catalogue) that the catalogue translates otherwise: it was shown
  without being translated; or
- it is in no catalogue and holds English function words ("the", "your", "with", ...) that neither French nor
  Spanish has; or, in Russian, Chinese and Arabic, a Latin-script word that is not a name on the allow-list.

The group's own content is no interface text: stored_content() reads it from the database, and without_content()
takes it out of a text before it is judged.
"""

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "plenary" / "locale"
LANGUAGES = {"fr": "fr", "es": "es", "ru": "ru", "zh-hans": "zh_Hans", "ar": "ar"}
NON_LATIN = {"ru", "zh-hans", "ar"}
# English words that are not also French or Spanish words (so "a", "on", "no", "me", "son" are not here).
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "the and of to for with your you this that these those is are was were be been being has have had not or "
        "what which who whom will would can could should may might must at by from into it its they their them "
        "there here how when where why all any each more most other some such than then only own same so very "
        "just about after before over under again once our we us he she his her",
    )
)
# Latin-script words a Russian, Chinese or Arabic page may show: the product's and the sample group's names,
# formats and standards, units and abbreviations that every language writes so.
LATIN_ALLOWED = {
    "Plenary", "WGIG", "CSV", "JSON", "Lines", "RSS", "Atom", "API", "OpenAPI", "XLSX", "ODT", "DOCX", "PDF",
    "HTML", "iCal", "iCalendar", "ICS", "ISO", "UTC", "GMT", "URL", "SHA", "Akoma", "Ntoso", "UN", "ICANN", "Word",
    "TXT", "Markdown", "Excel",
}  # fmt: skip
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")


@cache
def interface_strings(language: str) -> dict[str, set[str]]:
    """Every msgid (and plural form) of the catalogue, with what the catalogue says for it in `language`."""
    with open(LOCALE / LANGUAGES[language] / "LC_MESSAGES" / "django.po", "rb") as source:
        catalogue = read_po(source)
    strings: dict[str, set[str]] = {}
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        translations = message.string if isinstance(message.string, tuple | list) else (message.string,)
        for msgid in ids:
            if msgid:
                strings.setdefault(" ".join(msgid.split()), set()).update(t for t in translations if t)
    return strings


# Not what people wrote: what the site computed (its analysis runs, report builds, tallies) holds the site's own
# English words, and codes (slugs, keys, country and language codes, the English M49 region names the site names
# in the viewer's language when it shows them) would hide the same words left untranslated.
COMPUTED = {"analysis.AnalysisRun", "reports.ReportBuild", "consultations.Tally", "consultations.SearchEntry"}
CODES = {"slug", "key", "region", "country", "language", "time_zone", "sha256", "prefix", "kinds",
         "derived_fields", "facets", "suggested_tags", "reference_prefix", "password", "content_type",
         "preferred_language", "paragraph_key", "group_slug", "target_id", "error", "timings"}  # fmt: skip


def stored_content() -> list[str]:
    """Every text the group's people wrote, as the database holds it: the values of the project's text fields
    (not those with choices, whose labels are interface strings) and the strings inside its JSON fields."""
    from django.apps import apps
    from django.db import models

    found: set[str] = set()

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from strings(item)

    for model in apps.get_models():
        if not model.__module__.startswith("plenary.") or model._meta.label in COMPUTED:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and not f.choices
            and f.name not in CODES
            and not f.name.endswith("_hash")
        ]
        for row in model._base_manager.values_list(*fields) if fields else []:
            for value in row:
                for text in strings(value):
                    for part in text.splitlines():  # a text shown as paragraphs is shown line by line
                        part = " ".join(part.replace("*", " ").replace("#", " ").split())
                        if len(part) >= 3:
                            found.add(part)
    return sorted(found, key=len, reverse=True)


def without_content(text: str, content: list[str], corpus: str) -> str:
    """`text` less the group's content in it; "" when the whole text is part of it (a title, a snippet)."""
    stem = text.strip("… ")
    if not stem or stem in corpus:
        return ""
    for part in content:
        if part in text:
            text = text.replace(part, " ")
    return " ".join(text.split())


@cache
def translated(language: str) -> frozenset[str]:
    return frozenset(t for translations in interface_strings(language).values() for t in translations)


def english_in(language: str, text: str) -> str | None:
    """Why `text`, shown on a `language` page, is English; None if it is not."""
    known = interface_strings(language)
    for candidate in (text, text.rstrip(":")):  # a label may be shown with its colon
        if candidate in known and candidate not in translated(language):  # ("Question" is French too)
            return "untranslated interface string"
    words = LATIN_WORD.findall(text)
    english = [w for w in words if w.lower() in STOPWORDS]
    if english and text not in translated(language):
        return f"English words: {', '.join(english[:4])}"
    if language in NON_LATIN:
        foreign = [w for w in words if w not in LATIN_ALLOWED and not w.isupper()]
        if foreign:
            return f"Latin-script words: {', '.join(foreign[:4])}"
    return None
