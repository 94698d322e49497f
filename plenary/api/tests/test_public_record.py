"""The public reads of drafting, assessment and reports: what each answers, and that nothing hidden comes out,
whoever asks (a session or a secretariat token widens nothing: the API is public-read)."""

import hashlib

import pytest

from plenary.api.services import api_token_create
from plenary.assessment.services import assessment_release
from plenary.drafting.models import DraftStatus
from plenary.drafting.tests.factories import make_comment, make_draft, new_version
from plenary.reports.models import BuildStatus
from plenary.reports.services import report_build_request, report_build_run, submission_record
from plenary.testing import ROLES

from .records import HIDDEN, path_values


def _get(client, path, **params):
    return client.get(f"/api/v1/groups/tg{path}", params)


def _json(client, path, **params) -> dict:
    response = _get(client, path, **params)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    return response.json()


def test_drafts_and_their_versions(client, group, record, settings):
    listing = _json(client, "/drafts")
    assert listing["count"] == 1
    draft = listing["items"][0]
    assert draft["slug"] == "recs"
    assert draft["status"] == "revised"
    assert (draft["first_public_version"], draft["latest_version"]) == (2, 3)
    assert draft["issues"] == ["names"]
    settings.SITE_URL = "https://wg.example.org"
    assert _json(client, "/drafts")["items"][0]["url"] == "https://wg.example.org/tg/drafts/recs/"  # not the host asked
    assert _json(client, "/drafts", status="revised")["count"] == 1
    assert _json(client, "/drafts", status="consultation")["count"] == 0
    assert _json(client, "/drafts", issue="names")["count"] == 1
    assert _json(client, "/drafts", issue="privacy")["count"] == 0

    detail = _json(client, "/drafts/recs")
    assert detail["findings"] == [record["finding"].label]
    assert detail["contributions"] == [record["cited"].reference]
    version = detail["version"]
    assert version["number"] == 3
    assert version["note"] == "After the consultation."
    # The stable keys: the same paragraphs keep their keys from version 2 to version 3.
    assert [p["key"] for p in version["paragraphs"]] == record["keys"]
    assert version["paragraphs"][1]["text"] == "The first paragraph about oversight, revised."
    assert [p["kind"] for p in version["paragraphs"]][:2] == ["heading", "paragraph"]

    versions = _json(client, "/drafts/recs/versions")
    assert [v["number"] for v in versions["items"]] == [2, 3]
    assert versions["items"][0]["paragraph_count"] == 5
    one = _json(client, "/drafts/recs/versions/2")
    assert [p["key"] for p in one["paragraphs"]] == record["keys"]
    assert one["paragraphs"][1]["text"] == "The first paragraph about oversight."
    assert _get(client, "/drafts/recs/versions/9").status_code == 404


def test_published_comments_with_their_dispositions(client, group, record):
    comments = _json(client, "/drafts/recs/comments")
    assert comments["count"] == 2
    by_text = {c["text"].split()[0]: c for c in comments["items"]}
    consenting, anonymous = by_text["PUBLISHEDCOMMENT"], by_text["ANONYMOUSCOMMENT"]
    assert consenting["author"] == "Carla Commenter"
    assert anonymous["author"] == "Anonymous"
    assert consenting["reference"] == record["comments"]["consenting"].reference
    assert (consenting["version"], consenting["paragraph_key"]) == (2, record["keys"][1])
    assert consenting["disposition"] == "accepted"
    assert consenting["disposition_reason"] == "Added."
    assert consenting["resulting_version"] == 3
    assert consenting["country"] == "KE"
    assert anonymous["disposition"] == "" and anonymous["resulting_version"] is None
    assert _json(client, "/drafts/recs/comments", disposition="accepted")["count"] == 1
    assert _json(client, "/drafts/recs/comments", version=2)["count"] == 2
    assert _json(client, "/drafts/recs/comments", version=3)["count"] == 0
    assert _json(client, "/drafts/recs/comments", paragraph=record["keys"][2])["count"] == 1


def test_the_released_assessment(client, group, record):
    listing = _json(client, "/assessment")
    assert listing["count"] == 1
    assessment = listing["items"][0]
    assert (assessment["issue"], assessment["cluster"]) == ("names", "record")
    assert assessment["released_at"] is not None
    ratings = {r["principle"]: r for r in assessment["ratings"]}
    assert ratings["multilateral"]["rating"] == "partly"
    assert ratings["multilateral"]["rationale"] == "Some oversight is shared."
    assert ratings["multilateral"]["minority_views"] == "Some members found it adequate."
    assert ratings["transparent"]["rating"] == "inadequate"
    assert assessment["roles"] == [{"actor": "governments", "statement": "Set policy."}]
    (finding,) = assessment["findings"]
    assert finding["label"] == "NAMES-F1"
    # Evidence: only what the public may read of what the finding cites.
    assert [c["reference"] for c in finding["contributions"]] == [record["cited"].reference]
    assert [d["title"] for d in finding["documents"]] == ["PUBLICPAPER on access"]
    assert [m["number"] for m in finding["meetings"]] == [3]
    assert _json(client, "/assessment/names") == assessment
    assert _json(client, "/assessment", issue="names")["count"] == 1
    assert _json(client, "/assessment", cluster="nope")["count"] == 0
    findings = _json(client, "/findings")
    assert findings["items"] == [finding]
    assert _json(client, "/findings", issue="privacy")["count"] == 0


def test_report_builds_with_their_files_and_submissions(client, group, users, record):
    queued = _json(client, "/reports")["items"][0]
    assert (queued["status"], queued["files"], queued["submissions"]) == ("queued", [], [])
    build = report_build_run(build_id=record["build"].pk)
    assert build.status == BuildStatus.DONE, build.error
    submission_record(
        actor=users["secretariat"],
        build=build,
        submitted_to="The Secretary-General",
        submitted_on=build.finished_at.date(),
    )
    answer = _json(client, f"/reports/{build.number}")
    assert answer["status"] == "done"
    assert answer["page_count"] == build.page_count
    assert {f["format"] for f in answer["files"]} == {"html", "pdf", "docx", "akn"}
    for item in answer["files"]:
        response = client.get(item["download_url"])
        assert response.status_code == 200
        content = b"".join(response.streaming_content)
        assert hashlib.sha256(content).hexdigest() == item["sha256"]
        assert len(content) == item["size"]
    assert answer["submissions"][0]["submitted_to"] == "The Secretary-General"
    assert _json(client, "/reports", status="done")["items"] == [answer]
    assert _json(client, "/reports", status="failed")["count"] == 0
    submissions = _json(client, "/report-submissions")
    assert submissions["items"] == answer["submissions"]
    assert _get(client, "/reports/99").status_code == 404


HIDDEN_PATHS = [
    "/drafts/internal",
    "/drafts/internal/versions",
    "/drafts/internal/versions/1",
    "/drafts/internal/comments",
    "/drafts/recs/versions/1",
    "/assessment/privacy",
]


@pytest.mark.parametrize("role", [*ROLES, "secretariat_token"])
def test_nothing_hidden_comes_out_whoever_asks(role, clients, client, group, users, record):
    """Every read of the document, for every role (and the secretariat's token): hidden things are absent from
    lists and counts, and a 404 at their own address."""
    if role == "secretariat_token":
        _token, raw = api_token_create(actor=None, user=users["secretariat"], name="t")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    else:
        client, headers = clients[role], {}
    document = client.get("/api/openapi.json").json()
    values = path_values(group, record)
    bodies = []
    for path, item in document["paths"].items():
        if "get" not in item or "{call}" in path or "{year}" in path or path.endswith("/moderation"):
            continue  # consultations' reads and the secretariat's queue have tests of their own
        response = client.get(path.format(**values), **headers)
        assert response.status_code == 200, (path, response.status_code)
        bodies.append(response.content.decode())
    hidden = [*HIDDEN, record["unpublished"].reference, record["comments"]["hidden"].reference]
    for body in bodies:
        for word in hidden:
            assert word not in body, (role, word)
    for path in HIDDEN_PATHS:
        assert client.get(f"/api/v1/groups/tg{path}", **headers).status_code == 404, (role, path)
    counts = {
        "/drafts": 1,
        "/drafts/recs/versions": 2,
        "/drafts/recs/comments": 2,
        "/assessment": 1,
        "/findings": 1,
    }
    for path, count in counts.items():
        assert client.get(f"/api/v1/groups/tg{path}", **headers).json()["count"] == count, (role, path)
    assert client.get("/api/v1/groups/tg/drafts", {"status": "internal"}, **headers).json()["count"] == 0


def _queries(path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        _json(Client(), path)
    return len(context.captured_queries)


def test_lists_take_a_fixed_number_of_queries(group, users, record):
    """Rows are mapped page by page with their prefetches: more rows, not more queries."""
    more = make_draft(
        group, slug="more", title="More", status=DraftStatus.CONSULTATION, issues=[record["issues"]["names"]]
    )
    key = more.versions.get().paragraphs.first().key
    make_comment(more, key)
    paths = ["/drafts", "/drafts/more/versions", "/drafts/more/comments", "/assessment", "/findings", "/reports"]
    before = {path: _queries(path) for path in paths}
    new_version(more, {1: "Changed."})
    for n in range(2):
        make_comment(more, key, email=f"c{n}@example.org")
    make_draft(group, slug="third", title="Third", status=DraftStatus.CONSULTATION, issues=[record["issues"]["names"]])
    assessment_release(actor=None, assessment=record["working"])
    report_build_request(actor=users["secretariat"], group=group, enqueue=False)
    after = {path: _queries(path) for path in paths}
    assert after == before
    assert max(before.values()) <= 10
