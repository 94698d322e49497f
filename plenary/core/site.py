"""The site's own address, the one place absolute links are made from.

A link that leaves the page (an e-mail, a feed, an export, the report, an API answer, a calendar) must open where
the site really is, whatever host name the request that caused it came by (a worker has no request at all). So
every absolute URL is the configured `SITE_URL` (PLENARY_SITE_URL in the environment; `make run PORT=N` sets it)
plus a path, and no code asks the request for its host.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    """The configured origin, without a trailing slash (e.g. https://wg.example.org)."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """The absolute address of a path on this site; an address that is absolute already is returned as it is."""
    if not path:
        return site_url() + "/"
    if "://" in path.split("?", 1)[0]:
        return path
    return site_url() + (path if path.startswith("/") else "/" + path)


def site_host() -> str:
    """The configured host (and port), for identifiers that name the site, such as iCalendar UIDs."""
    return urlsplit(site_url()).netloc
