"""Alphabetical lists follow the viewer's collation, not the code points' order (which puts "Égypte" after "Z")."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from plenary.core.collation import collated
from plenary.groups.countries import country_names
from plenary.groups.models import Role
from plenary.groups.selectors import membership_by_role
from plenary.testing import make_membership


def test_french_puts_accented_names_among_their_letter():
    names = ["Zambie", "Espagne", "Égypte", "Danemark", "Éthiopie", "Estonie"]
    assert sorted(names)[-1] == "Éthiopie"  # what Python's own order does
    assert collated(names, language="fr") == ["Danemark", "Égypte", "Espagne", "Estonie", "Éthiopie", "Zambie"]


def test_each_language_has_its_own_order():
    assert collated(["ñu", "nube", "oso"], language="es") == ["nube", "ñu", "oso"]  # ñ is a letter after n
    assert collated(["Швеция", "Австрия", "Египет"], language="ru") == ["Австрия", "Египет", "Швеция"]
    # Chinese by pinyin: 阿 (a), 北 (bei), 中 (zhong); code points would give 中 北 阿
    assert collated(["中国", "北京", "阿富汗"], language="zh-hans") == ["阿富汗", "北京", "中国"]
    assert collated(["مصر", "الأردن", "تونس"], language="ar") == ["الأردن", "تونس", "مصر"]
    assert collated(["item 10", "item 2"], language="en") == ["item 2", "item 10"]  # numbers by value


def test_the_active_language_is_the_default():
    with translation.override("es"):
        assert collated(["ñu", "nube", "oso"]) == ["nube", "ñu", "oso"]
    with translation.override("en"):
        assert collated(["nube", "ñu", "oso"]) == ["ñu", "nube", "oso"]  # English: ñ is an n with a mark


def test_the_country_list_is_in_the_viewers_order():
    french = [name for _code, name in country_names("fr")]
    assert french.index("Danemark") < french.index("Égypte") < french.index("Espagne") < french.index("Zambie")
    spanish = [name for _code, name in country_names("es")]
    assert spanish.index("Noruega") < spanish.index("Omán")
    chinese = [name for _code, name in country_names("zh-hans")]
    assert chinese.index("阿富汗") < chinese.index("中国")  # Afghanistan (a) before China (zhong)


@pytest.mark.django_db
def test_members_are_listed_in_the_viewers_order(group):
    for name in ["Zoé Martin", "Émile Durand", "Daniel Roux", "Ève Petit"]:
        make_membership(group, None, Role.MEMBER, name=name, country="FR")
    with translation.override("fr"):
        (_label, people), *_rest = [s for s in membership_by_role(group=group) if s[1][0].role == Role.MEMBER]
    assert [m.person.name for m in people] == ["Daniel Roux", "Émile Durand", "Ève Petit", "Zoé Martin"]


@pytest.mark.django_db
def test_the_submit_forms_country_picker_speaks_the_viewers_language(group):
    from plenary.drafting.tests.factories import make_call

    call = make_call(group)
    page = (
        Client()
        .get(reverse("consultations:submit", args=[group.slug, call.slug]), HTTP_ACCEPT_LANGUAGE="fr")
        .content.decode()
    )
    assert '<option value="EG">Égypte</option>' in page
    assert page.index(">Danemark<") < page.index(">Égypte<") < page.index(">Espagne<")
