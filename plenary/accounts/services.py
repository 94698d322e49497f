from django.db import transaction

from plenary.core.services import event_record

from .models import User


@transaction.atomic
def user_register(*, username: str, email: str, password: str, display_name: str = "") -> User:
    """Create a registered participant. Anyone may; records `registered` on the trail."""
    user = User.objects.create_user(username=username, email=email, password=password, display_name=display_name)
    event_record(actor=user, verb="registered", target=user)
    return user
