"""Follow a draft by e-mail, confirm it, and get one digest that lists its new version and the dispositions of its
comments; never twice, never what the follower may not see, with a one-click unsubscribe that works."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from plenary.drafting.models import Disposition, DraftStatus
from plenary.drafting.services import comment_dispose, draft_move
from plenary.drafting.tests.factories import make_comment, make_draft, new_version
from plenary.notifications.models import Digest, Subscriber
from plenary.notifications.services import digests_send


def _links(message) -> list[str]:
    return re.findall(r"https?://[^\s/]+/\S*", message.body)  # links (with a path), not the site's name


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def draft(group):
    return make_draft(group, slug="recs", title="FOLLOWEDDRAFT", status=DraftStatus.CONSULTATION)


def _follow(client, draft, email="new.user@example.org", frequency="weekly", django_capture=None):
    url = reverse("notifications:follow", args=[draft.group.slug, "draft", draft.pk])
    with django_capture(execute=True):
        response = client.post(url, {"email": email, "frequency": frequency, "next": draft.get_absolute_url()})
    assert response.status_code == 302
    return response


def test_follow_confirm_and_one_weekly_digest(
    client, group, users, draft, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://plenary.example.org:8123"
    assert "Follow by e-mail" in client.get(draft.get_absolute_url()).content.decode()
    _follow(client, draft, django_capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and "Confirm" in mail.outbox[0].subject
    confirm = next(link for link in _links(mail.outbox[0]) if "/confirm/" in link)
    assert confirm.startswith("http://plenary.example.org:8123/")
    assert client.get(_path(confirm)).status_code == 302
    assert Subscriber.objects.get().confirmed_at is not None

    key = draft.versions.get().paragraphs.all()[1].key
    comment, _token = make_comment(draft, key, text="Please change this.")
    draft = draft_move(actor=None, draft=draft, to=DraftStatus.REVISED, check_permission=False)
    v2 = new_version(draft, {1: "Changed after the consultation."})
    comment_dispose(
        actor=users["secretariat"], comment=comment, disposition=Disposition.ACCEPTED, reason="DISPOSITIONREASON",
        resulting_version=v2,
    )  # fmt: skip
    hidden = make_draft(group, slug="inside", title="INTERNALDRAFTTITLE")  # internal: nobody outside may read it
    assert hidden.status == DraftStatus.INTERNAL
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "FOLLOWEDDRAFT" in digest.body and "new version saved" in digest.body and "disposition given" in digest.body
    assert "new version saved (version 2)" in digest.body and "disposition given (Accepted)" in digest.body
    assert "INTERNALDRAFTTITLE" not in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for link in _links(digest):
        assert link.startswith("http://plenary.example.org:8123/"), link
        assert client.get(_path(link)).status_code == 200, link
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 0  # nothing new, and the week is not over: never twice
    assert Digest.objects.count() == 1

    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    response = client.post(_path(unsubscribe), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and not Subscriber.objects.get().follows.exists()


def test_an_account_with_its_own_email_is_confirmed_at_once(clients, users, draft, django_capture_on_commit_callbacks):
    from django.utils import timezone

    users["participant"].email_confirmed_at = timezone.now()
    users["participant"].save()
    _follow(clients["participant"], draft, email=users["participant"].email,
            django_capture=django_capture_on_commit_callbacks)  # fmt: skip
    assert not mail.outbox  # no confirmation needed
    assert Subscriber.objects.get().user == users["participant"]


def test_an_unconfirmed_account_address_is_confirmed_by_its_link(
    clients, users, draft, django_capture_on_commit_callbacks
):
    """Anyone may sign up with someone else's address: it is not the account's own until it is confirmed."""
    _follow(clients["participant"], draft, email=users["participant"].email,
            django_capture=django_capture_on_commit_callbacks)  # fmt: skip
    assert len(mail.outbox) == 1 and "Confirm" in mail.outbox[0].subject
    subscriber = Subscriber.objects.get()
    assert subscriber.user is None and subscriber.confirmed_at is None


def test_nothing_hidden_can_be_followed(client, group):
    hidden = make_draft(group, slug="inside", title="Inside")
    url = reverse("notifications:follow", args=[group.slug, "draft", hidden.pk])
    assert client.post(url, {"email": "a@example.org", "frequency": "daily"}).status_code == 404
    assert client.post(reverse("notifications:follow", args=[group.slug, "nope", 1]), {}).status_code == 404


def test_a_forged_link_is_refused(client):
    assert client.get(reverse("notifications:manage", args=["forged"])).status_code == 404
    assert client.get(reverse("notifications:confirm", args=["forged"])).status_code == 400
