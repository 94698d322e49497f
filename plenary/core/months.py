"""Month names where Django's own catalogue differs from CLDR: Django's Arabic spells April "إبريل"; CLDR and the
United Nations write "أبريل". Named here so that `make messages` keeps the entry in our catalogues, which take
precedence over Django's (the other languages' entries repeat Django's own names)."""

from django.utils.translation import gettext_noop

MONTH_NAMES_OVERRIDDEN = [gettext_noop("April")]
