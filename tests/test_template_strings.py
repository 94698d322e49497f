"""No template shows a word that is not marked for translation: every visible text node, and every attribute a
person reads or hears (title, alt, placeholder, aria-label, a button's value), is either a variable, inside
{% translate %} / {% blocktranslate %}, or on the short allow-list below.

Each template is read with Django's own lexer: variables and tags become a neutral placeholder, the text of a
{% blocktranslate %} block and of {% comment %} is dropped, and what is left is parsed as HTML (plain-text
e-mail templates are read whole)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[1] / "plenary"
TEMPLATES = sorted(p for p in ROOT.rglob("templates/**/*") if p.suffix in {".html", ".txt"} and p.is_file())
HOLE = " "  # stands for a variable or a tag's output: never text to translate
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "aria-roledescription"}
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)

# What may stand in a template untranslated, and why:
ALLOWED = {
    "Plenary",  # the product's name, the same in every language
    "WGIG",  # the sample group's acronym, a proper name
    "CSV",  # file formats are named by their standard names in every language
    "JSON",
    "RSS",
    "API",
    "XLSX",
    "ODT",
    "DOCX",
    "PDF",
    "HTML",
    "iCal",
    "Atom",
    "Akoma Ntoso",  # the OASIS standard's name
    "ISO",
    "UTC",
    "URL",
    "OpenAPI",
    "JSON Lines",
    "SHA-256",  # the checksum's algorithm, named by its standard
}
RAW = {"script", "style", "code", "kbd", "samp", "pre"}  # code, commands and data: shown as they are typed


def _template_text(source: str) -> str:
    """The template with every variable and tag output replaced by HOLE, translated blocks and comments dropped."""
    out, skipping = [], None
    for token in Lexer(source).tokenize():
        contents = token.contents.strip()
        name = contents.split(" ", 1)[0] if token.token_type == TokenType.BLOCK else ""
        if skipping:
            if token.token_type == TokenType.BLOCK and name == skipping:
                skipping = None
                out.append(HOLE)
            continue
        if token.token_type == TokenType.TEXT:
            out.append(token.contents)
        elif token.token_type == TokenType.BLOCK and name in {"blocktranslate", "blocktrans"}:
            skipping = "endblocktranslate" if name == "blocktranslate" else "endblocktrans"
        elif token.token_type == TokenType.BLOCK and name == "comment":
            skipping = "endcomment"
        elif token.token_type in (TokenType.VAR, TokenType.BLOCK):
            out.append(HOLE)
    return "".join(out)


def _words(text: str) -> str | None:
    """The text if it holds a letter that is not a variable, not on the allow-list; else None."""
    text = " ".join(text.replace(HOLE, " ").split())
    if not LETTER.search(text):
        return None
    rest = text
    for allowed in sorted(ALLOWED, key=len, reverse=True):
        rest = re.sub(rf"(?<![^\W\d_]){re.escape(allowed)}(?![^\W\d_])", " ", rest)
    rest = re.sub(r"&[a-z]+;|&#\d+;", " ", rest)  # character references (&nbsp;, &rarr;)
    return text if LETTER.search(rest) else None


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found: list[str] = []
        self.raw = 0  # inside one of RAW

    def handle_starttag(self, tag, attrs):
        if tag in RAW:
            self.raw += 1
        attributes = dict(attrs)
        for name, value in attrs:
            read = name in READ_ATTRIBUTES
            read |= name == "value" and tag in {"button", "input"} and attributes.get("type") in {"submit", "button"}
            if read and value and (words := _words(value)):
                self.found.append(f'<{tag} {name}="{words}">')

    def handle_endtag(self, tag):
        if tag in RAW and self.raw:
            self.raw -= 1

    def handle_data(self, data):
        if not self.raw and (words := _words(data)):
            self.found.append(words)


def unmarked_strings(path: Path) -> list[str]:
    text = _template_text(path.read_text())
    if path.suffix == ".txt":
        return [w for line in text.splitlines() if (w := _words(line))]
    finder = _Finder()
    finder.feed(text)
    finder.close()
    return finder.found


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_shows_an_unmarked_string(path):
    assert unmarked_strings(path) == []


def test_the_check_finds_what_it_should(tmp_path):
    """The finder itself: plain text, a read attribute and a submit button's value are caught; translated text,
    variables, scripts, comments and the brand name are not."""
    page = tmp_path / "page.html"
    page.write_text(
        "{% load i18n %}<h1>{% translate 'Welcome' %} {{ name }}</h1><p>Read this</p>"
        '<img alt="A chart"><input type="submit" value="Send"><input type="text" value="kept">'
        "<script>var x = 'word';</script>{% comment %}Not shown{% endcomment %}"
        "{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}<footer>Plenary · 2026</footer>"
        '<span title="{% translate "Fine" %}">{{ x }} × {{ y }}</span>'
    )
    assert unmarked_strings(page) == ["Read this", '<img alt="A chart">', '<input value="Send">']
    mail = tmp_path / "mail.txt"
    mail.write_text("{% load i18n %}{% translate 'Hello' %}\nUnsubscribe: {{ url }}\n")
    assert unmarked_strings(mail) == ["Unsubscribe:"]


def test_every_template_is_read():
    assert len(TEMPLATES) > 100
