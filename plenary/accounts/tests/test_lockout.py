"""Sign-in lockout per address AND account, behind the proxy; the owner gets back in by e-mail."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from plenary.testing import make_user

PROXY = "10.0.0.5"
ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.PLENARY_TRUSTED_PROXIES = [PROXY]


def _sign_in(client: Client, username: str, password: str, address: str):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _attack(username: str, settings) -> Client:
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(attacker, username, "guess", ATTACKER)
    return attacker


def test_the_attacker_is_locked_out_and_the_owner_is_not(db, settings, behind_proxy):
    make_user("secretary")
    attacker = _attack("secretary", settings)
    refused = _sign_in(attacker, "secretary", "pw-123456", ATTACKER)  # even with the right password
    assert refused.status_code == 429
    assert "Reset your password by e-mail" in refused.content.decode()
    assert not _signed_in(attacker)
    # The owner, from their own address behind the same proxy, signs in at once.
    owner = Client()
    assert _sign_in(owner, "secretary", "pw-123456", OWNER).status_code == 302
    assert _signed_in(owner)


def test_the_lockout_is_per_account(db, settings, behind_proxy):
    make_user("alice")
    make_user("bob")
    attacker = _attack("alice", settings)
    assert _sign_in(attacker, "bob", "pw-123456", ATTACKER).status_code == 302


def test_before_the_fix_everyone_behind_the_proxy_shared_one_address(db, settings):
    """Without the proxy in the trusted list, the owner is the proxy too and is locked out with the attacker."""
    settings.PLENARY_TRUSTED_PROXIES = []
    make_user("secretary")
    _attack("secretary", settings)
    assert _sign_in(Client(), "secretary", "pw-123456", OWNER).status_code == 429


def test_a_password_reset_by_email_ends_the_lockout(db, settings, behind_proxy, django_capture_on_commit_callbacks):
    make_user("secretary")
    owner = _attack("secretary", settings)  # the owner shares the attacker's address (an office, a hotel)
    assert _sign_in(owner, "secretary", "pw-123456", ATTACKER).status_code == 429
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(reverse("accounts:password_reset"), {"email": "secretary@example.org"}, REMOTE_ADDR=ATTACKER)
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[-1].body).group(1)
    form = owner.get(link, follow=True)
    new = {"new_password1": "a-new-long-pass-91", "new_password2": "a-new-long-pass-91"}
    assert owner.post(form.redirect_chain[-1][0], new).status_code == 302
    assert _sign_in(owner, "secretary", "a-new-long-pass-91", ATTACKER).status_code == 302
    assert _signed_in(owner)


def test_one_address_may_try_only_so_many_accounts(db, settings, behind_proxy):
    settings.PLENARY_SIGNIN_RATE = "3/h"
    attacker = Client()
    codes = [_sign_in(attacker, f"user{n}", "guess", ATTACKER).status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]
    assert _sign_in(Client(), "user9", "guess", OWNER).status_code == 200  # another address is not slowed


def test_password_reset_mails_are_limited_per_address(db, settings):
    make_user("alice")
    codes = [
        Client().post(reverse("accounts:password_reset"), {"email": f"x{n}@example.org"}).status_code for n in range(11)
    ]
    assert codes == [302] * 10 + [429]


def test_password_reset_mails_are_limited_per_recipient(db, settings, behind_proxy, django_capture_on_commit_callbacks):
    make_user("alice")
    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(
                reverse("accounts:password_reset"),
                {"email": "Alice@example.org"},
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
            )
        assert response.status_code == 302  # the same answer whether a link was sent or not
    assert len(mail.outbox) == 3


def test_sign_up_is_rate_limited_with_a_message(db, settings):
    settings.PLENARY_PUBLIC_RATE = "1/h"
    data = {"username": "a", "email": "a@example.org", "password1": "x", "password2": "y"}
    client = Client()
    client.post(reverse("accounts:signup"), data)
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
