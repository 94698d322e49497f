"""The public page cache: anonymous readers only, forgotten by every write at once, never mixing languages or
htmx fragments, never keeping a page that holds a CSRF token or a CSP nonce."""

import pytest
from django.core.cache import caches
from django.db import transaction
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from plenary.consultations.models import Contribution, ContributionStatus
from plenary.consultations.services import (
    contribution_mark_spam,
    contribution_publish,
    contribution_withdraw,
    contributions_import,
)
from plenary.consultations.tests.factories import make_call, submit
from plenary.core import pagecache

HEADER = "X-Plenary-Cache"


@pytest.fixture
def cached(settings):
    settings.PLENARY_PAGE_CACHE = True
    settings.PLENARY_PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    return settings


@pytest.fixture
def record(group, users, django_capture_on_commit_callbacks):
    """Two published contributions in an open call; the private token of the first (to withdraw it)."""
    call = make_call(group)
    made = {}
    with django_capture_on_commit_callbacks(execute=True):
        for title in ("ALPHAVIEW on spam", "BETAVIEW on spam"):
            contribution, token = submit(call, title=title, text=f"{title} and governance of spam.")
            contribution_publish(actor=users["secretariat"], contribution=contribution)
            made[title.split()[0]] = (Contribution.objects.get(pk=contribution.pk), token)
    return {"call": call, **made}


def _pages(group) -> list[str]:
    return [
        f"/{group.slug}/contributions/",
        "/search/?q=spam",
        f"/api/v1/groups/{group.slug}/contributions",
    ]


def test_anonymous_pages_are_kept_and_served_again(cached, group, record):
    anonymous = Client()
    for path in _pages(group):
        first = anonymous.get(path)
        assert first.status_code == 200, path
        assert first[HEADER] == "miss", path
        again = anonymous.get(path)
        assert again[HEADER] == "hit", path
        assert again.content == first.content, path
        assert again["Content-Type"] == first["Content-Type"], path
        assert "Cookie" in again["Vary"], path  # a shared proxy must not give it to a signed-in reader


@pytest.mark.parametrize("hide", ["spam", "withdraw"])
def test_a_hidden_or_withdrawn_contribution_leaves_every_kept_page_at_once(
    cached, group, users, record, hide, django_capture_on_commit_callbacks
):
    anonymous = Client()
    for path in _pages(group):
        anonymous.get(path)
        kept = anonymous.get(path)
        assert kept[HEADER] == "hit" and b"ALPHAVIEW" in kept.content, path
    contribution, _token = record["ALPHAVIEW"]
    with django_capture_on_commit_callbacks(execute=True):
        if hide == "spam":
            contribution_mark_spam(actor=users["secretariat"], contribution=contribution)
        else:
            contribution_withdraw(actor=None, contribution=contribution)
    for path in _pages(group):
        after = anonymous.get(path)
        assert after[HEADER] == "miss", path
        assert b"ALPHAVIEW" not in after.content, path
        assert b"BETAVIEW" in after.content, path


@pytest.mark.parametrize("role", ["member", "secretariat", "site_admin"])
def test_a_signed_in_reader_never_gets_a_kept_page_and_never_fills_one(cached, group, clients, record, role):
    signed_in = clients[role]
    for path in _pages(group):
        Client().get(path)
        assert Client().get(path)[HEADER] == "hit", path  # kept for the anonymous
        answer = signed_in.get(path)
        assert answer.status_code == 200, path
        assert HEADER not in answer, path  # not even looked up
    caches["pages"].clear()
    for path in _pages(group):
        signed_in.get(path)
        signed_in.get(path)
        assert Client().get(path)[HEADER] == "miss", path  # the signed-in reader's pages were not kept


def test_the_signed_in_page_names_its_reader_and_the_kept_one_does_not(cached, group, clients, users, record):
    path = f"/{group.slug}/contributions/"
    Client().get(path)
    assert b"Sign in" in Client().get(path).content
    answer = clients["member"].get(path)
    assert b"Sign out" in answer.content and b"Sign in" not in answer.content


def test_api_tokens_are_never_answered_from_the_cache(cached, group, users, record):
    from plenary.api.services import api_token_create

    _token, key = api_token_create(actor=None, user=users["secretariat"], name="cache")
    path = f"/api/v1/groups/{group.slug}/contributions"
    Client().get(path)
    assert Client().get(path)[HEADER] == "hit"
    answer = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert HEADER not in answer


def test_languages_never_mix(cached, group, record):
    path = f"/{group.slug}/contributions/"
    english = Client().get(path, HTTP_ACCEPT_LANGUAGE="en")
    french = Client().get(path, HTTP_ACCEPT_LANGUAGE="fr")
    assert (english[HEADER], french[HEADER]) == ("miss", "miss")
    assert b'lang="en"' in english.content and b'lang="fr"' in french.content
    chosen = Client()
    chosen.cookies["django_language"] = "ar"
    arabic = chosen.get(path)
    assert arabic[HEADER] == "miss" and b'dir="rtl"' in arabic.content
    again = Client().get(path, HTTP_ACCEPT_LANGUAGE="fr")
    assert again[HEADER] == "hit" and again.content == french.content
    assert Client().get(path, HTTP_ACCEPT_LANGUAGE="en").content == english.content


def test_htmx_fragments_and_whole_pages_are_kept_apart(cached, group, record):
    path = f"/{group.slug}/contributions/"
    whole = Client().get(path)
    fragment = Client().get(path, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert (whole[HEADER], fragment[HEADER]) == ("miss", "miss")
    assert Client().get(path)[HEADER] == "hit"
    assert Client().get(path, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results").content == fragment.content


def test_a_page_with_a_csrf_form_is_never_kept(cached, group, record):
    path = f"/{group.slug}/calls/{record['call'].slug}/submit/"
    first = Client().get(path)
    assert first.status_code == 200 and b"csrfmiddlewaretoken" in first.content
    second = Client().get(path)
    assert second[HEADER] == "miss"
    assert first.content != second.content  # each reader's own token


def test_a_response_that_used_a_token_a_nonce_or_a_cookie_is_not_storable(rf: RequestFactory):
    from django.http import HttpResponse
    from django.utils.csp import LazyNonce

    def fresh():
        request = rf.get("/x/")
        request._csp_nonce = LazyNonce()
        return request

    assert pagecache._storable(fresh(), HttpResponse("plain"))
    request = fresh()
    get_token(request)
    assert not pagecache._storable(request, HttpResponse("form"))
    request = fresh()
    str(request._csp_nonce)
    assert not pagecache._storable(request, HttpResponse("script"))
    with_cookie = HttpResponse("cookie")
    with_cookie.set_cookie("x", "1")
    assert not pagecache._storable(fresh(), with_cookie)
    assert not pagecache._storable(fresh(), HttpResponse("gone", status=404))
    private = HttpResponse("private")
    private["Cache-Control"] = "private"
    assert not pagecache._storable(fresh(), private)
    varied = HttpResponse("varied")
    varied["Vary"] = "Accept"
    assert not pagecache._storable(fresh(), varied)


def test_pages_that_name_a_person_or_their_state_are_never_looked_up(cached, group, record):
    path = f"/{group.slug}/contributions/"
    with_session = Client()
    with_session.cookies["sessionid"] = "whatever"
    assert HEADER not in with_session.get(path)
    with_messages = Client()
    with_messages.cookies["messages"] = "pending"
    assert HEADER not in with_messages.get(path)
    for never in ["/accounts/login/", f"/{group.slug}/moderation/", "/admin/login/"]:
        assert HEADER not in Client().get(never), never


def test_the_setting_turns_it_off(cached, group, record):
    cached.PLENARY_PAGE_CACHE = False
    path = f"/{group.slug}/contributions/"
    Client().get(path)
    assert HEADER not in Client().get(path)


def test_the_home_with_its_language_menu_is_kept(cached, group):
    first = Client().get("/")
    assert b"lang-switch" in first.content and b"csrfmiddlewaretoken" not in first.content
    assert Client().get("/")[HEADER] == "hit"


# --- every write bumps the generation, whichever way it reaches the database -----------------------------------------


def test_writes_that_send_no_model_signal_still_bump(db, group, record, django_capture_on_commit_callbacks):
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        Contribution.objects.filter(pk=record["BETAVIEW"][0].pk).update(title="Renamed")  # update(): no signal
    middle = pagecache.generation()
    assert middle != before
    with django_capture_on_commit_callbacks(execute=True):
        contributions_import(actor=None, call=record["call"], rows=[{"submitter_name": "X", "title": "T", "text": "x"}])
    assert pagecache.generation() != middle


def test_reads_do_not_bump(db, group, record, client):
    before = pagecache.generation()
    client.get(f"/{group.slug}/contributions/")
    list(Contribution.objects.all())
    assert pagecache.generation() == before


def test_one_bump_per_transaction_and_none_lost_to_a_rolled_back_savepoint(db, group, record):
    rows = Contribution.objects.filter(pk=record["BETAVIEW"][0].pk)
    bumps = []
    shared = caches["limits"]
    real_incr = shared.incr

    def counting(*args, **kwargs):
        bumps.append(1)
        return real_incr(*args, **kwargs)

    shared.incr = counting
    try:
        with transaction.atomic():  # a savepoint inside the test's transaction: run its callbacks by hand
            rows.update(title="One")
            rows.update(title="Two")
            claims = [
                f for _sids, f, _r in transaction.get_connection().run_on_commit if isinstance(f, pagecache._Bump)
            ]
        for claim in claims[-2:]:
            claim()
        assert len(bumps) == 1  # two statements, one bump
        with transaction.atomic():
            try:
                with transaction.atomic():
                    rows.update(title="Undone")
                    raise RuntimeError
            except RuntimeError:
                pass
            rows.update(title="Kept")
            claims = [
                f for _sids, f, _r in transaction.get_connection().run_on_commit if isinstance(f, pagecache._Bump)
            ]
        claims[-1]()
        assert len(bumps) == 2  # the write that stayed bumps, whatever its undone neighbour registered
    finally:
        shared.incr = real_incr


def test_a_publication_seen_by_the_anonymous_at_once(cached, group, users, record, django_capture_on_commit_callbacks):
    path = f"/{group.slug}/contributions/"
    Client().get(path)
    assert Client().get(path)[HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        late, _token = submit(record["call"], title="GAMMAVIEW late")
    assert Client().get(path)[HEADER] == "miss"  # received only: no page changes, but every write counts
    with django_capture_on_commit_callbacks(execute=True):
        published = contribution_publish(actor=users["secretariat"], contribution=late)
    assert published.status == ContributionStatus.PUBLISHED
    assert b"GAMMAVIEW" in Client().get(path).content


# --- the language menu posts without a token, and only from this site -------------------------------------------------


def test_the_language_menu_needs_no_token_from_this_site():
    browser = Client(enforce_csrf_checks=True)
    answer = browser.post("/i18n/setlang/", {"language": "fr", "next": "/"}, HTTP_SEC_FETCH_SITE="same-origin")
    assert answer.status_code == 302
    assert browser.cookies["django_language"].value == "fr"
    plain = Client(enforce_csrf_checks=True)
    assert plain.post("/i18n/setlang/", {"language": "es", "next": "/"}).status_code == 302


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_SEC_FETCH_SITE": "cross-site"}, {"HTTP_SEC_FETCH_SITE": "same-site"}, {"HTTP_ORIGIN": "https://evil.test"}],
)
def test_another_site_cannot_choose_the_language(headers):
    browser = Client(enforce_csrf_checks=True)
    answer = browser.post("/i18n/setlang/", {"language": "fr", "next": "/"}, **headers)
    assert answer.status_code == 403
    assert "django_language" not in browser.cookies


# --- the follow box and the deadlines' local time leave the group home and the calls cacheable ------------------------


def test_the_group_home_and_the_calls_are_kept_for_the_anonymous(cached, group, record):
    call = record["call"]
    for path in (f"/{group.slug}/", f"/{group.slug}/calls/", call.get_absolute_url()):
        first = Client().get(path)
        assert first.status_code == 200 and first[HEADER] == "miss", path
        assert b"csrfmiddlewaretoken" not in first.content and b"nonce=" not in first.content, path
        assert Client().get(path)[HEADER] == "hit", path


def test_the_deadlines_local_time_script_is_a_file_with_the_readers_words(cached, group, record):
    page = Client(headers={"accept-language": "fr"}).get(record["call"].get_absolute_url()).content.decode()
    assert "consultations/local-time" in page and 'data-your-browser="votre navigateur"' in page


def test_a_signed_in_reader_still_gets_a_token_in_the_follow_box(cached, group, clients):
    page = clients["member"].get(f"/{group.slug}/").content.decode()
    assert 'action="/' in page and "csrfmiddlewaretoken" in page


def test_an_anonymous_follow_needs_no_token_from_this_site(group, mailoutbox, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from plenary.notifications.views import _kind_of

    url = reverse("notifications:follow", args=[group.slug, _kind_of(group), group.pk])
    browser = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        answer = browser.post(
            url, {"email": "reader@example.org", "frequency": "weekly"}, HTTP_SEC_FETCH_SITE="same-origin"
        )
    assert answer.status_code == 302
    assert any("reader@example.org" in m.to for m in mailoutbox)  # the confirmation link, as before


@pytest.mark.parametrize("headers", [{"HTTP_SEC_FETCH_SITE": "cross-site"}, {"HTTP_ORIGIN": "https://evil.test"}])
def test_another_site_cannot_make_a_reader_follow(group, headers, mailoutbox):
    from django.urls import reverse

    from plenary.notifications.views import _kind_of

    url = reverse("notifications:follow", args=[group.slug, _kind_of(group), group.pk])
    answer = Client(enforce_csrf_checks=True).post(url, {"email": "x@example.org", "frequency": "weekly"}, **headers)
    assert answer.status_code == 403 and not mailoutbox


def test_a_signed_in_follow_without_its_token_is_refused(group, users, mailoutbox):
    from django.urls import reverse

    from plenary.notifications.views import _kind_of

    url = reverse("notifications:follow", args=[group.slug, _kind_of(group), group.pk])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["member"])
    answer = browser.post(url, {"email": "m@example.org", "frequency": "weekly"}, HTTP_SEC_FETCH_SITE="same-origin")
    assert answer.status_code == 403 and not mailoutbox
