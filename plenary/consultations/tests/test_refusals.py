"""Every refusal gives its message, keeps what was typed, and stores nothing."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from plenary.consultations.models import Attachment, Contribution, ReferenceCounter
from plenary.consultations.tests.factories import make_call, pdf_bytes, upload, zip_bomb_docx

TYPED = "My carefully typed title"


def _data(**extra):
    data = {
        "submitter_name": "Ada",
        "submitter_email": "ada@example.org",
        "on_behalf_of": "self",
        "country": "KE",
        "publish_name": "no",
        "kind": "paper",
        "title": TYPED,
        "text": "Text.",
        "consent": "on",
        "website": "",
    }
    data.update(extra)
    return data


def _stored_nothing(settings):
    assert Contribution.objects.count() == 0
    assert Attachment.objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.parametrize(
    ("state", "extra", "message"),
    [
        ("closed", {}, "closed"),
        ("upcoming", {}, "opens on"),
        ("open", {"title": ""}, "This field is required"),
        ("open", {"submitter_email": "not-an-address"}, "valid email"),
        ("open", {"consent": ""}, "This field is required"),
        ("open", {"text": ""}, "Write a text or attach"),
        ("open", {"on_behalf_of": "organisation"}, "Name the organisation"),
        ("open", {"text": " ".join(f"https://spam{i}.example" for i in range(9))}, "links"),
        ("open", {"website": "http://bot.example"}, "leave the last field empty"),
        ("open", {"files": [upload("big.pdf", pdf_bytes("x") + b"0" * (1024 * 1024 + 10))]}, "the limit for this call"),
        ("open", {"files": [upload("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)]}, "not a file type we accept"),
        ("open", {"files": [upload("run.pdf", b"MZ\x90\x00" + b"\x00" * 64)]}, "not a file type we accept"),
        ("open", {"files": [upload("x.docx", b"PK\x03\x04" + b"\x00" * 64)]}, "not a file type we accept"),
    ],
)
def test_refused_with_a_message_and_nothing_stored(group, client, settings, state, extra, message):
    call = make_call(group, state=state, max_upload_mb=1)
    response = client.post(reverse("consultations:submit", args=[group.slug, call.slug]), _data(**extra))
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    if extra.get("title", TYPED):
        assert TYPED in body  # what the user typed is kept
    _stored_nothing(settings)


def test_a_hostile_file_is_stored_but_ends_as_a_status(group, client, django_capture_on_commit_callbacks):
    """A zip bomb is a valid-looking DOCX: it is accepted, and its extraction ends as a clear status."""
    call = make_call(group)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("consultations:submit", args=[group.slug, call.slug]),
            _data(files=[upload("bomb.docx", zip_bomb_docx(200))]),
        )
    assert response.status_code == 302
    assert Attachment.objects.get().extraction_status in {"too-large", "hostile"}


def test_rate_limit_per_client(group, client, settings):
    settings.PLENARY_PUBLIC_RATE = "2/h"
    cache.clear()
    call = make_call(group)
    url = reverse("consultations:submit", args=[group.slug, call.slug])
    assert client.post(url, _data()).status_code == 302
    assert client.post(url, _data()).status_code == 302
    response = client.post(url, _data())
    assert response.status_code == 429
    assert "many submissions" in response.content.decode()
    assert TYPED in response.content.decode()
    assert Contribution.objects.count() == 2


def test_a_failed_transaction_frees_its_number_and_files(group, settings, monkeypatch):
    from plenary.consultations import services
    from plenary.consultations.tests.factories import submit

    call = make_call(group)

    def boom(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "event_record", boom)
    with pytest.raises(RuntimeError):
        submit(call, files=[upload("a.pdf", pdf_bytes("x"))])
    _stored_nothing(settings)
    assert not ReferenceCounter.objects.filter(last__gt=0).exists()
