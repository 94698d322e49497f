from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

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
