"""Whether a POST came from this site's own pages, by the browser's own word.

Two small public forms sit on pages that are kept for the next anonymous reader (plenary.core.pagecache): the
language menu on every page and the "Follow by e-mail" box. A CSRF token in them would make every page unique to
its reader. What a forged request could do there is choose a reader's language or ask for a follow that the
e-mail address must still confirm, so the browser's headers are enough for an anonymous reader: Sec-Fetch-Site
(every current browser sends it), else Origin, must name this site; a client that sends neither is not a browser
that another site could drive. A signed-in reader's form keeps its token (plenary.notifications.views.follow).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def from_this_site(request: HttpRequest) -> bool:
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    if site is not None:
        return site in {"same-origin", "none"}
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin in settings.CSRF_TRUSTED_ORIGINS or urlsplit(origin).netloc == request.get_host()
    return True
