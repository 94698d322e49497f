"""A retried submission never makes a duplicate and always gets its receipt back (form and API)."""

import datetime as dt
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from plenary.consultations.models import Attachment, Contribution
from plenary.consultations.services import contribution_submit_once
from plenary.consultations.tests.factories import PROFILE, make_call, pdf_bytes, upload

KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')


def _form_data(key: str, **extra) -> dict:
    data = {
        "submitter_name": "A new user",
        "submitter_email": "new@example.org",
        "on_behalf_of": "self",
        "publish_name": "no",
        "kind": "paper",
        "title": "Sent twice",
        "text": "The same words.",
        "consent": "on",
        "website": "",
        "idempotency_key": key,
    }
    data.update(extra)
    return data


def _issued_key(client, url) -> str:
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-store"
    return KEY.search(response.content.decode()).group(1)


def _stored_files(settings) -> list:
    media = settings.MEDIA_ROOT
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_the_form_sent_twice_is_stored_once_and_answers_the_same_receipt(
    group, client, settings, django_capture_on_commit_callbacks
):
    call = make_call(group)
    url = reverse("consultations:submit", args=[group.slug, call.slug])
    key = _issued_key(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, _form_data(key, files=[upload("a.pdf", pdf_bytes("Once"))]))
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, _form_data(key, files=[upload("a.pdf", pdf_bytes("Once"))]))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]  # the same private link: the receipt, again
    assert client.get(again["Location"]).status_code == 200
    assert Contribution.objects.count() == 1
    assert Attachment.objects.count() == 1
    assert len(_stored_files(settings)) == 1
    assert len(mail.outbox) == 1  # one receipt e-mail


def test_without_the_key_a_retry_is_a_duplicate(group, client):
    """The baseline: the same form sent twice without a key is stored twice."""
    call = make_call(group)
    url = reverse("consultations:submit", args=[group.slug, call.slug])
    client.post(url, _form_data(""))
    client.post(url, _form_data(""))
    assert Contribution.objects.count() == 2


def test_a_retry_gets_its_receipt_even_when_rate_limited_or_after_the_deadline(group, client, settings):
    settings.PLENARY_PUBLIC_RATE = "1/h"
    call = make_call(group)
    url = reverse("consultations:submit", args=[group.slug, call.slug])
    key = _issued_key(client, url)
    first = client.post(url, _form_data(key))
    assert client.post(url, _form_data(_issued_key(client, url), title="Another")).status_code == 429
    assert client.post(url, _form_data(key))["Location"] == first["Location"]
    call.closes_at = timezone.now() - dt.timedelta(hours=1)
    call.save()
    assert client.post(url, _form_data(key))["Location"] == first["Location"]
    assert Contribution.objects.count() == 1


def test_the_same_key_with_other_content_is_refused_and_a_new_key_is_issued(group, client):
    call = make_call(group)
    url = reverse("consultations:submit", args=[group.slug, call.slug])
    key = _issued_key(client, url)
    client.post(url, _form_data(key))
    response = client.post(url, _form_data(key, text="Edited words."))
    body = response.content.decode()
    assert response.status_code == 409
    assert "already used to send a different contribution" in body
    assert "Edited words." in body  # what was typed is kept
    renewed = KEY.search(body).group(1)
    assert renewed != key
    assert client.post(url, _form_data(renewed, text="Edited words.")).status_code == 302
    assert Contribution.objects.count() == 2


def _api(client, group, call, key: str | None, **extra):
    data = {
        "submitter_name": "A new user",
        "submitter_email": "new@example.org",
        "kind": "paper",
        "title": "By the API",
        "text": "Text.",
    }
    data.update(extra)
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(f"/api/v1/groups/{group.slug}/calls/{call.slug}/contributions", data, **headers)


def test_the_api_stores_a_retry_once(group, client):
    call = make_call(group)
    key = "3f1c2b9e-8d4a-4c6e-9b1f-0a2d3c4e5f60"
    first = _api(client, group, call, key)
    again = _api(client, group, call, key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert "Idempotent-Replayed" not in first
    assert again["Idempotent-Replayed"] == "true"
    assert Contribution.objects.count() == 1
    conflict = _api(client, group, call, key, text="Other text.")
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "idempotency_conflict"
    assert _api(client, group, call, "short").status_code == 400
    assert Contribution.objects.count() == 1


def test_the_key_is_per_call(group, client):
    key = "the-same-key-for-two-calls"
    assert _api(client, group, make_call(group, slug="one"), key).status_code == 201
    assert _api(client, group, make_call(group, slug="two"), key).status_code == 201
    assert Contribution.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions")
def test_the_same_key_sent_at_once_is_stored_once(group):
    call = make_call(group)
    threads_count = 6
    start = threading.Barrier(threads_count)
    results, errors = [], []

    def send() -> None:
        try:
            start.wait(timeout=30)
            results.append(
                contribution_submit_once(
                    idempotency_key="sent-by-six-at-once",
                    actor=None,
                    call=call,
                    profile=PROFILE,
                    kind="paper",
                    title="At once",
                    text="Same.",
                    notify=False,
                )
            )
        except BaseException as error:  # reported by the assertions below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len({contribution.pk for contribution, _token, _replayed in results}) == 1
    assert sorted(replayed for _c, _t, replayed in results) == [False] + [True] * (threads_count - 1)
    assert Contribution.objects.filter(call=call).count() == 1
