"""Dates read as each language writes them: the long date of every UN language is CLDR's (Babel's data), so that
Russian takes the genitive ("18 апреля 2005 г."), Chinese "2005年4月18日", Spanish "18 de abril de 2005"; English
is written the United Nations' way (CLDR en_GB, "18 April 2005"). No template spells a month-name format by hand."""

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.dates import format_date
from django.template import Context, Template
from django.utils import translation

DAYS = [dt.date(2005, 4, 18), dt.date(2005, 2, 1), dt.date(2004, 11, 23), dt.date(2005, 6, 17)]
CLDR_LOCALE = {"en": "en_GB", "fr": "fr", "es": "es", "ru": "ru", "zh-hans": "zh_Hans", "ar": "ar"}
TEMPLATES = Path(__file__).resolve().parents[1] / "plenary"


def _render(language: str, day: dt.date, name: str = "DATE_FORMAT") -> str:
    with translation.override(language):
        return Template('{{ day|date:"' + name + '" }}').render(Context({"day": day}))


@pytest.mark.parametrize("language", list(CLDR_LOCALE))
def test_the_long_date_is_cldrs(language):
    for day in DAYS:
        assert _render(language, day) == format_date(day, "long", locale=CLDR_LOCALE[language])


def test_a_day_and_month_in_russian_take_the_genitive():
    assert _render("ru", DAYS[0], "MONTH_DAY_FORMAT") == "18 апреля"


def test_no_template_spells_a_month_name_format():
    spelled = re.compile(r"""\|date:["'][^"']*[FMEN][^"']*["']""")
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in spelled.finditer(path.read_text(encoding="utf-8"))
        if "_FORMAT" not in match.group(0)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("language", "country", "region"),
    [
        ("en", "Côte d’Ivoire", "Africa"),
        ("fr", "Côte d’Ivoire", "Afrique"),
        ("es", "Côte d’Ivoire", "África"),
        ("ru", "Кот-д’Ивуар", "Африка"),
        ("zh-hans", "科特迪瓦", "非洲"),
        ("ar", "ساحل العاج", "أفريقيا"),
    ],
)
def test_countries_and_regions_are_named_in_the_viewers_language(language, country, region):
    with translation.override(language):
        shown = Template("{% load plenary %}{{ code|country }}|{{ name|region }}").render(
            Context({"code": "CI", "name": "Africa"})
        )
    assert shown == f"{country}|{region}"
