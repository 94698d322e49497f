import re

from django.core import mail
from django.urls import reverse

from plenary.accounts.models import User
from plenary.core.models import Event
from plenary.testing import make_user


def test_sign_in_and_sign_out(client, db):
    make_user("alice")
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "pw-123456"})
    assert response.status_code == 302
    assert "Sign out" in client.get("/").content.decode()
    client.post(reverse("accounts:logout"))
    assert "Sign in" in client.get("/").content.decode()


def test_wrong_password_is_refused_with_a_message(client, db):
    make_user("alice")
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_sign_in_locks_out_after_repeated_failures(client, db, settings):
    make_user("alice")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "alice", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "pw-123456"})
    assert response.status_code == 429 or response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_sign_up_creates_a_participant_and_records_it(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "newuser",
            "email": "new@example.org",
            "display_name": "A new user",
            "password1": "a-long-passphrase-42",
            "password2": "a-long-passphrase-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newuser")
    assert not user.is_staff
    assert Event.objects.for_object(user).get().verb == "registered"


def test_sign_up_keeps_what_was_typed_on_error(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "newuser", "email": "new@example.org", "password1": "a", "password2": "b"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="newuser"' in body and 'value="new@example.org"' in body
    assert not User.objects.filter(username="newuser").exists()


def test_password_reset_by_email(client, db, django_capture_on_commit_callbacks):
    make_user("alice")
    with django_capture_on_commit_callbacks(execute=True):  # sent by the task worker once the request commits
        client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "another-long-pass-77", "new_password2": "another-long-pass-77"}
    )
    assert response.status_code == 302
    assert User.objects.get(username="alice").check_password("another-long-pass-77")
