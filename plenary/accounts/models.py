from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A registered participant. Membership in a group (and so any role there) comes from groups.Membership."""

    display_name = models.CharField(_("name shown"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    country = models.CharField(_("country (ISO 3166-1)"), max_length=2, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username
