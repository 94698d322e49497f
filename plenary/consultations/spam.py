"""Spam defences for every public form (and the API): a honeypot field, a rate limit per client, a cap on links.

Other apps that take input from the public (paragraph comments on drafts) import these:

    class CommentForm(HoneypotMixin, SubmitterProfileFormMixin, forms.Form): ...
    if rate_limited(request, scope="drafting.comment"): ...
    link_cap_check(text)  # raises ValidationError
"""

import re

import django_ratelimit as ratelimit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

HONEYPOT_FIELD = "website"
DEFAULT_RATE = "10/h"
DEFAULT_LINK_CAP = 5
_LINK = re.compile(r"(?:https?://|ftp://|www\.)\S+", re.IGNORECASE)


class HoneypotMixin(forms.Form):
    """Render the field with `{% include "consultations/_honeypot.html" %}`: inside a `hidden` block, people never
    see or fill it; form-filling robots do."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        value = self.cleaned_data.get(HONEYPOT_FIELD, "")
        if value:
            raise ValidationError(
                _("This form could not be accepted. If you are a person, please leave the last field empty."),
                code="honeypot",
            )
        return value

    @property
    def honeypot_tripped(self) -> bool:
        return any(error.code == "honeypot" for error in self.errors.as_data().get(HONEYPOT_FIELD, []))


def count_links(*texts: str) -> int:
    return sum(len(_LINK.findall(text or "")) for text in texts)


def link_cap() -> int:
    return int(getattr(settings, "PLENARY_PUBLIC_LINK_CAP", DEFAULT_LINK_CAP))


def link_cap_check(*texts: str) -> None:
    """Raise ValidationError when the texts hold more links than the cap (a common mark of spam)."""
    found, cap = count_links(*texts), link_cap()
    if found > cap:
        raise ValidationError(
            _("Your text holds %(found)d links; at most %(cap)d are accepted. Please remove some."),
            code="too_many_links",
            params={"found": found, "cap": cap},
        )


def public_rate() -> str:
    return getattr(settings, "PLENARY_PUBLIC_RATE", DEFAULT_RATE)


def rate_limited(request, *, scope: str, rate: str | None = None, increment: bool = True) -> bool:
    """True when this client (by IP address) has sent more than `rate` (e.g. "10/h") to `scope`."""
    return is_ratelimited(
        request,
        group=f"plenary.{scope}",
        key="ip",
        rate=rate or public_rate(),
        method=ratelimit.ALL,
        increment=increment,
    )


RATE_LIMIT_MESSAGE = _("You have sent many submissions in a short time. Please wait an hour and try again.")
