from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plenary.core import visibility
from plenary.core.origin import from_this_site
from plenary.groups.selectors import group_get

from . import services
from .models import Frequency, TargetKind


class FollowForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your e-mail"))
    frequency = forms.ChoiceField(label=gettext_lazy("How often"), choices=Frequency.choices, initial=Frequency.WEEKLY)


def _kind_of(target) -> str | None:
    return next((k for k, label in services.TARGET_MODELS.items() if label == target._meta.label), None)


def follow_box(request, target) -> str:
    """The small form beside a page's title (the core template tag calls it)."""
    kind = _kind_of(target)
    if kind is None:
        return ""
    group = visibility.group_of(target)
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    return render_to_string(
        "notifications/_follow.html",
        {"form": FollowForm(initial=initial), "kind": kind, "pk": target.pk, "group": group, "target": target},
        request=request,
    )


@csrf_exempt
@require_POST
def follow(request, group_slug: str, kind: str, pk: int):
    """Anonymous readers' box carries no token, so that the page around it can be kept (plenary.core.origin); a
    signed-in reader's follow is tied to their account, so it is checked as every other form is."""
    from plenary.consultations.spam import RATE_LIMIT_MESSAGE, rate_limited

    if not from_this_site(request):
        return HttpResponseForbidden(_("You can follow a page only from this site's own pages."))
    if request.user.is_authenticated:
        refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        if refused is not None:
            return refused
    group = group_get(slug=group_slug)
    if kind not in TargetKind.values:
        raise Http404
    model = apps.get_model(services.TARGET_MODELS[TargetKind(kind)])
    target = visibility.visible(model, None).filter(pk=pk).first()
    if target is None or visibility.group_of(target) != group:
        raise Http404
    back = request.POST.get("next") or target.get_absolute_url()
    if not back.startswith("/") or back.startswith("//"):
        back = target.get_absolute_url()
    if rate_limited(request, scope="notifications.follow"):
        messages.error(request, str(RATE_LIMIT_MESSAGE))
        return redirect(back)
    form = FollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        followed = services.follow_request(
            user=request.user,
            email=form.cleaned_data["email"],
            target=target,
            frequency=form.cleaned_data["frequency"],
            language=translation.get_language() or "en",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if followed.subscriber.confirmed_at:
        messages.success(request, _("You follow “%(what)s”.") % {"what": followed.label})
    else:
        messages.success(request, _("Check your e-mail: open the link we sent to confirm that you follow it."))
    return redirect(back)


@require_GET
def confirm(request, token: str):
    try:
        subscriber = services.follow_confirm(token=token)
    except PermissionDenied as error:
        return render(request, "notifications/message.html", {"message": str(error)}, status=400)
    messages.success(request, _("Confirmed: you will get your digests at this address."))
    return redirect("notifications:manage", token=services.manage_token(subscriber))


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=gettext_lazy("How often"), choices=Frequency.choices)


@require_http_methods(["GET", "POST"])
def manage(request, token: str):
    """What an address follows, reached by the signed link in every digest: change how often, stop following."""
    subscriber = services.subscriber_from_token(token)
    if subscriber is None:
        raise Http404
    if request.method == "POST":
        if "remove" in request.POST:
            services.follow_remove(subscriber=subscriber, follow_id=int(request.POST["remove"] or 0) or None)
            messages.success(request, _("Done: you no longer follow it."))
        else:
            form = FrequencyForm(request.POST)
            if form.is_valid():
                services.frequency_set(subscriber=subscriber, frequency=form.cleaned_data["frequency"])
                messages.success(request, _("Saved."))
        return redirect("notifications:manage", token=token)
    context = {
        "subscriber": subscriber,
        "follows": subscriber.follows.select_related("group").order_by("group__name", "label"),
        "form": FrequencyForm(initial={"frequency": subscriber.frequency}),
        "token": token,
    }
    response = render(request, "notifications/manage.html", context)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@csrf_exempt  # RFC 8058: a mail client posts "List-Unsubscribe=One-Click" with no page and no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    subscriber = services.subscriber_from_token(token)
    if subscriber is None:
        raise Http404
    if request.method == "POST":
        services.follow_remove(subscriber=subscriber)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=200)
        return render(request, "notifications/message.html", {"message": _("You follow nothing any more.")})
    return render(request, "notifications/unsubscribe.html", {"subscriber": subscriber, "token": token})
