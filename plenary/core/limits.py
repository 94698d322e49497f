"""Abuse limits shared by every app: rate limits per client, and the refusal of an oversized request body.

Rate limits (`rate_limited`) use django-ratelimit, keyed on the client address that `plenary.core.client` finds
behind the trusted proxies, with the counters in the cache that every process shares (`caches["limits"]`).

Oversized bodies (`PLENARY_MAX_REQUEST_MB`) are refused before anything reads them.

Django spools uploaded files to disk whatever their size, and the per-file limits of a call are checked only
once the whole body is in: a 200 MB body was read in full before it was refused. Here:

- under WSGI, `RequestSizeLimitMiddleware` (first in MIDDLEWARE) answers 413 from the declared Content-Length.
  Django reads a WSGI body through a stream bounded by that same Content-Length, so nothing beyond it is read;
- under ASGI, Django reads the whole body before any middleware runs, so `asgi_body_limit` wraps the application:
  413 from the Content-Length header, and a bounded read that stops a body without one at the limit.
"""

import json
from collections.abc import Callable

import django_ratelimit as ratelimit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited


def rate_limited(
    request: HttpRequest,
    *,
    scope: str,
    rate: str,
    key: str | Callable[[str, HttpRequest], str] = "ip",
    increment: bool = True,
) -> bool:
    """True when this client has sent more than `rate` (e.g. "10/h") to `scope`; counts this request.

    `key="ip"` counts per client address; a callable `(group, request) -> str` counts per that value (an e-mail).
    """
    return is_ratelimited(
        request,
        group=f"plenary.{scope}",
        key=key,
        rate=rate,
        method=ratelimit.ALL,
        increment=increment,
    )


def max_request_bytes() -> int:
    return int(getattr(settings, "PLENARY_MAX_REQUEST_MB", 105)) * 1024 * 1024


def _too_large_body(path: str) -> tuple[bytes, str]:
    megabytes = max_request_bytes() // (1024 * 1024)
    message = _("This request is larger than the %(size)d MB this site accepts. Send smaller or fewer files.") % {
        "size": megabytes
    }
    if path.startswith("/api/"):
        return json.dumps({"detail": message, "code": "too_large"}).encode(), "application/json"
    return message.encode(), "text/plain; charset=utf-8"


class RequestSizeLimitMiddleware:
    """413 for a declared body over the limit; 400 for a Content-Length that is not a number."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            return HttpResponse(_("The Content-Length header is not a number."), status=400, content_type="text/plain")
        if length < 0:
            return HttpResponse(_("The Content-Length header is not a number."), status=400, content_type="text/plain")
        if length > max_request_bytes():
            body, content_type = _too_large_body(request.path)
            response = HttpResponse(body, status=413, content_type=content_type)
            response["Connection"] = "close"  # the client may still be sending: do not reuse this connection
            return response
        return self.get_response(request)


def asgi_body_limit(application):
    """Wrap an ASGI application so that no request body beyond the limit is read into the server."""

    async def _refuse(scope, send) -> None:
        body, content_type = _too_large_body(scope.get("path", ""))
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", content_type.encode()), (b"connection", b"close")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def limited(scope, receive, send):
        if scope["type"] != "http":
            return await application(scope, receive, send)
        limit = max_request_bytes()
        headers = dict(scope.get("headers") or [])
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = 0  # RequestSizeLimitMiddleware answers 400 for it
        if declared > limit:
            return await _refuse(scope, send)
        received = 0
        exceeded = False
        started = False

        async def bounded_receive():
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Django reads the body before it builds the request; a disconnect makes it stop and answer
                    # nothing, and the 413 is sent below.
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await application(scope, bounded_receive, tracking_send)
        if exceeded and not started:
            await _refuse(scope, send)

    return limited
