"""Comments on paragraphs: inside the window only, anchored to (version, key), shown in later versions, disposed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from plenary.core.models import Event
from plenary.drafting.models import Disposition, DraftStatus, ParagraphComment
from plenary.drafting.services import comment_dispose, comment_submit, draft_move

from .factories import make_comment, make_draft, new_version, profile


@pytest.fixture
def draft(group):
    return make_draft(group, status=DraftStatus.CONSULTATION)


def _key(draft, index=2):
    return draft.versions.order_by("-number").first().paragraphs.all()[index].key


def test_anyone_may_comment_while_open_and_gets_a_private_receipt(client, group, draft):
    key = _key(draft)
    url = reverse("drafting:comment", args=[group.slug, draft.slug, key])
    response = client.post(
        url,
        {
            "text": "Please say numbers too.",
            "submitter_name": "Nia",
            "submitter_email": "nia@example.org",
            "on_behalf_of": "self",
            "publish_name": "no",
            "consent": "on",
            "country": "KE",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    comment = ParagraphComment.objects.get()
    assert comment.paragraph_key == key
    assert comment.version.number == 1
    assert comment.paragraph_number == "2"
    assert comment.reference.startswith("TG/DC/")
    assert comment.status == "received"
    assert comment.region == "Africa"
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert comment.reference in receipt.content.decode()
    assert receipt["Cache-Control"] == "private, no-store"
    assert Event.objects.for_object(comment).filter(verb="submitted").exists()
    # Awaiting moderation: not shown to the public beside the paragraph.
    assert "Please say numbers too." not in client.get(draft.get_absolute_url()).content.decode()


@pytest.mark.parametrize("when", ["before", "after", "internal"])
def test_comments_outside_the_window_are_refused_with_a_clear_message(when, client, group, users):
    now = timezone.now()
    if when == "internal":
        draft = make_draft(group)
        draft_move(
            actor=None,
            draft=draft,
            to=DraftStatus.CONSULTATION,
            opens_at=now - dt.timedelta(days=2),
            closes_at=now - dt.timedelta(days=1),
            check_permission=False,
        )
        draft = draft_move(actor=None, draft=draft, to=DraftStatus.REVISED, check_permission=False)
        message = "not open for comments"
    elif when == "before":
        draft = make_draft(
            group, status=DraftStatus.CONSULTATION, window=(now + dt.timedelta(days=1), now + dt.timedelta(days=2))
        )
        message = "opens on"
    else:
        draft = make_draft(
            group, status=DraftStatus.CONSULTATION, window=(now - dt.timedelta(days=2), now - dt.timedelta(days=1))
        )
        message = "closed on"
    key = _key(draft)
    with pytest.raises(ValidationError, match=message):
        comment_submit(draft=draft, paragraph_key=key, text="Too late", profile=profile())
    response = client.post(
        reverse("drafting:comment", args=[group.slug, draft.slug, key]),
        {
            "text": "Too late",
            "submitter_name": "N",
            "submitter_email": "n@example.org",
            "on_behalf_of": "self",
            "publish_name": "no",
            "consent": "on",
        },
    )
    assert response.status_code == 403
    assert message in response.content.decode()
    assert not ParagraphComment.objects.exists()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert reverse("drafting:comment", args=[group.slug, draft.slug, key]) not in page


def test_a_comment_stays_beside_its_paragraph_in_later_versions(client, group, draft):
    key = _key(draft, 4)  # "Countries should adopt laws against spam."
    comment, _token = make_comment(draft, key, text="COMMENTONSPAM enforcement matters")
    draft = draft_move(actor=None, draft=draft, to=DraftStatus.REVISED, check_permission=False)
    # v2 puts a new paragraph first: the commented paragraph moves and is renumbered.
    v2 = new_version(draft, {4: "Countries should adopt and enforce laws against spam."}, add="Opening words.")
    moved = v2.paragraphs.get(key=key)
    assert (comment.paragraph_number, moved.number) == ("3", "4")
    body = client.get(v2.get_absolute_url()).content.decode()
    block = body.split(f'id="p-{key}"', 1)[1].split('class="para"', 1)[0]
    assert "COMMENTONSPAM" in block
    assert "adopt and enforce laws" in block
    assert "on v1" in block
    # And it is beside that paragraph only.
    other = body.split(f'id="p-{_key(draft, 1)}"', 1)[1].split('class="para"', 1)[0]
    assert "COMMENTONSPAM" not in other


def test_disposition_with_the_change_it_led_to(client, group, draft, users):
    key = _key(draft, 4)
    comment, token = make_comment(draft, key)
    draft = draft_move(actor=None, draft=draft, to=DraftStatus.REVISED, check_permission=False)
    v2 = new_version(draft, {4: "Countries must adopt laws against spam."})
    with pytest.raises(ValidationError):
        comment_dispose(
            actor=users["secretariat"],
            comment=comment,
            disposition=Disposition.ACCEPTED,
            reason="x",
            resulting_version=comment.version,
        )
    response = client.get(reverse("drafting:dispose", args=[group.slug, draft.slug, comment.pk]))
    assert response.status_code == 403
    secretariat = client
    secretariat.force_login(users["secretariat"])
    response = secretariat.post(
        reverse("drafting:dispose", args=[group.slug, draft.slug, comment.pk]),
        {"disposition": Disposition.ACCEPTED, "reason": "Stronger wording adopted.", "resulting_version": v2.pk},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.disposition == Disposition.ACCEPTED
    assert comment.resulting_version == v2
    event = Event.objects.for_object(comment).get(verb="disposed")
    assert event.changes["disposition"] == ["", "accepted"]
    table = client.get(reverse("drafting:comments", args=[group.slug, draft.slug])).content.decode()
    assert "Stronger wording adopted." in table
    assert "<del>should</del>" in table and "<ins>must</ins>" in table
    receipt = client.get(reverse("drafting:comment_receipt", args=[group.slug, token])).content.decode()
    assert "Accepted" in receipt and "<ins>must</ins>" in receipt


def test_moderation_by_the_secretariat(clients, group, draft):
    comment, _ = make_comment(draft, _key(draft), published=False, text="WAITINGCOMMENT")
    assert "WAITINGCOMMENT" not in clients["anonymous"].get(draft.get_absolute_url()).content.decode()
    assert "WAITINGCOMMENT" in clients["secretariat"].get(draft.get_absolute_url()).content.decode()
    url = reverse("drafting:moderate", args=[group.slug, draft.slug, comment.pk])
    assert clients["member"].post(url, {"status": "published"}).status_code == 403
    assert clients["secretariat"].post(url, {"status": "published"}).status_code == 302
    assert "WAITINGCOMMENT" in clients["anonymous"].get(draft.get_absolute_url()).content.decode()


def test_spam_defences(client, group, draft, settings):
    url = reverse("drafting:comment", args=[group.slug, draft.slug, _key(draft)])
    base = {"submitter_name": "N", "submitter_email": "n@example.org", "on_behalf_of": "self", "publish_name": "no"}
    base["consent"] = "on"
    assert client.post(url, {**base, "text": "hello", "website": "http://spam.example"}).status_code == 200
    links = " ".join(f"http://x{i}.example" for i in range(10))
    response = client.post(url, {**base, "text": links})
    assert response.status_code == 200
    assert "links" in response.content.decode()
    assert not ParagraphComment.objects.exists()
    settings.PLENARY_PUBLIC_RATE = "2/h"
    codes = [client.post(url, {**base, "text": f"ok {i}"}).status_code for i in range(3)]
    assert codes[-1] == 429
