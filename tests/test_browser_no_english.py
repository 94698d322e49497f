"""A new user who switches to French, Spanish, Russian, Chinese or Arabic meets no English on the key pages.

In a real browser, each key page is read whole: every text node (with every <details> opened, so the folded
phone menu and the filters are read too), the page's title, and what is read out rather than shown (title, alt,
placeholder, aria-label, a button's value). The group's own content is left out: what the templates mark
(`data-user-content`, an element whose `lang` differs from the page's, names and references in <bdi>, code), and
every text the group stored in the database (titles, texts, names, questions: each text and JSON field of the
project's models, read from the database itself), removed from what the page shows before it is judged.

A text is English when
- it is an interface string (a msgid of the catalogue) that the catalogue translates otherwise: it was shown
  without being translated; or
- it is in no catalogue and holds English function words ("the", "your", "with", ...) that neither French nor
  Spanish has; or, in Russian, Chinese and Arabic, a Latin-script word that is not a name on the allow-list.
"""

import os
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, Page

from .browser import choose_language
from .test_browser_accessibility import GROUP, key_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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
    "TXT", "Markdown",
}  # fmt: skip
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")

COLLECT = """() => {
  for (const details of document.querySelectorAll('details')) details.open = true;
  const lang = document.documentElement.lang;
  const excluded = (el) => {
    if (el.closest('[data-user-content], bdi, code, kbd, samp, pre, script, style, noscript, template')) return true;
    const own = el.closest('[lang]');
    return own !== null && own.lang !== lang;
  };
  const texts = [];
  const add = (el, text, where) => {
    text = (text || '').replace(/\\s+/g, ' ').trim();
    if (text && /\\p{L}/u.test(text) && !excluded(el)) texts.push([text, where]);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent && parent.checkVisibility({visibilityProperty: true})) {
      add(parent, walker.currentNode.data, parent.tagName);
    }
  }
  for (const el of document.querySelectorAll('[title], [alt], [placeholder], [aria-label]')) {
    for (const name of ['title', 'alt', 'placeholder', 'aria-label']) {
      if (el.hasAttribute(name)) add(el, el.getAttribute(name), `${el.tagName}[${name}]`);
    }
  }
  for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) {
    add(el, el.value, 'INPUT[value]');
  }
  add(document.documentElement, document.title, 'TITLE');
  return texts;
}"""


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
        if not model.__module__.startswith("plenary."):
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices
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
        if known.get(candidate) and candidate not in known[candidate]:
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


def english_on(page: Page, language: str, content: list[str], corpus: str) -> list[str]:
    found = []
    for text, where in page.evaluate(COLLECT):
        rest = without_content(text, content, corpus)
        if rest and re.search(r"[^\W\d_]", rest) and (why := english_in(language, rest)):
            found.append(f"{where} “{text[:90]}” ({why})")
    return found


@pytest.fixture
def site(live_server) -> str:
    call_command("load_sample", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server.url


def test_the_detector_finds_english_and_nothing_else():
    """It can fail: an English interface string, an English sentence and a stray Latin word are found; the
    translations themselves, numbers, acronyms and the brand name are not."""
    assert english_in("fr", "Send a contribution") == "untranslated interface string"
    assert english_in("fr", "Tell us what you think of the draft").startswith("English words")
    assert english_in("ru", "Searchable sources").startswith("Latin-script words")
    assert english_in("fr", "Envoyer une contribution") is None
    assert english_in("es", "Enviar una contribución") is None
    assert english_in("ru", "Plenary · WGIG · 2026 · PDF") is None
    assert english_in("zh-hans", "发送意见") is None
    assert english_in("ar", "إرسال مساهمة") is None


def _pages() -> dict[str, str]:
    pages = key_pages()
    pages["members"] = reverse("groups:members", kwargs={"group_slug": GROUP})
    pages["sign-up"] = reverse("accounts:signup")
    return pages


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_new_user_meets_no_english_on_the_key_pages(browser: Browser, site: str, language: str):
    pages = _pages()
    assert len(pages) >= 15
    content = stored_content()
    corpus = "\n".join(content)
    assert len(content) > 500 and "Illustrative sample" in corpus  # the sample's content is read
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    choose_language(page, site, language)
    problems = []
    for name, path in pages.items():
        response = page.goto(site + path)
        assert response.status == 200, f"{name} ({path}) answered {response.status}"
        problems += [f"[{language}] {name} {path}: {p}" for p in english_on(page, language, content, corpus)]
    context.close()
    assert not problems, f"{len(problems)} English texts:\n" + "\n".join(dict.fromkeys(problems))
