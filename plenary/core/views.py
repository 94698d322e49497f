from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from plenary.core.collation import collated
from plenary.core.origin import from_this_site
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
    """Django's `set_language` without a token, refused when a browser says the form was sent from another site
    (plenary.core.origin says why)."""
    if not from_this_site(request):
        return HttpResponseForbidden(_("The language can be chosen only from this site's own pages."))
    return i18n.set_language(request)
