from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plenary.groups.selectors import group_list


@require_GET
def home(request):
    return render(request, "core/home.html", {"groups": group_list(viewer=request.user)})


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
