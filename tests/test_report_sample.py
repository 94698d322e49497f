"""The sample group, as a new user finds it after `make run`: the matrix, a draft and its diff, a paragraph to
comment on, and the report in PDF, HTML and Akoma Ntoso. The sample is loaded (and its report built) once."""

import re

from django.core.management import call_command
from django.test import Client

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
    for fmt in ("pdf", "html", "akn"):
        response = client.get(f"/wgig/report/latest.{fmt}")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        bodies[fmt] = b"".join(response.streaming_content)
    assert bodies["pdf"].startswith(b"%PDF")
    assert b"Illustrative" in bodies["html"]
    assert validate_akn(bodies["akn"])[0]

    # Loading again changes nothing in these apps and builds nothing.
    events = Event.objects.exclude(target_type__app_label="consultations").count()
    call_command("load_sample", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ReportBuild.objects.filter(group__slug="wgig").count() == 1
    assert Event.objects.exclude(target_type__app_label="consultations").count() == events
