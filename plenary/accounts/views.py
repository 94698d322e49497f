"""Sign-in, sign-up and password reset, with the abuse limits of each (plenary.core.limits, django-axes).

- sign-in: django-axes locks out an address on one account after PLENARY_SIGNIN_FAILURE_LIMIT failures; on top,
  one address may try PLENARY_SIGNIN_RATE times across all accounts (password spraying);
- sign-up: PLENARY_PUBLIC_RATE per address;
- password reset: ten requests an hour per address, and three links an hour per e-mail address (beyond that the
  page answers as usual and sends nothing, so it cannot be used to flood someone's mailbox or to probe accounts).
  Setting a new password through the link clears the account's lockout.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plenary.core.limits import rate_limited

from .forms import AccountDeleteForm, ProfileForm, SignUpForm
from .holdings import link_renewer, sections
from .models import User
from .services import (
    PROFILE_FIELDS,
    account_delete,
    email_confirm,
    email_confirmation_send,
    profile_save,
    user_lockout_clear,
    user_register,
)

TOO_MANY_ATTEMPTS = _("Too many attempts from your address in a short time. Please wait an hour and try again.")
RESET_RATE = "10/h"
RESET_RATE_PER_EMAIL = "3/h"


def signin_locked_out(request, original_response=None, credentials=None):
    """What django-axes answers to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): the way out, in words."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0,
    }
    return render(request, "registration/locked_out.html", context, status=429)


class SignInView(auth_views.LoginView):
    def post(self, request, *args, **kwargs):
        if rate_limited(request, scope="accounts.signin", rate=settings.PLENARY_SIGNIN_RATE):
            form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")[:150]})
            context = self.get_context_data(form=form, limit_message=TOO_MANY_ATTEMPTS)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)


@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if rate_limited(request, scope="accounts.signup", rate=settings.PLENARY_PUBLIC_RATE):
            return render(
                request, "accounts/signup.html", {"form": form, "limit_message": TOO_MANY_ATTEMPTS}, status=429
            )
        if form.is_valid():
            user = user_register(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("core:home")
    return render(request, "accounts/signup.html", {"form": form})


def _reset_email(group: str, request) -> str:
    return request.POST.get("email", "").strip().lower()[:254]


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        if rate_limited(request, scope="accounts.password_reset", rate=RESET_RATE):
            context = self.get_context_data(form=self.get_form(), limit_message=TOO_MANY_ATTEMPTS)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if rate_limited(
            self.request, scope="accounts.password_reset_email", rate=RESET_RATE_PER_EMAIL, key=_reset_email
        ):
            return redirect(self.get_success_url())  # the same answer as a link sent, and no e-mail
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        user_lockout_clear(user=form.user)
        return response


# The account's own pages -------------------------------------------------------------------------------------------


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def mine(request):
    """My contributions and comments: everything this person sent, with what became of it (accounts.holdings)."""
    context = {"sections": sections(request.user), "confirmed": request.user.email_confirmed_at is not None}
    return _private(render(request, "accounts/mine.html", context))


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = User.objects.get(pk=request.user.pk)  # the model itself, not the request's lazy wrapper
    initial = {name: getattr(user, name) for name in PROFILE_FIELDS}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile_save(actor=user, user=user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return _private(render(request, "accounts/profile.html", {"form": form}))


@login_required
@require_POST
def confirm_send(request):
    if email_confirmation_send(user=request.user):
        messages.success(request, _("We have sent you a link: open it to confirm your address."))
    return redirect("accounts:mine")


@require_GET
def confirm_email(request, token: str):
    try:
        email_confirm(token=token)
    except PermissionDenied as error:
        return render(request, "accounts/confirm_failed.html", {"message": str(error)}, status=400)
    messages.success(request, _("Your e-mail address is confirmed."))
    return redirect("accounts:mine")


@login_required
@require_POST
def my_link(request, kind: str, pk: int):
    """A new private link to one piece of the person's own input, by e-mail."""
    renewer = link_renewer(kind)
    if renewer is None:
        raise Http404
    try:
        renewer(actor=request.user, pk=pk)
    except ObjectDoesNotExist as error:
        raise Http404 from error
    except PermissionDenied as error:
        raise Http404 from error  # someone else's input: as if there were none
    messages.success(request, _("We have e-mailed you a new private link."))
    return redirect("accounts:mine")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """Delete the account: a page that says what stays and what goes, then the password and a tick."""
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_delete(
                actor=request.user,
                user=request.user,
                password=form.cleaned_data["password"],
                confirmed=form.cleaned_data["confirmed"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted and your personal data removed."))
            return redirect("core:home")
    return _private(render(request, "accounts/delete.html", {"form": form}))
