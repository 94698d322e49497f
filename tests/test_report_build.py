"""The final report: built in a background task, kept with the SHA-256 of each file, in HTML, PDF and Akoma Ntoso.

The PDF is built once for this module (one test walks the whole build), so the suite stays fast.
"""

import hashlib
import io

import pypdfium2 as pdfium
import pytest
from django.urls import reverse
from lxml import etree

from plenary.core.models import Event
from plenary.drafting.models import Disposition, DraftStatus
from plenary.drafting.services import comment_dispose, draft_move
from plenary.drafting.tests.factories import (
    make_assessment,
    make_call,
    make_comment,
    make_contribution,
    make_draft,
    make_issues,
    new_version,
)
from plenary.reports.akn import AKN_NS, validate_akn
from plenary.reports.models import BuildStatus, ReportBuild
from plenary.reports.pipeline import SECTIONS
from plenary.reports.services import report_build_run


@pytest.fixture
def world(group, users, meeting):
    data = make_issues(group)
    issues, principles = data["issues"], data["principles"]
    call = make_call(group)
    contribution, _token = make_contribution(group, call, issues=[issues["dns"]])
    _assessment, finding = make_assessment(
        group, issues["dns"], principles, released=True, contributions=[contribution]
    )
    draft = make_draft(
        group,
        slug="recs",
        title="Recommendations on names",
        status=DraftStatus.CONSULTATION,
        findings=[finding],
        issues=[issues["dns"]],
    )
    key = draft.versions.get().paragraphs.all()[2].key
    comment, _ = make_comment(draft, key, text="Please add numbers, in Arabic: الأرقام")
    draft = draft_move(actor=None, draft=draft, to=DraftStatus.REVISED, check_permission=False)
    v2 = new_version(draft, {2: "The second paragraph about names, numbers and protocols."})
    comment_dispose(
        actor=users["secretariat"],
        comment=comment,
        disposition=Disposition.ACCEPTED,
        reason="Added.",
        resulting_version=v2,
    )
    draft_move(actor=None, draft=draft, to=DraftStatus.FINAL, check_permission=False)
    return {"contribution": contribution, "draft": draft, "comment": comment}


def _download(client, url) -> tuple[bytes, object]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    return b"".join(response.streaming_content), response


def test_report_build_end_to_end(clients, group, world, django_capture_on_commit_callbacks):
    # Only the secretariat may ask for a build; it runs as a background task (immediate backend in tests).
    assert clients["member"].post(reverse("reports:build_request", args=[group.slug])).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["secretariat"].post(reverse("reports:build_request", args=[group.slug]))
    assert response.status_code == 302
    build = ReportBuild.objects.get(group=group)
    assert build.status == BuildStatus.DONE, build.error
    assert set(build.timings) == {"compile", "html", "pdf", "docx", "akn"}
    assert Event.objects.for_object(build).filter(verb="built").exists()
    assert report_build_run(build_id=build.pk).status == BuildStatus.DONE  # idempotent
    files = {f.format: f for f in build.files.all()}
    assert set(files) == {"html", "pdf", "docx", "akn"}

    anonymous = clients["anonymous"]
    contents = {}
    for fmt, record in files.items():
        body, response = _download(anonymous, reverse("reports:download", args=[group.slug, build.number, fmt]))
        assert hashlib.sha256(body).hexdigest() == record.sha256
        assert len(body) == record.size
        contents[fmt] = body
    assert _download(anonymous, reverse("reports:latest", args=[group.slug, "pdf"]))[0] == contents["pdf"]

    # PDF: the sections in order, as bookmarks and in the text; a table of contents; page numbers.
    pdf = pdfium.PdfDocument(io.BytesIO(contents["pdf"]))
    assert len(pdf) == build.page_count >= 8
    top = [b.get_title() for b in pdf.get_toc() if b.level == 0]
    assert top[1:] == [label for _anchor, label in SECTIONS]
    text = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert "Contents" in text[0]
    assert f"Page 2 of {len(pdf)}" in text[1]
    whole = "\n".join(text)
    positions = [whole.index(label, len(text[0])) for _anchor, label in SECTIONS]
    assert positions == sorted(positions)
    assert "The second paragraph about names, numbers and protocols." in whole.replace("\r\n", " ").replace("\n", " ")
    assert world["contribution"].reference in whole

    # Akoma Ntoso: valid against the OASIS schema (strict), with FRBR metadata and the paragraphs' stable keys.
    ok, errors = validate_akn(contents["akn"])
    assert ok, errors[:5]
    root = etree.fromstring(contents["akn"])
    ns = {"a": AKN_NS}
    assert root.xpath("/a:akomaNtoso/a:doc/@name", namespaces=ns) == ["report"]
    assert root.xpath("//a:FRBRWork/a:FRBRthis/@value", namespaces=ns)[0].startswith("/akn/un/doc/report/")
    assert root.xpath("//a:FRBRExpression/a:FRBRlanguage/@language", namespaces=ns) == ["eng"]
    key = world["comment"].paragraph_key
    assert root.xpath(f"//a:paragraph[@GUID='recs-{key}']", namespaces=ns)
    headings = root.xpath("/a:akomaNtoso/a:doc/a:mainBody/a:chapter/a:heading/text()", namespaces=ns)
    assert headings == [label for _anchor, label in SECTIONS]

    # HTML: the same sections in order, the matrix and the comment-response table.
    html = contents["html"].decode()
    positions = [html.index(f'<section id="{anchor}">') for anchor, _label in SECTIONS]
    assert positions == sorted(positions)
    assert "data:image/png;base64," in html
    assert "Please add numbers" in html and "Accepted" in html

    # A submission record, shown on the group's site.
    url = reverse("reports:submission_new", args=[group.slug])
    data = {"build": build.number, "submitted_to": "The Secretary-General", "submitted_on": "2005-07-18", "note": ""}
    assert clients["member"].post(url, data).status_code == 403
    assert clients["secretariat"].post(url, data).status_code == 302
    page = anonymous.get(reverse("reports:index", args=[group.slug])).content.decode()
    assert "The Secretary-General" in page and "18 July 2005" in page
    build_page = anonymous.get(build.get_absolute_url()).content.decode()
    assert files["pdf"].sha256 in build_page


def test_a_failed_build_is_recorded_with_its_error(group, users, monkeypatch):
    from plenary.reports import services

    def broken(html):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(services, "render_pdf", broken)
    build = services.report_build_request(actor=users["secretariat"], group=group, enqueue=False)
    build = services.report_build_run(build_id=build.pk)
    assert build.status == BuildStatus.FAILED
    assert "renderer exploded" in build.error
    assert not build.files.exists()


def test_a_build_left_running_by_a_killed_worker_is_taken_over(group, users, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from plenary.reports import services

    monkeypatch.setattr(services, "render_pdf", lambda html: (b"%PDF-1.7 stub", 1))
    build = services.report_build_request(actor=users["secretariat"], group=group, enqueue=False)
    ReportBuild.objects.filter(pk=build.pk).update(status=BuildStatus.RUNNING, started_at=timezone.now())
    assert services.report_build_run(build_id=build.pk).status == BuildStatus.RUNNING  # still leased
    stale = timezone.now() - services.STALE_AFTER - dt.timedelta(minutes=1)
    ReportBuild.objects.filter(pk=build.pk).update(started_at=stale)
    assert services.report_build_run(build_id=build.pk).status == BuildStatus.DONE
