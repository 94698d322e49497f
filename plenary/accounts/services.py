import datetime as dt

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plenary.core.mail import mail_send
from plenary.core.services import event_record
from plenary.core.site import absolute_url, site_url

from .holdings import erasers
from .models import User

CONFIRM_SALT = "plenary.accounts.confirm-email"
CONFIRM_DAYS = 7
PROFILE_FIELDS = ("display_name", "email", "organisation", "country", "stakeholder_group", "publish_name")


@transaction.atomic
def user_register(*, username: str, email: str, password: str, display_name: str = "") -> User:
    """Create a registered participant. Anyone may; records `registered` on the trail and e-mails the link that
    confirms the address (until then input sent from it without signing in is not listed under the account)."""
    user = User.objects.create_user(username=username, email=email, password=password, display_name=display_name)
    event_record(actor=user, verb="registered", target=user)
    email_confirmation_send(user=user)
    return user


def user_lockout_clear(*, user: User) -> int:
    """Forget the failed sign-ins of this account, from every address, so that its owner can sign in at once.

    The password-reset view calls it once a new password is set through the link sent by e-mail: whoever reads
    the account's mail is its owner. Returns how many records of failed attempts were removed.
    """
    from axes.utils import reset

    return reset(username=user.get_username())


# The account's e-mail ----------------------------------------------------------------------------------------------


def email_confirmation_send(*, user: User) -> bool:
    """E-mail a signed link that confirms the account's address (the task worker sends it). The account's owner
    may ask again; a link names the address it confirms, so a link for an address since changed confirms nothing."""
    if not user.email or user.email_confirmed_at is not None:
        return False
    token = signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=CONFIRM_SALT)
    link = absolute_url(reverse("accounts:confirm_email", kwargs={"token": token}))
    body = _(
        "Someone (we hope you) created an account on %(site)s with this address, or asked to confirm it.\n\n"
        "Open this link within %(days)d days to confirm it; then everything sent from this address, signed in or "
        "not, is listed under your account:\n%(link)s\n\n"
        "If it was not you, do nothing."
    ) % {"site": site_url(), "days": CONFIRM_DAYS, "link": link}
    mail_send(subject=_("Confirm your e-mail address"), body=body, to=[user.email])
    return True


def email_confirm(*, token: str) -> User:
    """Confirm an account's address by the link sent to it. Raises PermissionDenied for a wrong, expired or stale
    link. Records `confirmed`."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=dt.timedelta(days=CONFIRM_DAYS))
    except signing.BadSignature as error:
        raise PermissionDenied(_("This confirmation link is wrong or has expired.")) from error
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or (user.email or "").lower() != data.get("e"):
        raise PermissionDenied(_("This confirmation link is wrong or has expired."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
        event_record(actor=user, verb="confirmed", target=user, changes={"email_confirmed": [False, True]})
    return user


def profile_save(*, actor: User, user: User, **values) -> User:
    """The account's owner keeps the profile that pre-fills the forms. A new e-mail address must be confirmed
    again (a link is sent to it). Records `changed` with the fields that changed (not their values: personal)."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("Only the account's owner changes its profile."))
    changed = []
    with transaction.atomic():
        for name in PROFILE_FIELDS:
            if name in values and getattr(user, name) != values[name]:
                setattr(user, name, values[name])
                changed.append(name)
        if "email" in changed:
            user.email_confirmed_at = None
            changed.append("email_confirmed_at")
        if changed:
            user.save(update_fields=changed)
            event_record(actor=actor, verb="changed", target=user, changes={"profile": [None, sorted(changed)]})
        if "email" in changed:
            email_confirmation_send(user=user)
    return user


# Deleting an account -----------------------------------------------------------------------------------------------


def account_delete(*, actor: User, user: User, password: str, confirmed: bool) -> dict[str, int]:
    """Delete an account. Its owner may, with their password and an explicit confirmation (ValidationError
    otherwise, and for an account linked to a member's record; PermissionDenied for anyone else).

    The published record stays: every app's eraser (accounts.holdings) removes the personal data from the input
    the account sent (the e-mail, the name unless its publication was consented to, the link to the account) and
    the follows; then the account's own data goes and the account is deleted. Records `erased` (with how many
    records each app changed) against an account label that names nobody. Returns those counts.
    """
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("Only the account's owner deletes it."))
    if not confirmed:
        raise ValidationError(_("Tick the box to confirm that you delete your account."), code="unconfirmed")
    if not user.check_password(password):
        raise ValidationError(_("The password is not right."), code="password")
    if getattr(user, "person", None) is not None:  # a member's record (groups.Person) is the group's to change
        raise ValidationError(
            _("This account is linked to a member of a working group: the group's secretariat closes it."),
            code="member",
        )
    counts = {}
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        for name, eraser in erasers().items():
            counts[name] = eraser(user)
        label = f"deleted-account-{user.pk}"
        user.username = label
        user.email = ""
        user.first_name = user.last_name = user.display_name = user.organisation = ""
        user.country = user.stakeholder_group = user.preferred_language = ""
        user.set_unusable_password()
        user.is_active = False
        user.save()
        event_record(actor=None, verb="erased", target=user, changes={"records": [None, counts]})
        user.delete()
    return counts
