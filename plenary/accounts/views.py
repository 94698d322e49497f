"""Sign-in, sign-up and password reset, with the abuse limits of each (plenary.core.limits, django-axes).

- sign-in: django-axes locks out an address on one account after PLENARY_SIGNIN_FAILURE_LIMIT failures; on top,
  one address may try PLENARY_SIGNIN_RATE times across all accounts (password spraying);
- sign-up: PLENARY_PUBLIC_RATE per address;
- password reset: ten requests an hour per address, and three links an hour per e-mail address (beyond that the
  page answers as usual and sends nothing, so it cannot be used to flood someone's mailbox or to probe accounts).
  Setting a new password through the link clears the account's lockout.
"""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from plenary.core.limits import rate_limited

from .forms import SignUpForm
from .services import user_lockout_clear, user_register

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
