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


CONFIRM_FIELD = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    """Whether this POST is the second one, sent from the confirmation page of an irreversible step."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


def confirmation_page(
    request: HttpRequest,
    group: WorkingGroup,
    *,
    title: str,
    message: str,
    button: str,
    cancel_url: str,
    section: str = "",
    undoable: bool = False,
) -> HttpResponse:
    """Ask once more before a step that cannot be undone (release, approve, disclose, finalise, withdraw).

    The page posts the same fields again to the same address, with `confirmed=yes`; it works without JavaScript.
    """
    fields = [
        (name, value)
        for name in request.POST
        if name not in {"csrfmiddlewaretoken", CONFIRM_FIELD}
        for value in request.POST.getlist(name)
    ]
    context = {
        "title": title,
        "message": message,
        "button": button,
        "cancel_url": cancel_url,
        "fields": fields,
        "action": request.path,
        "confirm_field": CONFIRM_FIELD,
        "undoable": undoable,  # a step that can be withdrawn later: the page does not say "cannot be undone"
    }
    return render_group_page(request, group, "groups/confirm.html", context, section=section)
