from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A registered participant. Membership in a group (and so any role there) comes from groups.Membership."""

    display_name = models.CharField(_("name shown"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    country = models.CharField(_("country (ISO 3166-1)"), max_length=2, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)
    # The profile that pre-fills the contribution and comment forms (the stakeholder group by its slug: the
    # vocabulary lives in the groups app, which depends on this one).
    stakeholder_group = models.SlugField(_("stakeholder group"), max_length=64, blank=True)
    publish_name = models.BooleanField(_("publish my name by default"), default=False)
    email_confirmed_at = models.DateTimeField(
        _("e-mail confirmed at"),
        null=True,
        blank=True,
        help_text=_("Input sent from this address without signing in is listed under the account once confirmed."),
    )

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username
