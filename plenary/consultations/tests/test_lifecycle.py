"""The whole life of a contribution by the web form: submit, receipt, extraction, moderation, publication,
search, feed, export, API, withdrawal. Every step through HTTP, as a visitor and the secretariat would."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.urls import reverse

from plenary.consultations.models import Attachment, Contribution, ContributionStatus
from plenary.consultations.tests.factories import make_call, pdf_bytes, submit, upload
from plenary.core.models import Event

SECRET_WORD = "Zanzibarquokka"


def _form(call, **extra):
    data = {
        "submitter_name": "Ada Private-Name",
        "submitter_email": "ada.secret@example.org",
        "on_behalf_of": "self",
        "organisation": "",
        "country": "KE",
        "publish_name": "no",
        "kind": "paper",
        "title": "Access for all",
        "text": "Our views on access.",
        "consent": "on",
        "website": "",
    }
    data.update(extra)
    return data


@pytest.fixture
def call(group):
    return make_call(group)


def test_form_submission_to_publication_and_everywhere(call, group, clients, users, django_capture_on_commit_callbacks):
    anonymous = clients["anonymous"]
    url = reverse("consultations:submit", args=[group.slug, call.slug])
    assert anonymous.get(url).status_code == 200
    pdf = upload("paper.pdf", pdf_bytes(f"Only the PDF says {SECRET_WORD} here"))
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(url, _form(call, files=[pdf]))
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    year = contribution.submitted_at.year
    assert contribution.reference == f"TG/C/{year}/0001"
    # The receipt: the reference number and the private link, on the page and by e-mail.
    receipt = anonymous.get(response["Location"])
    assert contribution.reference in receipt.content.decode()
    assert receipt["Cache-Control"] == "private, no-store"
    assert len(mail.outbox) == 1
    assert contribution.reference in mail.outbox[0].body
    assert response["Location"] in mail.outbox[0].body
    # The text was extracted by the (immediate, in tests) task.
    attachment = Attachment.objects.get()
    assert attachment.extraction_status == "done"
    assert SECRET_WORD in attachment.text
    assert attachment.content_type == "application/pdf"
    assert len(attachment.sha256) == 64
    # Not public yet: not in the list, search, feed, export or API; 404 at its permanent URL.
    public_url = contribution.get_absolute_url()
    assert anonymous.get(public_url).status_code == 404
    for path in _public_paths(group):
        assert "Access for all" not in anonymous.get(path).getvalue().decode(), path
    assert "Access for all" not in anonymous.get(reverse("search"), {"q": SECRET_WORD}).content.decode()
    # The secretariat finds it in the queue (and in search) and publishes it.
    secretariat = clients["secretariat"]
    queue = secretariat.get(reverse("consultations:moderation", args=[group.slug]))
    assert contribution.reference in queue.content.decode()
    assert "Access for all" in secretariat.get(reverse("search"), {"q": SECRET_WORD}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(
            reverse("consultations:moderation", args=[group.slug]), {"ids": [contribution.pk], "action": "publish"}
        )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PUBLISHED
    assert Event.objects.for_object(contribution).filter(verb="published").exists()
    assert "published" in mail.outbox[-1].subject
    # Now anyone finds it: by a word only inside the PDF, in the feed, the exports and the API.
    page = anonymous.get(public_url)
    assert page.status_code == 200
    assert "Anonymous" in page.content.decode()
    found = anonymous.get(reverse("search"), {"q": SECRET_WORD}).content.decode()
    assert public_url in found
    assert f"<mark>{SECRET_WORD}</mark>" in found
    for path in _public_paths(group):
        assert "Access for all" in anonymous.get(path).getvalue().decode(), path
    records = json.loads(anonymous.get(reverse("consultations:export_json", args=[group.slug])).getvalue())
    assert records["contributions"][0]["reference"] == contribution.reference
    api = anonymous.get(f"/api/v1/groups/{group.slug}/contributions").json()
    assert api["items"][0]["reference"] == contribution.reference
    download = anonymous.get(records["contributions"][0]["attachments"][0]["url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # Nothing private anywhere.
    for path in [*_public_paths(group), public_url, reverse("search") + f"?q={SECRET_WORD}"]:
        body = anonymous.get(path).getvalue().decode()
        assert "ada.secret@example.org" not in body
        assert "Ada Private-Name" not in body


def _public_paths(group):
    return [
        reverse("consultations:contributions", args=[group.slug]),
        reverse("consultations:feed", args=[group.slug]),
        reverse("consultations:export_csv", args=[group.slug]),
        reverse("consultations:export_json", args=[group.slug]),
        f"/api/v1/groups/{group.slug}/contributions",
        reverse("consultations:call", args=[group.slug, "open"]),
        reverse("consultations:call_feed", args=[group.slug, "open"]),
    ]


def test_withdrawal_by_the_private_link_while_open(call, group, client):
    contribution, token = submit(call)
    contribution.status = ContributionStatus.PUBLISHED
    contribution.save()
    private = reverse("consultations:private", args=[group.slug, token])
    assert "Withdraw" in client.get(private).content.decode()
    unconfirmed = client.post(reverse("consultations:withdraw", args=[group.slug, token]))
    assert unconfirmed.status_code == 302  # back to the private page, which asks to confirm
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PUBLISHED
    response = client.post(reverse("consultations:withdraw", args=[group.slug, token]), {"confirmed": "yes"})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.WITHDRAWN
    assert client.get(contribution.get_absolute_url()).status_code == 404
    assert Event.objects.for_object(contribution).filter(verb="withdrawn").exists()


def test_no_withdrawal_after_the_call_closes(call, group, client):
    contribution, token = submit(call)
    call.closes_at = call.opens_at + dt.timedelta(seconds=1)
    call.save()
    client.post(reverse("consultations:withdraw", args=[group.slug, token]), {"confirmed": "yes"})
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RECEIVED


def test_a_wrong_private_token_is_404(call, group, client):
    submit(call)
    assert client.get(reverse("consultations:private", args=[group.slug, "not-a-token"])).status_code == 404


def test_an_account_prefills_the_form(call, group, clients):
    body = clients["participant"].get(reverse("consultations:submit", args=[group.slug, call.slug])).content.decode()
    assert "participant@example.org" in body


def test_reference_numbers_run_per_group_and_year(call, group, other_group):
    other_call = make_call(other_group)
    first, _ = submit(call)
    second, _ = submit(call)
    elsewhere, _ = submit(other_call)
    next_year, _ = submit(call, now=call.opens_at + dt.timedelta(days=1, seconds=1))
    assert first.reference.endswith("/0001")
    assert second.reference.endswith("/0002")
    assert elsewhere.reference.startswith("OG/C/") and elsewhere.reference.endswith("/0001")
    assert next_year.sequence in {1, 3}  # 1 when the day after opening falls in another year


def test_extending_a_call_is_logged_with_its_reason(call, group, clients):
    new = call.closes_at + dt.timedelta(days=7)
    response = clients["secretariat"].post(
        reverse("consultations:call_extend", args=[group.slug, call.slug]),
        {"closes_at": new.strftime("%Y-%m-%d %H:%M"), "reason": "Many asked for more time"},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.original_closes_at is not None
    page = clients["anonymous"].get(call.get_absolute_url()).content.decode()
    assert "Many asked for more time" in page
    assert (
        clients["participant"].post(reverse("consultations:call_extend", args=[group.slug, call.slug]), {}).status_code
        == 404
    )


def test_deadline_in_utc_and_the_chosen_zone(call, group, client):
    body = client.get(call.get_absolute_url(), {"tz": "Asia/Tokyo"}).content.decode()
    assert "UTC" in body
    assert "Asia/Tokyo" in body
    # the browser's own zone is added by a static script (no per-reader nonce, so the page can be kept)
    assert "consultations/local-time" in body and 'nonce="' not in body


def test_open_calls_on_the_group_home(call, group, client):
    make_call(group, "past", state="closed", title="A past call")
    body = client.get(reverse("groups:home", args=[group.slug])).content.decode()
    assert call.title in body
    assert "A past call" not in body.split("open-calls-heading")[1].split("</section>")[0]
