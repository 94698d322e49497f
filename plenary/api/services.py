"""Writes to API tokens: created by a site administrator (back office or command), held by a secretariat user."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from plenary.core.services import event_record
from plenary.core.tokens import token_hash

from .models import ApiToken


def api_token_create(*, actor, user, name: str, expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """Make a token for `user` and return it with the raw key, which is shown once and never stored."""
    raw = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=raw[:12], key_hash=token_hash(raw), expires_at=expires_at
        )
        event_record(actor=actor, verb="created", target=token, note=f"for {user.get_username()}")
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        event_record(actor=actor, verb="revoked", target=token)
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token behind a raw key, or None. Marks it used (at most once a minute, to spare writes)."""
    if not raw or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(raw)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
