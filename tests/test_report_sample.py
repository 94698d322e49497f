"""The sample group, as a new user finds it after `make run`: the matrix, a draft and its diff, a paragraph to
comment on, and the report in PDF, HTML and Akoma Ntoso. The sample is loaded (and its report built) once."""

import io
import re

import pypdfium2 as pdfium
from django.core.management import call_command
from django.test import Client
from docx import Document as WordDocument

from plenary.core.models import Event
from plenary.drafting.models import Draft, DraftStatus, ParagraphComment
from plenary.reports.akn import validate_akn
from plenary.reports.models import BuildStatus, ReportBuild


def test_a_new_user_walks_through_the_sample(db):
    call_command("load_sample", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()

    matrix = client.get("/wgig/assessment/").content.decode()
    assert "<svg" in matrix and "Partly adequate" in matrix and "Illustrative" in matrix
    assert "Cybercrime" not in matrix  # its assessment is not released

    draft = Draft.objects.get(group__slug="wgig", slug="illustrative-recommendations")
    assert draft.status == DraftStatus.CONSULTATION and draft.consultation_is_open()
    assert draft.versions.count() >= 2
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Illustrative" in page and "Accepted" in page
    diff = client.get(f"/wgig/drafts/{draft.slug}/compare/?from=1&to=2").content.decode()
    assert "<ins>" in diff and "<del>" in diff
    assert client.get("/wgig/drafts/illustrative-internal-draft/").status_code == 404

    link = re.search(r'href="(/wgig/drafts/illustrative-recommendations/comment/[0-9a-f]+/)"', page).group(1)
    response = client.post(
        link,
        {
            "text": "A comment from a new user.",
            "submitter_name": "New user",
            "submitter_email": "new@example.org",
            "on_behalf_of": "self",
            "publish_name": "no",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert ParagraphComment.objects.filter(submitter_email="new@example.org").exists()

    build = ReportBuild.objects.get(group__slug="wgig")
    assert build.status == BuildStatus.DONE and build.is_illustrative
    assert build.submissions.get().is_illustrative
    report_page = client.get("/wgig/report/").content.decode()
    assert "Illustrative" in report_page
    bodies = {}
    assert "WSIS-II/PC-3/DOC/5" in report_page and "17 June 2005" in report_page
    for fmt in ("pdf", "html", "docx", "akn"):
        response = client.get(f"/wgig/report/latest.{fmt}")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        bodies[fmt] = b"".join(response.streaming_content)
    assert bodies["pdf"].startswith(b"%PDF")
    assert b"Illustrative" in bodies["html"]
    assert validate_akn(bodies["akn"])[0]

    # The edition from the public record: symbol, adoption date and the seed's text, in every format; the draft
    # still in consultation is annexed, never under Recommendations.
    summary = "The Working Group has started examining the extent to which these matters are being handled"
    pdf = pdfium.PdfDocument(io.BytesIO(bodies["pdf"]))
    pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    assert "WSIS-II/PC-3/DOC/5" in pages[0] and "17 June 2005" in pages[0]
    whole = " ".join(pages)
    assert summary in whole and "Nitin Desai" in whole
    recommendations = whole[
        whole.index("Recommendations", len(pages[0])) : whole.index("Consultation synopsis", len(pages[0]))
    ]
    assert "no final recommendation" in recommendations and draft.title not in recommendations
    assert draft.title in whole[whole.rindex("Annex III.") :]
    word = WordDocument(io.BytesIO(bodies["docx"]))
    assert word.paragraphs[0].text == "WSIS-II/PC-3/DOC/5"
    assert any(p.text.startswith(summary) for p in word.paragraphs)
    assert b"WSIS-II/PC-3/DOC/5" in bodies["akn"] and b'date="2005-06-17"' in bodies["akn"]

    # Loading again changes nothing in these apps and builds nothing.
    events = Event.objects.exclude(target_type__app_label="consultations").count()
    call_command("load_sample", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ReportBuild.objects.filter(group__slug="wgig").count() == 1
    assert Event.objects.exclude(target_type__app_label="consultations").count() == events
