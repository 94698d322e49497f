"""Abuse limits that hold in production: the client's address behind a proxy, counters shared by every process,
and an oversized body refused before it is read."""

import asyncio
import io
import json
import subprocess
import sys
import textwrap

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from plenary.consultations.models import Contribution
from plenary.consultations.tests.factories import make_call
from plenary.core.client import UNKNOWN, client_address
from plenary.core.limits import asgi_body_limit

PROXY = "10.0.0.5"


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        # No trusted proxy: the header is never read, whatever it says.
        ([], "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        # Behind the proxy: the address the proxy saw, i.e. the right-most one that is not a proxy.
        ([PROXY], PROXY, "203.0.113.9", "203.0.113.9"),
        # A client that writes its own header cannot choose its address: the proxy appends the real one.
        ([PROXY], PROXY, "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        # Two proxies in a range, with ports and spaces.
        (["10.0.0.0/8"], PROXY, "203.0.113.9:5123 , 10.1.2.3", "203.0.113.9"),
        # A request that does not come from the proxy: the header is a lie.
        ([PROXY], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # IPv6, and an IPv4 address mapped into IPv6.
        (["2001:db8::/32"], "2001:db8::1", "[2001:db8:ffff::5]:443, 2001:db8::2", "2001:db8:ffff::5"),
        ([PROXY], "::ffff:10.0.0.5", "203.0.113.9", "203.0.113.9"),
        # Garbage on the client's side of the chain, and an empty header.
        ([PROXY], PROXY, "not-an-address", PROXY),
        ([PROXY], PROXY, "", PROXY),
        # No peer address at all (a Unix socket): one bucket for all of them, never an error.
        ([], "", None, UNKNOWN),
        ([PROXY], "unix:/run/socket", "203.0.113.9", UNKNOWN),
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.PLENARY_TRUSTED_PROXIES = trusted
    assert client_address(_request(remote, forwarded)) == expected


def _contribution(**extra):
    data = {
        "submitter_name": "A new user",
        "submitter_email": "new@example.org",
        "on_behalf_of": "self",
        "publish_name": "no",
        "kind": "paper",
        "title": "A title",
        "text": "Text.",
        "consent": "on",
        "website": "",
    }
    data.update(extra)
    return data


def _visitor_sends(client, url, visitor: str) -> int:
    return client.post(url, _contribution(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=visitor).status_code


def test_behind_the_proxy_each_visitor_has_their_own_budget(group, client, settings):
    settings.PLENARY_PUBLIC_RATE = "2/h"
    call = make_call(group)
    url = reverse("consultations:submit", args=[group.slug, call.slug])
    # Without the proxy in the trusted list (the fault): every visitor is the proxy, and shares one budget.
    settings.PLENARY_TRUSTED_PROXIES = []
    assert [_visitor_sends(client, url, v) for v in ("203.0.113.1", "203.0.113.1", "203.0.113.2")] == [302, 302, 429]
    # With it: each visitor is counted on their own address.
    settings.PLENARY_TRUSTED_PROXIES = [PROXY]
    assert [_visitor_sends(client, url, "203.0.113.3") for _ in range(3)] == [302, 302, 429]
    assert _visitor_sends(client, url, "203.0.113.4") == 302
    assert _visitor_sends(client, url, "198.51.100.1, 203.0.113.3") == 429  # a forged header does not help
    assert Contribution.objects.count() == 5


# The shared counters ------------------------------------------------------------------------------------------------

PROCESSES, ROUNDS = 4, 60
COUNTER = textwrap.dedent(
    f"""
    import json, sys, django
    from django.conf import settings
    backend, database, action = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
    settings.configure(
        DATABASES={{"default": database}}, USE_TZ=True, INSTALLED_APPS=[],
        CACHES={{"default": {{"BACKEND": backend, "LOCATION": "plenary_cache_probe"}}}},
    )
    django.setup()
    from django.core.cache import cache
    if action == "setup":
        from django.core.management import call_command
        call_command("createcachetable", verbosity=0)
        cache.clear()
    else:
        for _ in range({ROUNDS}):  # as django-ratelimit counts: add the key, or increment it
            if not cache.add("hits", 1, 600):
                cache.incr("hits")
        print(cache.get("hits"))
    """
)


def _database_for_processes(tmp_path) -> dict:
    if connection.vendor == "postgresql":
        keys = {"ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS"}
        return {k: v for k, v in connection.settings_dict.items() if k in keys}
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "counters.sqlite3"),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=20000;",
            "transaction_mode": "IMMEDIATE",
        },
    }


def _counter(backend: str, database: dict, action: str) -> subprocess.Popen:
    command = [sys.executable, "-c", COUNTER, backend, json.dumps(database), action]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603 (our own script)


@pytest.mark.django_db(transaction=True)
def test_the_shared_counter_loses_no_increment_between_processes(tmp_path):
    """Four processes count 60 hits each on the database cache, as django-ratelimit does: all 240 are counted."""
    backend, database = "plenary.core.cache.AtomicDatabaseCache", _database_for_processes(tmp_path)
    assert _counter(backend, database, "setup").wait(timeout=60) == 0
    children = [_counter(backend, database, "count") for _ in range(PROCESSES)]
    seen = [int(child.communicate(timeout=120)[0].strip()) for child in children]
    assert [child.returncode for child in children] == [0] * PROCESSES
    assert max(seen) == PROCESSES * ROUNDS  # the last process to finish saw every hit


def test_migrate_creates_the_shared_cache_table_and_it_counts(db, settings):
    """With the limits cache of the other settings (a table), the post_migrate hook creates it; it counts."""
    from django.core.cache import caches

    from plenary.core.cache import create_cache_tables

    settings.CACHES = {
        **settings.CACHES,
        "limits": {"BACKEND": "plenary.core.cache.AtomicDatabaseCache", "LOCATION": "plenary_cache"},
    }
    create_cache_tables(sender=None, using="default")
    assert "plenary_cache" in connection.introspection.table_names()
    limits = caches["limits"]
    assert limits.add("k", 1, 60)
    assert not limits.add("k", 1, 60)
    assert limits.incr("k") == 2
    assert limits.incr("k", 3) == 5
    limits.delete("k")
    with pytest.raises(ValueError):
        limits.incr("k")


# The body limit -----------------------------------------------------------------------------------------------------


class CountingStream(io.RawIOBase):
    """A request body of `size` bytes that counts what is read from it."""

    def __init__(self, size: int):
        self.size = size
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = b"x" * n
        self.read_bytes += n
        return n


def _wsgi_post(path: str, size: int) -> tuple[str, bytes, int]:
    stream = CountingStream(size)
    environ = {
        **RequestFactory()._base_environ(),
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
        "CONTENT_LENGTH": str(size),
        "wsgi.input": io.BufferedReader(stream),
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    body = b"".join(WSGIHandler()(environ, start_response))
    return answer["status"], body, stream.read_bytes


def test_a_200_mb_body_is_refused_before_it_is_read(group, db, direct_wsgi):
    call = make_call(group)
    form = reverse("consultations:submit", args=[group.slug, call.slug])
    api = f"/api/v1/groups/{group.slug}/calls/{call.slug}/contributions"
    for path in (form, api):
        status, body, read = _wsgi_post(path, 200 * 1024 * 1024)
        assert status.startswith("413")
        assert b"larger than the 105 MB" in body
        assert read == 0
    assert Contribution.objects.count() == 0


def test_a_body_within_the_limit_is_read(group, db, settings, direct_wsgi):
    settings.PLENARY_MAX_REQUEST_MB = 1
    call = make_call(group)
    status, _body, read = _wsgi_post(f"/api/v1/groups/{group.slug}/calls/{call.slug}/contributions", 1024)
    assert not status.startswith("413")  # read, and refused by the API for what it holds
    assert read == 1024
    assert read > 0


def _asgi_post(body_chunks: list[bytes], content_length: int | None) -> tuple[int, int]:
    """Send a body to the wrapped application; returns (status, chunks the application took)."""
    taken = 0
    sent = []

    async def app(scope, receive, send):
        nonlocal taken
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # as Django does: stop, answer nothing
            taken += 1
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    chunks = list(body_chunks)

    async def receive():
        if not chunks:
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunks.pop(0), "more_body": bool(chunks)}

    async def send(message):
        sent.append(message)

    headers = [] if content_length is None else [(b"content-length", str(content_length).encode())]
    scope = {"type": "http", "path": "/x/", "headers": headers}
    asyncio.run(asgi_body_limit(app)(scope, receive, send))
    return sent[0]["status"], taken


def test_asgi_refuses_by_content_length_and_bounds_a_body_without_one(settings):
    settings.PLENARY_MAX_REQUEST_MB = 1
    megabyte = b"x" * (1024 * 1024)
    assert _asgi_post([megabyte] * 200, content_length=200 * 1024 * 1024) == (413, 0)
    # No Content-Length (chunked): the read stops at the limit, two chunks in, not two hundred.
    status, taken = _asgi_post([megabyte] * 200, content_length=None)
    assert status == 413
    assert taken == 1
    # A small body passes untouched.
    assert _asgi_post([b"x" * 1000], content_length=None) == (200, 1)
