"""Spam defences for every public form (and the API): a honeypot field, a rate limit per client, a cap on links.

The rate limit counts per client address behind the configured proxies, in the cache all processes share.

Other apps that take input from the public (paragraph comments on drafts) import these:

    class CommentForm(HoneypotMixin, SubmitterProfileFormMixin, forms.Form): ...
    if rate_limited(request, scope="drafting.comment"): ...
    link_cap_check(text)  # raises ValidationError
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plenary.core.limits import rate_limited as core_rate_limited

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
    """True when this client (by address, behind the trusted proxies) has sent more than `rate` to `scope`."""
    return core_rate_limited(request, scope=scope, rate=rate or public_rate(), increment=increment)


RATE_LIMIT_MESSAGE = _("You have sent many submissions in a short time. Please wait an hour and try again.")
