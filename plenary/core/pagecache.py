"""Whole public responses kept for readers who are not signed in, forgotten by any write to the record.

A rendered list, search or API page costs 20-250 ms; an anonymous reader asking for the same page as the reader
before gets the same bytes. `PageCacheMiddleware` keeps those bytes and answers the next such request from them.

What may be kept (every condition, checked on every request and every response):
- a GET or HEAD from a reader who is not signed in: no session cookie, no messages cookie, no `Authorization`
  header (the API's secretariat tokens), an anonymous `request.user`; not under the admin, accounts, language,
  subscription or health paths, nor a group's moderation or workspace pages;
- a 200, not streamed (exports and downloads stream), at most `PLENARY_PAGE_CACHE_MAX_BYTES`, that sets no cookie,
  wrote nothing to a session, queued no message, used no CSRF token (Django's `get_token` flags
  `CSRF_COOKIE_NEEDS_UPDATE` on the request: a page holding a form with a token is never kept) and no CSP nonce
  (an inline script's nonce must match the header of its own response), whose Cache-Control does not say
  private/no-cache/no-store and whose Vary names nothing but what the key holds.

The key: scheme, host, full path with its query string, the active language, the htmx request headers, and the
record's generation. The generation is a number in the cache that every process shares (`caches["limits"]`: a
table of the site's database by default, Redis when configured), read once per request; every write bumps it
when its transaction commits, so a hidden or withdrawn contribution leaves every cached list, search and API page
at once, in every worker. Writes are found where they all pass, in the SQL itself: an execute wrapper on each
database connection sees every INSERT, UPDATE and DELETE (services, the admin, `bulk_create`, `update()`, raw SQL
and management commands alike, which model signals would not: bulk writes and `update()` send none, and a
receiver for every model would turn off Django's fast deletes). Tables that no public page reads (sessions, the
cache tables, sign-in attempts, the task queue) do not count. COPY does not pass through `execute`, so
`plenary.core.bulk` calls `record_changed()` itself.

Bodies live in `caches["pages"]`: memory of each process by default (a hit then costs one lookup of the
generation and no transfer of a 50-500 kB body out of the database, and filling it writes nothing to the site's
database), Redis with the other caches when PLENARY_CACHE_URL is set, where the processes share them. A short
time-to-live (`PLENARY_PAGE_CACHE_SECONDS`) bounds what the clock alone changes: a call opening or closing, a news
item whose publication time arrives. `PLENARY_PAGE_CACHE=0` turns it all off (the test settings do; a test turns
it on with `settings.PLENARY_PAGE_CACHE = True`). Each answer that looked in the cache says `X-Plenary-Cache: hit`
or `miss`.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "plenary:pagecache:generation"
HEADER = "X-Plenary-Cache"
# The htmx request headers a view may answer differently to (a fragment instead of the whole page).
HTMX_HEADERS = (
    "HTTP_HX_REQUEST",
    "HTTP_HX_BOOSTED",
    "HTTP_HX_TARGET",
    "HTTP_HX_TRIGGER",
    "HTTP_HX_TRIGGER_NAME",
    "HTTP_HX_HISTORY_RESTORE_REQUEST",
)
# Response headers a view may Vary on that the key already holds (language, htmx) or that the body does not
# depend on for a reader without a session (Cookie).
KEYED_VARY = {"cookie", "accept-language", *(h[5:].replace("_", "-").lower() for h in HTMX_HEADERS)}
NEVER = re.compile(r"^/(?:admin|accounts|i18n|subscriptions|healthz)(?:/|$)|^/[^/]+/(?:moderation|workspace)(?:/|$)")
# Tables whose writes change no public page: sessions, sign-in attempts, the task queue, the cache tables.
IGNORED_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "axes_accessattemptexpiration",
    "django_tasks_database_dbtaskresult",
    "django_tasks_db_dbtaskresult",
    "django_admin_log",
}
_WRITE = re.compile(
    r"""^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?
    |MERGE\s+INTO)\s+(?:ONLY\s+)?["`]?([\w.]+)["`]?""",
    re.IGNORECASE | re.VERBOSE,
)
_CTE_WRITE = re.compile(r"^\s*WITH\b.*\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE | re.DOTALL)


def enabled() -> bool:
    return bool(getattr(settings, "PLENARY_PAGE_CACHE", False))


def _ignored_tables() -> set[str]:
    tables = set(IGNORED_TABLES)
    tables.update(c["LOCATION"] for c in settings.CACHES.values() if "DatabaseCache" in c["BACKEND"])
    return tables


# --- the record's generation -------------------------------------------------------------------------------------


def generation() -> int:
    """The record's generation as every process sees it (one lookup in the shared cache)."""
    shared = caches["limits"]
    value = shared.get(GENERATION_KEY)
    if value is None:
        # A random start: should the shared cache lose the key (flushed, culled), no earlier number comes back
        # and no body kept under it can be served again.
        shared.add(GENERATION_KEY, secrets.randbits(52), timeout=None)
        value = shared.get(GENERATION_KEY)
    return value


def bump() -> None:
    """A new generation: every page kept so far is forgotten, in every process."""
    shared = caches["limits"]
    try:
        shared.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or lost): any fresh random number will do
        shared.set(GENERATION_KEY, secrets.randbits(52), timeout=None)


class _Commit:
    """The writes of one transaction: bumped once when it commits, however many statements it holds."""

    __slots__ = ("done",)

    def __init__(self):
        self.done = False


class _Bump:
    """A write's claim on its transaction's bump (`on_commit`): the first to run bumps, the others see it done.

    Each write registers its own claim, so a savepoint rolled back takes only its own claims with it, and a
    transaction rolled back leaves the next one to bump on its commit."""

    __slots__ = ("commit",)

    def __init__(self, commit: _Commit):
        self.commit = commit

    def __call__(self) -> None:
        if not self.commit.done:
            self.commit.done = True
            bump()


def record_changed(using: str = "default") -> None:
    """Forget every kept page once the current transaction commits (at once outside a transaction)."""
    connection = transaction.get_connection(using)
    commit = getattr(connection, "_plenary_pagecache_commit", None)
    if commit is None or commit.done:
        commit = connection._plenary_pagecache_commit = _Commit()
    transaction.on_commit(_Bump(commit), using=using, robust=True)


_migrating = False


def migrating(sender, **kwargs) -> None:
    """`pre_migrate` hook: schema changes bump nothing (the shared cache's table may not exist yet)."""
    global _migrating
    _migrating = True


def migrated(sender, **kwargs) -> None:
    """`post_migrate` hook, after the cache tables exist: one bump for whatever the migrations changed."""
    global _migrating
    _migrating = False
    bump()


def watch_writes(execute, sql, params, many, context):
    """Execute wrapper (on every connection): a write to a table a public page may read bumps the generation."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and not _migrating:
        match = _WRITE.match(sql)
        if match:
            table = match.group(1).rsplit(".", 1)[-1].strip('"`').lower()
            if table not in _ignored_tables():
                record_changed(context["connection"].alias)
        elif sql[:4].upper() == "WITH" and _CTE_WRITE.match(sql):
            record_changed(context["connection"].alias)
    return result


def install_watch(sender, connection, **kwargs) -> None:
    """`connection_created` hook: wrap the new connection's statements (once per connection object)."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


# --- the middleware ----------------------------------------------------------------------------------------------


def _eligible(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if NEVER.match(request.path_info):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _key(request: HttpRequest, number: int) -> str:
    parts = [
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        get_language() or "",
        *(request.META.get(name, "") for name in HTMX_HEADERS),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{number}:{digest}"


def _nonce_used(request: HttpRequest) -> bool:
    return bool(getattr(request, "_csp_nonce", None))  # a LazyNonce is true once something has read it


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > int(getattr(settings, "PLENARY_PAGE_CACHE_MAX_BYTES", 1_000_000)):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or _nonce_used(request):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "added_new", False):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= KEYED_VARY


class PageCacheMiddleware:
    """Answers an anonymous reader's GET from a kept copy of the same page (see the module's notes).

    Sits after the authentication, locale, CSRF, CSP and message middleware, so that it sees the reader, the
    active language, and whether rendering used a token or a nonce; they still run around every hit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not enabled() or not _eligible(request):
            return self.get_response(request)
        pages = caches["pages"]
        key = _key(request, generation())  # read before rendering: a write during it makes the copy unreachable
        kept = pages.get(key)
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            patch_vary_headers(response, ["Cookie"])  # as the rendered page says (the session was read there)
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in {"set-cookie", HEADER.lower()}]
            timeout = int(getattr(settings, "PLENARY_PAGE_CACHE_SECONDS", 30))
            pages.set(key, (response.status_code, headers, response.content), timeout=timeout)
        response[HEADER] = "miss"
        return response
