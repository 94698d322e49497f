"""Content in several languages: a reader sees their language, or the source with a visible note; translations are
seen by whoever may see their object, on pages and in search; Chinese is found by bigrams."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from plenary.core.models import Event, Visibility
from plenary.core.search import search
from plenary.core.visibility import TRANSLATED_MODELS, visible
from plenary.groups.models import TRANSLATABLE_FIELDS, ContentTranslation
from plenary.groups.selectors import localized, translation_states
from plenary.groups.services import translation_save
from plenary.issues.models import Cluster, Issue
from plenary.testing import ROLES, SEES, client_for


@pytest.fixture(autouse=True)
def _language_reset():
    """The test client's requests in French or Arabic leave that language active in the thread: reset it."""
    yield
    translation.deactivate()


@pytest.fixture
def issue(group):
    cluster = Cluster.objects.create(
        group=group, number=1, slug="infra", title="Infrastructure", nature_of_cooperation="existing-organisations"
    )
    return Issue.objects.create(
        cluster=cluster, slug="dns", title="Domain names", description="Who runs the root zone.", order=1
    )


def test_the_translatable_models_agree_with_the_visibility_rule():
    assert set(TRANSLATABLE_FIELDS) == set(TRANSLATED_MODELS)


def test_a_reader_in_french_sees_the_french_version(users, issue):
    translation_save(actor=users["secretariat"], obj=issue, field="title", language="fr", text="Noms de domaine")
    shown = localized(issue, "title", "fr")
    assert (shown.text, shown.language, shown.is_fallback) == ("Noms de domaine", "fr", False)
    assert localized(issue, "title", "en").text == "Domain names"
    with translation.override("fr"):
        assert localized(issue, "title").text == "Noms de domaine"


def test_a_reader_in_russian_without_a_version_sees_english_with_a_note(client, users, issue):
    translation_save(actor=users["secretariat"], obj=issue, field="title", language="fr", text="Noms de domaine")
    shown = localized(issue, "title", "ru")
    assert (shown.text, shown.language, shown.is_fallback, shown.is_stale) == ("Domain names", "en", True, False)
    url = reverse("issues:detail", args=[issue.cluster.group.slug, issue.slug])
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<h1 lang="fr" dir="ltr">Noms de domaine</h1>' in french
    russian = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<h1 lang="en" dir="ltr">Domain names</h1>' in russian
    assert "language-note" in russian
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "language-note" not in english


def test_an_arabic_page_marks_english_fallback_text_as_left_to_right(client, group):
    page = client.get(reverse("groups:home", args=[group.slug]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert f'<div lang="en" dir="ltr"><p>{group.mandate}</p></div>' in page
    assert "language-note" in page


def test_a_translation_made_from_an_old_text_is_out_of_date_until_updated(users, issue):
    translation_save(actor=users["secretariat"], obj=issue, field="title", language="es", text="Nombres de dominio")
    assert {(s.field, s.language): s.state for s in translation_states(issue)}[("title", "es")] == "current"
    issue.title = "Domain names and numbers"
    issue.save()
    shown = localized(issue, "title", "es")
    assert (shown.text, shown.is_fallback, shown.is_stale) == ("Domain names and numbers", True, True)
    assert {(s.field, s.language): s.state for s in translation_states(issue)}[("title", "es")] == "stale"
    translation_save(
        actor=users["secretariat"], obj=issue, field="title", language="es", text="Nombres y números de dominio"
    )
    assert localized(issue, "title", "es").text == "Nombres y números de dominio"
    assert {(s.field, s.language): s.state for s in translation_states(issue)}[("title", "es")] == "current"


def test_only_the_groups_secretariat_translates_and_it_is_on_the_trail(users, issue):
    for role in ("anonymous", "participant", "member", "chair", "other_group_secretariat"):
        with pytest.raises(PermissionDenied):
            translation_save(actor=users[role], obj=issue, field="title", language="fr", text="Noms")
    with pytest.raises(ValidationError):
        translation_save(actor=users["secretariat"], obj=issue, field="slug", language="fr", text="noms")
    with pytest.raises(ValidationError):
        translation_save(actor=users["secretariat"], obj=issue, field="title", language="en", text="Names")
    made = translation_save(actor=users["site_admin"], obj=issue, field="title", language="fr", text="Noms")
    assert made.group == issue.cluster.group
    assert Event.objects.for_object(made).filter(verb="created").exists()


@pytest.mark.parametrize("role", ROLES)
def test_a_translation_is_seen_exactly_by_those_who_may_see_its_object(role, users, documents):
    for level, paper in documents.items():
        translation_save(
            actor=users["secretariat"], obj=paper, field="text", language="fr", text=f"Texte OCELOT{level.upper()}"
        )
    user = users[role]
    seen = set(visible(ContentTranslation, user).values_list("object_id", flat=True))
    for level, paper in documents.items():
        expected = level in SEES[role]
        assert (paper.pk in seen) == expected, (role, level)
        assert (search(viewer=user, query=f"OCELOT{level.upper()}").total == 1) == expected, (role, level)


def test_chinese_translations_are_found_by_bigrams(users, issue):
    translation_save(
        actor=users["secretariat"], obj=issue, field="description", language="zh-hans", text="谁管理互联网治理的根区。"
    )
    results = search(viewer=None, query="互联网治理")
    assert results.total == 1
    assert results.hits[0].language == "zh-hans"
    assert search(viewer=None, query="互联网治理", filters={"language": "zh"}).total == 1
    assert search(viewer=None, query="互联网治理", filters={"language": "fr"}).total == 0
    assert search(viewer=None, query="网治").total == 1
    assert search(viewer=None, query="治安").total == 0


def test_a_readers_language_ranks_their_translation_first(users, issue):
    """Two hits of the same shape: the newer (Spanish) one first, unless the reader reads French."""
    issue.title = "Alpha"
    issue.save()
    other = Issue.objects.create(cluster=issue.cluster, slug="b", title="Bravo", description="Root zone.", order=2)
    secretariat = users["secretariat"]
    translation_save(actor=secretariat, obj=issue, field="description", language="fr", text="Ocelot zone racine.")
    translation_save(actor=secretariat, obj=other, field="description", language="es", text="Ocelot zona raiz.")
    plain = search(viewer=None, query="ocelot")
    french = search(viewer=None, query="ocelot", language="fr")
    assert plain.total == french.total == 2
    assert [h.language for h in plain.hits] == ["es", "fr"]
    assert [h.language for h in french.hits] == ["fr", "es"]
    assert [h.language for h in search(viewer=None, query="ocelot", language="es").hits] == ["es", "fr"]


def test_removing_an_object_removes_its_translations(users, issue):
    translation_save(actor=users["secretariat"], obj=issue, field="title", language="fr", text="OCELOTNOMS")
    assert search(viewer=None, query="OCELOTNOMS").total == 1
    issue.delete()
    assert not ContentTranslation.objects.exists()
    assert search(viewer=None, query="OCELOTNOMS").total == 0


def test_a_public_paper_shows_its_translation_and_a_hidden_one_does_not_leak(client, users, documents):
    public = documents[Visibility.PUBLIC]
    hidden = documents[Visibility.SECRETARIAT]
    translation_save(actor=users["secretariat"], obj=public, field="title", language="fr", text="DOCUMENT PUBLIC")
    translation_save(actor=users["secretariat"], obj=hidden, field="title", language="fr", text="OCELOTCACHE")
    page = client.get(public.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "DOCUMENT PUBLIC" in page
    assert client.get(hidden.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").status_code == 404
    response = client.get(reverse("search"), {"q": "OCELOTCACHE"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.context["results"].total == 0
    assert hidden.get_absolute_url() not in response.content.decode()
    staff = client_for(users["secretariat"]).get(reverse("search"), {"q": "OCELOTCACHE"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert staff.context["results"].total == 1
    assert hidden.get_absolute_url() in staff.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming per language is PostgreSQL's")
def test_postgresql_stems_the_query_in_the_readers_language(users, issue):
    """French stems "nationaux" and "nationales" alike; English does not, so only a French reader finds it."""
    translation_save(
        actor=users["secretariat"], obj=issue, field="description", language="fr", text="Les lois nationales."
    )
    assert search(viewer=None, query="nationaux", language="fr").total == 1
    assert search(viewer=None, query="nationaux").total == 0


def test_the_secretariat_page_lists_stale_texts_and_updates_them(users, clients, issue):
    group = issue.cluster.group
    secretariat = clients["secretariat"]
    translation_save(actor=users["secretariat"], obj=issue, field="title", language="ru", text="Доменные имена")
    url = reverse("groups:translations", args=[group.slug])
    page = secretariat.get(url).content.decode()
    assert 'id="stale"' not in page
    issue.title = "Domain names and numbers"
    issue.save()
    page = secretariat.get(url).content.decode()
    edit = reverse("groups:translation_edit", args=[group.slug, "issues.issue", issue.pk, "title", "ru"])
    assert 'id="stale"' in page and edit in page
    form = secretariat.get(edit).content.decode()
    assert "Domain names and numbers" in form and "Доменные имена" in form
    assert secretariat.post(edit, {"text": "Доменные имена и номера"}).status_code == 302
    assert localized(issue, "title", "ru").text == "Доменные имена и номера"
    assert 'id="stale"' not in secretariat.get(url).content.decode()


@pytest.mark.parametrize("role", ["anonymous", "participant", "member", "chair", "other_group_secretariat"])
def test_only_the_secretariat_reaches_the_translation_pages(role, clients, issue):
    group = issue.cluster.group
    edit = reverse("groups:translation_edit", args=[group.slug, "issues.issue", issue.pk, "title", "fr"])
    for url in (reverse("groups:translations", args=[group.slug]), edit):
        assert clients[role].get(url).status_code in (302, 403)
    assert clients[role].post(edit, {"text": "Noms"}).status_code in (302, 403)
    assert not ContentTranslation.objects.exists()


def test_a_hit_in_another_language_is_marked_with_it(client, users, issue):
    translation_save(actor=users["secretariat"], obj=issue, field="title", language="zh-hans", text="域名管理")
    page = client.get(reverse("search"), {"q": "域名"}).content.decode()
    assert '<h3 lang="zh-hans" dir="auto">' in page
    assert "<mark>域名</mark>" in page


def test_a_public_kind_stays_public_for_a_role_held_in_another_group(users, issue):
    """`Q() | Q(...)` is `Q(...)` in Django: a rule whose public part is "everything" must not lose it for a viewer
    who holds a role somewhere (the secretariat of another group saw none of this group's issues)."""
    translation_save(actor=users["secretariat"], obj=issue, field="title", language="fr", text="Noms de domaine")
    for role in ROLES:
        assert visible(Issue, users[role]).filter(pk=issue.pk).exists(), role
        assert visible(ContentTranslation, users[role]).count() == 1, role


def test_the_issue_list_reads_every_title_in_the_readers_language_in_one_query(client, users, issue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    translation_save(actor=users["secretariat"], obj=issue, field="title", language="fr", text="Noms de domaine")
    translation_save(
        actor=users["secretariat"], obj=issue.cluster, field="title", language="fr", text="Infrastructures"
    )
    url = reverse("issues:list", args=[issue.cluster.group.slug])
    with CaptureQueriesContext(connection) as few:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<a href="/tg/issues/dns/" lang="fr" dir="ltr">Noms de domaine</a>' in page
    assert '<bdi lang="fr" dir="ltr">Infrastructures</bdi>' in page
    for n in range(5):
        Issue.objects.create(cluster=issue.cluster, slug=f"more-{n}", title=f"More {n}", order=10 + n)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<a href="/tg/issues/more-4/" lang="en" dir="ltr">More 4</a>' in page
    assert len(many) == len(few)


def test_news_and_call_lists_read_titles_in_the_readers_language(client, users, group, django_assert_max_num_queries):
    """The lists, not only the pages of one item: the news list, the group home's latest news and the calls list
    show a current translation, and the source (marked English) where there is none."""
    import datetime as dt

    from django.utils import timezone

    from plenary.drafting.tests.factories import make_call
    from plenary.groups.models import NewsItem

    now = timezone.now()
    news = [
        NewsItem.objects.create(
            group=group,
            slug=f"n{i}",
            title=f"NEWS{i} in English",
            summary=f"SUMMARY{i}",
            body="b",
            published_at=now - dt.timedelta(hours=i),
        )
        for i in range(3)
    ]
    call = make_call(group)
    secretariat = users["secretariat"]
    translation_save(actor=secretariat, obj=news[0], field="title", language="fr", text="NOUVELLE0 en français")
    translation_save(actor=secretariat, obj=news[0], field="summary", language="fr", text="RÉSUMÉ0")
    translation_save(actor=secretariat, obj=call, field="title", language="fr", text="APPELFR à contributions")
    pages = {
        "news": reverse("groups:news", args=[group.slug]),
        "home": reverse("groups:home", args=[group.slug]),
        "calls": reverse("consultations:calls", args=[group.slug]),
    }
    for name in ("news", "home"):
        page = client.get(pages[name], HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert 'lang="fr" dir="ltr">NOUVELLE0 en français<' in page and "NEWS0 in English" not in page, name
        assert "RÉSUMÉ0" in page and 'lang="en" dir="ltr">NEWS1 in English<' in page, name
    calls = client.get(pages["calls"], HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="fr" dir="ltr">APPELFR à contributions</a>' in calls and call.title not in calls
    assert call.title in client.get(pages["calls"], HTTP_ACCEPT_LANGUAGE="es").content.decode()
    # One query reads every title's translations, however many items the list holds.
    with django_assert_max_num_queries(30) as counted:
        client.get(pages["news"], HTTP_ACCEPT_LANGUAGE="fr")
    before = len(counted)
    for i in range(3, 8):
        item = NewsItem.objects.create(group=group, slug=f"n{i}", title=f"NEWS{i}", body="b", published_at=now)
        translation_save(actor=secretariat, obj=item, field="title", language="fr", text=f"NOUVELLE{i}")
    with django_assert_max_num_queries(before) as counted:
        client.get(pages["news"], HTTP_ACCEPT_LANGUAGE="fr")
