"""A new user who switches to French, Spanish, Russian, Chinese or Arabic meets no English on the key pages.

In a real browser, each key page is read whole: every text node (with every <details> opened, so the folded
phone menu and the filters are read too), the page's title, and what is read out rather than shown (title, alt,
placeholder, aria-label, a button's value). The group's own content is left out: what the templates mark
(`data-user-content`, an element whose `lang` differs from the page's, names and references in <bdi>, code), and
every text the group stored in the database (titles, texts, names, questions: each text and JSON field of the
project's models, read from the database itself), removed from what the page shows before it is judged.

What is English is told by tests/english.py: an interface string shown untranslated, English function words,
or (in Russian, Chinese and Arabic) a Latin-script word that is no name on its allow-list.
"""

import os
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, Page

from .browser import choose_language
from .english import LANGUAGES, english_in, stored_content, without_content
from .test_browser_accessibility import GROUP, key_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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
