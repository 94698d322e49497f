from django.db import transaction

from plenary.core.services import event_record

from .models import User


@transaction.atomic
def user_register(*, username: str, email: str, password: str, display_name: str = "") -> User:
    """Create a registered participant. Anyone may; records `registered` on the trail."""
    user = User.objects.create_user(username=username, email=email, password=password, display_name=display_name)
    event_record(actor=user, verb="registered", target=user)
    return user


def user_lockout_clear(*, user: User) -> int:
    """Forget the failed sign-ins of this account, from every address, so that its owner can sign in at once.

    The password-reset view calls it once a new password is set through the link sent by e-mail: whoever reads
    the account's mail is its owner. Returns how many records of failed attempts were removed.
    """
    from axes.utils import reset

    return reset(username=user.get_username())
