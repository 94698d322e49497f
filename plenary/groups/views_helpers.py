from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import WorkingGroup
from .navigation import group_nav
from .permissions import can_manage_group, can_steer_group, is_member


def render_group_page(
    request: HttpRequest, group: WorkingGroup, template: str, context: dict | None = None, *, section: str = ""
) -> HttpResponse:
    """Render a page of a group's site with the group's navigation and the viewer's standing in it."""
    user = request.user
    return render(
        request,
        template,
        {
            "group": group,
            "group_nav": group_nav(group.slug, section),
            "viewer_is_member": is_member(user, group),
            "viewer_is_secretariat": can_manage_group(user, group),
            "viewer_can_steer": can_steer_group(user, group),
            **(context or {}),
        },
    )
