"""The canary crawl: every non-public object carries a marker; every page, feed, export, search answer and API
operation is read as each role, and no role may meet a marker it must not see.

Every URL pattern of the site must be reached by the crawl (or be named below with the reason it is not), so a
new page cannot escape it. Hidden objects must answer exactly as missing ones do.
"""

import io
import json
import re
from collections import Counter, deque
from urllib.parse import parse_qs, quote_plus, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from plenary import canary

ROLES = ["anonymous", "participant", "member", "other_member", "other_secretariat"]
MAX_REQUESTS = 700  # per role: the seeded world has about 300 distinct pages
MAX_VARIANTS = 6  # query-string variants followed per path (filters, sorts, pages)

# Patterns the crawl does not open, each with the reason. Everything else must be reached.
NOT_CRAWLED = {
    "accounts:password_reset_confirm": "needs the secret of a reset e-mail",
    "consultations:private": "needs a submitter's private token (tested apart: a token shows its own input only)",
    "consultations:withdraw": "needs a submitter's private token",
    "drafting:comment_receipt": "needs a commenter's private token",
    "reports:input_trace": "needs a submitter's private token",
    "accounts:logout": "would end the crawl's session",
    "set_language": "POST only; changes the session's language",
    "notifications:confirm": "needs the signed link e-mailed to a follower",
    "notifications:manage": "needs a follower's signed link",
    "notifications:unsubscribe": "needs a follower's signed link",
    "accounts:confirm_email": "needs the signed link e-mailed to the account's address",
    "accounts:my_link": "POST only, on one's own input (accounts/tests/test_my_input: 404 for anyone else's)",
}
SKIP_PREFIXES = ("/admin/", "/static/", "/accounts/signout", "/i18n/", "/media/")

# Values for the path parameters of each pattern, by pattern name then by parameter name.
PATH_VALUES = {
    "meetings:document": {"pk": "paper"},
    "meetings:document_download": {"pk": "paper"},
    "consultations:attachment": {"pk": "attachment"},
    "consultations:moderate": {"pk": "contribution_pk"},
    "analysis:suggestions_decide": {"pk": "contribution_pk"},
    "drafting:dispose": {"pk": "comment_pk"},
    "drafting:moderate": {"pk": "comment_pk"},
    "assessment:finding_edit": {"number": "finding_number"},
    "reports:build": {"number": "build"},
    "reports:download": {"number": "build"},
    "drafting:version": {"number": "version"},
    "consultations:bulk_download": {"fmt": "bulk_format"},
    "notifications:follow": {"kind": "follow_kind", "pk": "follow_pk"},
    "proceedings:decision": {"number": "decision"},
    "proceedings:decision_edit": {"number": "decision"},
    "proceedings:decision_disclose": {"number": "decision"},
    "proceedings:decision_links": {"number": "decision"},
    "proceedings:decision_unlink": {"number": "decision"},
    "workspace:task": {"pk": "task"},
    "workspace:task_move": {"pk": "task"},
    "workspace:assignment_end": {"pk": "assignment"},
    "groups:translation_edit": {"kind": "translation_kind", "pk": "paper", "field": "translation_field"},
}
SLUG_MEANS = {
    "issues:detail": "issue",
    "assessment": "issue",
    "consultations": "call",
    "analysis": "call",
    "reports:synopsis_call": "call",
    "drafting": "draft",
    "reports": "draft",
    "groups:news_detail": "news",
}


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, prefix + str(entry.pattern)


def _site_patterns() -> dict[str, str]:
    return {name: route for name, route in _patterns() if not route.startswith("admin/")}


def _fill(name: str, route: str, values: dict) -> str | None:
    """A URL for a pattern from the seeded world's values; None when a parameter has no value."""

    def value(match: re.Match) -> str:
        param = match.group("name")
        key = PATH_VALUES.get(name, {}).get(param)
        if key is None and param == "slug":
            key = SLUG_MEANS.get(name) or SLUG_MEANS.get(name.split(":")[0], "group_slug")
        key = key or param
        if key not in values:
            raise KeyError(key)
        return str(values[key])

    try:
        path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, route)
    except KeyError:
        return None
    return "/" + path.replace("^", "").replace("$", "")


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("canary-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        seeded = canary.seed()
        extra = _values(seeded)
        yield seeded, extra, media
        call_command("flush", "--no-input", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def world(_seeded, settings):
    seeded, extra, media = _seeded
    settings.MEDIA_ROOT = media  # the files the seeding stored
    return seeded, extra


def _values(world) -> dict:
    from plenary.assessment.models import Finding
    from plenary.consultations.models import Attachment, Contribution
    from plenary.drafting.models import Draft, ParagraphComment
    from plenary.groups.models import NewsItem

    group = world.group
    published = Contribution.objects.get(group=group, title__startswith="CNRYPUBINPUT")
    return {
        **world.params,
        "paper": world.params["pk"],
        "attachment": Attachment.objects.filter(contribution=published).first().pk,
        "contribution_pk": published.pk,
        "comment_pk": ParagraphComment.objects.filter(draft__group=group).first().pk,
        "finding_number": Finding.objects.filter(assessment__group=group).first().number,
        "news": NewsItem.objects.filter(group=group, title="CNRYPUBNEWS").first().slug,
        "bulk_format": "jsonl",
        "follow_kind": "draft",
        "translation_kind": "meetings.document",
        "translation_field": "title",
        "language": "fr",
        "follow_pk": Draft.objects.get(group=group, slug="public").pk,
    }


def _client(world, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _api_urls(client: Client, values: dict) -> list[str]:
    """Every GET operation of the OpenAPI document, with its documented query parameters filled in turn."""
    spec = json.loads(client.get("/api/openapi.json").content)
    samples = {
        "slug": values["group_slug"],
        "call": values["call"],
        "year": values["year"],
        "sequence": values["sequence"],
        "draft": values["draft"],
        "version": values["version"],
        "issue": values["issue"],
        "number": values["build"],
        "session": values["session"],
    }
    query_samples = {
        "call": values["call"],
        "issue": values["issue"],
        "kind": "comment",
        "stakeholder_group": "civil-society",
        "region": "Africa",
        "country": "KE",
        "language": "en",
        "sort": "oldest",
        "status": "received",
        "state": "open",
        "version": 1,
        "paragraph": values["key"],
        "disposition": "accepted",
        "meeting": values["number"],
        "page": 2,
        "page_size": 5,
    }
    urls = []
    for path, operations in spec["paths"].items():
        if "get" not in operations:
            continue
        base = "/api/v1" + re.sub(r"\{(\w+)\}", lambda m: str(samples.get(m.group(1), "x")), path)
        urls.append(base)
        for param in operations["get"].get("parameters", []):
            if param.get("in") == "query" and param["name"] in query_samples:
                urls.append(f"{base}?{urlencode({param['name']: query_samples[param['name']]})}")
    return urls


def _search_urls(world) -> list[str]:
    words = ["spam", "domain", "names", "paper", "CNRYPUBINPUT", "CNRYSECRECEIVED", "CNRYSECSPAM", "CNRYSECLEFT",
             "CNRYMEMPAPER", "CNRYSECPAPER", "CNRYMEMDRAFT", "CNRYMEMEARLY", "CNRYMEMFINDING", "CNRYSECCOMMENTSPAM",
             "CNRYSECNEWS", "Privatename", "withheld.address", "CNRYMEMAGENDA", "CNRYMEMRATIONALE",
             "CNRYMEMMINUTESTEXT", "CNRYMEMWITHHELD", "CNRYMEMDECISION", "CNRYMEMREADOUTDRAFT", "CNRYMEMDRAFTMINUTES",
             "CNRYPUBREADOUT", "CNRYPUBDECISION", "CNRYMEMITEMPAPER", "agreed", "closed", "CNRYMEMEARLYFR",
             "CNRYMEMPARAFR", "CNRYPUBPARAFR", "CNRYMEMPAPERFR", "CNRYSECPAPERFR", "CNRYMEMDRAFTFR",
             "traduit"]  # fmt: skip
    urls = [f"/search/?{urlencode({'q': w})}" for w in words]
    for source in ["contributions", "documents", "news", "drafts", "assessment", "decisions", "readouts", "minutes",
                   "translations", "draft_translations"]:  # fmt: skip
        urls.append(f"/search/?{urlencode({'q': 'spam', 'source': source})}")
        urls.append(f"/search/?{urlencode({'q': 'spam', 'source': source, 'group': world.group.slug})}")
    return urls


def _links(body: str) -> list[str]:
    return [
        href.replace("&amp;", "&")
        for href in re.findall(r'href="([^"#]+)"', body)
        if href.startswith("/") and not href.startswith(SKIP_PREFIXES)
    ]


def _without_echo(body: str, url: str) -> str:
    """The page without the crawler's own words echoed back (a search box, the links that keep the query)."""
    body = body.replace(f'value="{url.replace("&", "&amp;")}"', "")
    for value in parse_qs(urlsplit(url).query).values():
        for word in value:
            body = body.replace(f'value="{word}"', "")
            body = re.sub(r'href="[^"]*' + re.escape(quote_plus(word)) + r'[^"]*"', "", body)
    return body


def _pattern_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def _crawl(world, values: dict, role: str) -> dict:
    client = _client(world, role)
    forbidden = canary.FORBIDDEN[role]
    patterns = _site_patterns()
    seeds = [url for name, route in patterns.items() if name not in NOT_CRAWLED and (url := _fill(name, route, values))]
    searches = _search_urls(world)
    seeds += _api_urls(client, values) + searches
    queue, seen, variants = deque(seeds), set(), Counter()
    asked = set(searches)  # each named search is read, beyond the variants followed per path
    report = {"requests": 0, "errors": [], "leaks": [], "reached": set(), "public_seen": set()}
    while queue and report["requests"] < MAX_REQUESTS:
        url = queue.popleft()
        if url in seen:
            continue
        path = urlsplit(url).path
        if "?" in url and url not in asked:
            variants[path] += 1
            if variants[path] > MAX_VARIANTS:
                continue
        seen.add(url)
        response = client.get(url)
        report["requests"] += 1
        if response.status_code >= 500:
            report["errors"].append((url, response.status_code))
        name = _pattern_name(url)
        if name:
            report["reached"].add(name)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = _without_echo(content.decode("utf-8", errors="replace"), url)
        report["leaks"] += [(url, marker) for marker in forbidden if marker in body]
        report["public_seen"] |= set(re.findall(r"CNRYPUB[A-Z]+", body))
        if response.get("Content-Type", "").startswith("text/html"):
            queue.extend(link for link in _links(body) if link not in seen)
    return report


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_role_meets_a_marker_it_may_not_see(world, role):
    world, values = world
    report = _crawl(world, values, role)
    assert report["errors"] == [], report["errors"][:10]
    assert report["leaks"] == [], report["leaks"][:20]
    # The crawl must have seen the public record, or it proved nothing.
    for marker in [
        "CNRYPUBINPUT",
        "CNRYPUBPAPER",
        "CNRYPUBFINDING",
        "CNRYPUBCOMMENT",
        "CNRYPUBNEWS",
        "CNRYPUBPARAGRAPH",
        "CNRYPUBREADOUT",
        "CNRYPUBDECISION",
        "CNRYPUBDISCLOSEDTOO",
        "CNRYPUBFLOOR",
        "CNRYPUBTRANSCRIPT",
    ]:
        assert marker in report["public_seen"], marker
    missing = set(_site_patterns()) - report["reached"] - set(NOT_CRAWLED)
    assert missing == set(), f"URL patterns the crawl never reached: {sorted(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_hidden_objects_answer_like_missing_ones(world, role):
    world, _values = world
    client = _client(world, role)
    forbidden = canary.FORBIDDEN[role]
    missing_bodies = {client.get(url).status_code for url in world.urls_missing}
    assert missing_bodies == {404}
    for url, level in world.urls_hidden:
        response = client.get(url)
        if f"CNRY{level}" in forbidden:
            assert response.status_code == 404, (role, url)
            body = response.content.decode().replace(url, "")
            reference = client.get(world.urls_missing[0]).content.decode().replace(world.urls_missing[0], "")
            assert body == reference, (role, url)
        else:
            assert response.status_code == 200, (role, url)


@pytest.mark.django_db
def test_a_private_link_shows_its_own_input_only(world):
    world, _values = world
    client = Client()
    body = client.get(f"/{world.group.slug}/my-contribution/{world.tokens['CNRYSECRECEIVED']}/").content.decode()
    assert "CNRYSECRECEIVED" in body
    others = [m for m in world.tokens if m != "CNRYSECRECEIVED"]
    assert not any(marker in body for marker in others)
    trace = client.get(f"/{world.group.slug}/your-input/{world.tokens['CNRYPUBINPUT']}/").content.decode()
    assert not any(marker in trace for marker in world.tokens if marker.startswith("CNRYSEC"))
    receipt = client.get(f"/{world.group.slug}/drafts/comment-receipt/{world.tokens['CNRYSECCOMMENTSPAM']}/")
    assert "CNRYSECCOMMENTSPAM" in receipt.content.decode()
    assert "CNRYSECCOMMENTWAITING" not in receipt.content.decode()


@pytest.mark.django_db
def test_every_event_of_the_world_resolves_its_group(world):
    from plenary.core.models import Event

    assert not Event.objects.filter(group_slug="").exists()
