"""The REST API: the OpenAPI document validates, every operation in it is exercised here, and nothing private
comes out of the public operations."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plenary.api.services import api_token_create, api_token_revoke
from plenary.consultations.models import Contribution, ContributionStatus
from plenary.consultations.tests.factories import make_call, pdf_bytes, submit
from plenary.issues.models import Cluster, Issue

from .records import path_values


def _get(client, path, **params):
    return client.get(f"/api/v1{path}", params)


@pytest.fixture
def world(group, users, documents, meeting, sectors):
    call = make_call(group)
    published, _ = submit(call, title="Public one", profile={"submitter_email": "hidden@example.org"})
    published.status = ContributionStatus.PUBLISHED
    published.save()
    hidden, _ = submit(call, title="HIDDENONE")
    cluster = Cluster.objects.create(group=group, number=1, slug="infra", title="Infrastructure")
    Issue.objects.create(cluster=cluster, slug="spam", title="Spam")
    _token, raw = api_token_create(actor=None, user=users["secretariat"], name="tests")
    _other, other_raw = api_token_create(actor=None, user=users["other_group_secretariat"], name="tests")
    return {"call": call, "published": published, "hidden": hidden, "token": raw, "other_token": other_raw}


def test_openapi_document_validates(client):
    validator = pytest.importorskip("openapi_spec_validator")
    document = client.get("/api/openapi.json").json()
    validator.validate(document)
    assert document["openapi"].startswith("3.")
    assert client.get("/api/docs").status_code == 200


def test_public_reads(client, group, world):
    slug = group.slug
    assert slug in [g["slug"] for g in _get(client, "/groups/").json()["items"]]
    assert _get(client, f"/groups/{slug}").json()["acronym"] == "TG"
    assert _get(client, "/groups/nope").status_code == 404
    members = _get(client, f"/groups/{slug}/members").json()
    assert members["count"] == 3
    assert _get(client, f"/groups/{slug}/meetings").json()["items"][0]["number"] == 3
    assert _get(client, f"/groups/{slug}/issues").json()["items"][0]["slug"] == "spam"
    documents = _get(client, f"/groups/{slug}/documents").json()
    assert [d["title"] for d in documents["items"]] == ["PUBLICPAPER on access"]
    assert _get(client, f"/groups/{slug}/documents", language="fr").json()["count"] == 0
    calls = _get(client, f"/groups/{slug}/calls", state="open").json()
    assert calls["items"][0]["slug"] == "open"
    assert _get(client, f"/groups/{slug}/calls/open").json()["state"] == "open"
    listing = _get(client, f"/groups/{slug}/contributions", country="KE", page_size=10)
    assert [c["title"] for c in listing.json()["items"]] == ["Public one"]
    published = world["published"]
    one = _get(client, f"/groups/{slug}/contributions/{published.year}/{published.sequence}").json()
    assert one["reference"] == published.reference
    hidden = world["hidden"]
    assert _get(client, f"/groups/{slug}/contributions/{hidden.year}/{hidden.sequence}").status_code == 404
    for path in ("/groups/", f"/groups/{slug}/contributions", f"/groups/{slug}/documents"):
        body = _get(client, path).content.decode()
        assert "hidden@example.org" not in body and "HIDDENONE" not in body and "MEMBERSPAPER" not in body


def test_submit_by_the_api(client, group, world, django_capture_on_commit_callbacks):
    url = f"/api/v1/groups/{group.slug}/calls/open/contributions"
    data = {
        "submitter_name": "Api Person",
        "submitter_email": "api@example.org",
        "kind": "paper",
        "title": "By the API",
        "text": "Text",
        "stakeholder_group": "civil-society",
        "country": "ar",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "files": [SimpleUploadedFile("a.pdf", pdf_bytes("Api text"))]})
    assert response.status_code == 201, response.content
    receipt = response.json()
    contribution = Contribution.objects.get(reference=receipt["reference"])
    assert contribution.channel == "api"
    assert contribution.country == "AR"
    assert contribution.attachments.get().extraction_status == "done"
    assert client.get(receipt["private_url"]).status_code == 200
    before = Contribution.objects.count()
    refused = client.post(url, {**data, "files": [SimpleUploadedFile("a.pdf", b"MZ\x90\x00")]})
    assert refused.status_code == 400
    assert refused.json()["code"] == "file_type"
    assert client.post(url, {**data, "stakeholder_group": "nope"}).status_code == 400
    assert client.post(url, {**data, "on_behalf_of": "organisation"}).json()["code"] == "organisation_required"
    make_call(group, "closed", state="closed")
    closed = client.post(f"/api/v1/groups/{group.slug}/calls/closed/contributions", data)
    assert closed.status_code == 409
    assert Contribution.objects.count() == before


def test_submit_rate_limit(client, group, world, settings):
    settings.PLENARY_PUBLIC_RATE = "1/h"
    url = f"/api/v1/groups/{group.slug}/calls/open/contributions"
    data = {"submitter_name": "A", "submitter_email": "a@example.org", "kind": "paper", "title": "T", "text": "x"}
    assert client.post(url, data).status_code == 201
    assert client.post(url, data).status_code == 429


def test_secretariat_writes_need_a_token(client, group, world):
    slug, hidden = group.slug, world["hidden"]
    base = f"/api/v1/groups/{slug}/contributions/{hidden.year}/{hidden.sequence}"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {world['token']}"}
    other = {"HTTP_AUTHORIZATION": f"Bearer {world['other_token']}"}
    assert client.get(f"/api/v1/groups/{slug}/moderation").status_code == 401
    assert client.get(f"/api/v1/groups/{slug}/moderation", **other).status_code == 403
    queue = client.get(f"/api/v1/groups/{slug}/moderation", **auth).json()
    assert queue["items"][0]["reference"] == hidden.reference
    assert client.post(f"{base}/publish", **other).status_code == 403
    tagged = client.put(f"{base}/issues", {"issues": ["spam"]}, content_type="application/json", **auth)
    assert tagged.json()["status"] == "received"
    assert (
        client.put(f"{base}/issues", {"issues": ["nope"]}, content_type="application/json", **auth).status_code == 400
    )
    assert list(hidden.issues.values_list("slug", flat=True)) == ["spam"]
    assert client.post(f"{base}/reject", {"reason": ""}, content_type="application/json", **auth).status_code == 400
    assert (
        client.post(f"{base}/reject", {"reason": "Off topic"}, content_type="application/json", **auth).json()["status"]
        == "rejected"
    )
    assert client.post(f"{base}/spam", **auth).json()["status"] == "spam"
    assert client.post(f"{base}/publish", **auth).json()["status"] == "published"
    closes = (world["call"].closes_at + dt.timedelta(days=3)).isoformat()
    extended = client.post(
        f"/api/v1/groups/{slug}/calls/open/extend",
        {"closes_at": closes, "reason": "More time"},
        content_type="application/json",
        **auth,
    )
    assert extended.status_code == 200
    assert extended.json()["original_closes_at"] is not None


def test_revoked_and_unknown_tokens_are_refused(client, group, users):
    token, raw = api_token_create(actor=None, user=users["secretariat"], name="t")
    url = f"/api/v1/groups/{group.slug}/moderation"
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    api_token_revoke(actor=None, token=token)
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Bearer pln_wrong").status_code == 401
    assert token.key_hash != raw and raw not in str(token.__dict__)


def test_every_operation_in_the_document_answers(client, group, world, record):
    """Each operation of the document is called here once (the tests above check what each answers), so an
    operation added to the API without a test of its own still fails here if it errors or is missing."""
    document = client.get("/api/openapi.json").json()
    values = path_values(group, record, world)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {world['token']}"}
    called = set()
    for path, item in document["paths"].items():
        url = path.format(**values)
        for method, operation in item.items():
            response = getattr(client, method)(url, {}, content_type="application/json", **auth)
            assert response.status_code not in {404, 405, 500}, (method, path, response.status_code)
            called.add(operation["operationId"])
    assert called == EXERCISED_BY_TESTS


EXERCISED_BY_TESTS = {
    "group_list",
    "group_get",
    "member_list",
    "meeting_list",
    "issue_list",
    "document_list",
    "call_list",
    "call_get",
    "contribution_list",
    "contribution_get",
    "contribution_submit",
    "moderation_queue",
    "contribution_tags_set",
    "contribution_reject",
    "contribution_mark_spam",
    "contribution_publish",
    "call_extend",
    "draft_list",
    "draft_get",
    "draft_version_list",
    "draft_version_get",
    "draft_comment_list",
    "assessment_list",
    "assessment_get",
    "finding_list",
    "report_build_list",
    "report_build_get",
    "report_submission_list",
    "decision_list",
    "decision_get",
    "readout_list",
    "speaker_list",
}


def test_token_command(users, capsys):
    from django.core.management import call_command

    call_command("api_token_create", "secretariat")
    assert capsys.readouterr().out.startswith("pln_")
