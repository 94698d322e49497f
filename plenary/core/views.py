from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from plenary.core.collation import collated
from plenary.groups.selectors import group_list


@require_GET
def home(request):
    # the listed groups, a handful: in the viewer's alphabetical order, sorted here
    groups = collated(group_list(viewer=request.user), key=lambda g: g.name)
    return render(request, "core/home.html", {"groups": groups})


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@require_POST
def set_language(request):
    """Django's `set_language`, refused only when a browser says the form was sent from another site.

    The language menu sits on every page; a CSRF token in it would make every page unique to its reader, and no
    page could be kept for the next anonymous reader (plenary.core.pagecache). What a forged request could do
    here is choose the language of a reader's pages, so the browser's own word is enough: Sec-Fetch-Site (every
    current browser sends it), else Origin, must name this site; a client that sends neither is not a browser
    that another site could drive."""
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    origin = request.META.get("HTTP_ORIGIN")
    if site is not None:
        allowed = site in {"same-origin", "none"}
    elif origin is not None:
        allowed = origin in settings.CSRF_TRUSTED_ORIGINS or urlsplit(origin).netloc == request.get_host()
    else:
        allowed = True
    if not allowed:
        return HttpResponseForbidden(_("The language can be chosen only from this site's own pages."))
    return i18n.set_language(request)
