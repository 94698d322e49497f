"""The report as a Word document: ReportData in, DOCX bytes out (python-docx). Pure: no database writes.

Secretariats edit in Word, so this is the same report as the PDF and the Akoma Ntoso file, section by section,
with real headings (Word's navigation pane and table of contents use them) and real tables.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from plenary.drafting.models import ParagraphKind

from .pipeline import SECTIONS, ReportData, contact_line, member_row, secretariat_row

HEADINGS = dict(SECTIONS)


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text or "–")
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(8.5)


def _field(instruction: str):
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


def render_docx(data: ReportData, *, note: str = "") -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    document.styles["Normal"].font.name = "Noto Sans"
    document.styles["Normal"].font.size = Pt(10)
    if data.symbol:  # the symbol at the head of every page, as UN documents carry it
        header = section.header.paragraphs[0]
        header.text = data.symbol
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    footer._p.append(_field("PAGE"))
    footer.add_run(" of ")
    footer._p.append(_field("NUMPAGES"))
    props = document.core_properties
    props.title = data.title
    props.identifier = data.symbol
    props.subject = data.status_line
    props.author = data.group.name
    props.keywords = data.group.acronym
    props.comments = "Built by Plenary from the group's public record."

    if data.symbol:
        symbol = document.add_paragraph()
        symbol.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        symbol.add_run(data.symbol).bold = True
    document.add_heading(data.title, level=0)
    document.add_paragraph(f"{data.group.acronym} · {data.status_line}")
    if data.group.report_to:
        document.add_paragraph(f"Submitted to {data.group.report_to}.")
    if data.is_illustrative and note:
        document.add_paragraph().add_run(note).bold = True

    def heading(anchor: str) -> None:
        document.add_heading(HEADINGS[anchor], level=1).paragraph_format.page_break_before = True

    heading("foreword")
    for text in data.foreword or ["The group has not adopted a foreword."]:
        document.add_paragraph(text)
    heading("summary")
    for text in data.executive_summary or ["The group has not adopted an executive summary."]:
        document.add_paragraph(text)

    group = data.group
    heading("mandate")
    document.add_heading("Mandate", level=2)
    document.add_paragraph(group.mandate)
    document.add_paragraph(
        f"The {group.name} was established by {group.established_by} on {group.established_on.day} "
        f"{group.established_on:%B %Y}, under {group.parent_body}. This report is compiled from the group's public "
        f"record: {len(data.meetings)} meetings, {len(data.call_synopses)} calls for contributions, "
        f"{len(data.contributions)} published contributions, {len(data.comment_rows)} published comments on drafts."
    )

    heading("members")
    document.add_heading("Members", level=2)
    _table(
        document, ["Name", "Role", "Affiliation", "Region", "Stakeholder group"], [member_row(m) for m in data.members]
    )
    document.add_heading("Secretariat", level=2)
    if contact_line(group):
        document.add_paragraph(contact_line(group))
    _table(document, ["Name", "Function"], [secretariat_row(m) for m in data.secretariat])
    document.add_heading("Meetings", level=2)
    _table(
        document,
        ["No.", "Meeting", "Dates", "Venue"],
        [[str(m.number), m.title, f"{m.starts_on:%d %b %Y} – {m.ends_on:%d %b %Y}", m.venue] for m in data.meetings],
    )

    heading("issues")
    for cluster in data.clusters:
        document.add_heading(f"{cluster.number}. {cluster.title}", level=2)
        for issue in cluster.issues.all():
            document.add_paragraph(issue.title, style="List Bullet")

    heading("assessment")
    if data.matrix_png:
        document.add_picture(io.BytesIO(data.matrix_png), width=Cm(17))
    if data.matrix.rows:
        _table(
            document,
            ["Issue", *[p.label for p in data.matrix.principles]],
            [
                [row.issue.title, *[str(c.get_rating_display()) if c else "–" for c in row.cells]]
                for row in data.matrix.rows
            ],
        )
    else:
        document.add_paragraph("No assessment has been released.")
    for a in data.assessments:
        document.add_heading(a.issue.title, level=2)
        for text in (a.arrangements, a.instruments, a.summary):
            if text:
                document.add_paragraph(text)
        ratings = list(a.ratings.all())
        if ratings:
            _table(
                document,
                ["Principle", "Rating", "Rationale", "Minority views"],
                [[r.principle.label, str(r.get_rating_display()), r.rationale, r.minority_views] for r in ratings],
            )
        for s in a.roles.all():
            p = document.add_paragraph()
            p.add_run(f"{s.get_actor_display()}: ").bold = True
            p.add_run(s.statement)
        for f in a.findings.all():
            p = document.add_paragraph()
            p.add_run(f"{f.label}. {f.title}. ").bold = True
            p.add_run(f.text + (f" ({f.evidence.note})" if f.evidence.note else ""))

    heading("recommendations")
    if not data.recommendations:
        document.add_paragraph("The group has adopted no final recommendation yet.")
    for r in data.recommendations:
        document.add_heading(r["draft"].title, level=2)
        note = f" {r['evidence'].note}." if r["evidence"].note else ""
        document.add_paragraph(f"Final, version {r['version'].number}.{note}")
        for p in r["paragraphs"]:
            if p.kind == ParagraphKind.HEADING:
                document.add_heading(f"{p.number}. {p.text}", level=3)
            else:
                para = document.add_paragraph()
                para.add_run(f"{p.number}. ").bold = True
                para.add_run(p.text)

    heading("synopsis")
    for s in data.call_synopses:
        document.add_heading(s["call"].title, level=2)
        document.add_paragraph(f"{s['count']} published contributions.")
        if s["count"]:
            _table(
                document,
                ["Issue", "Contributions", "Taken into account in"],
                [
                    [
                        e["issue"].title if e["issue"] else "Not tagged",
                        "; ".join(c.reference for c in e["contributions"]),
                        "; ".join([f.label for f in e["findings"]] + [d.title for d in e["drafts"]])
                        or "Considered; not cited in a finding or recommendation.",
                    ]
                    for e in s["issues"]
                ],
            )
    for s in data.draft_synopses:
        document.add_heading(f"Comments on “{s['draft'].title}”", level=2)
        tallies = "; ".join(f"{label} {n}" for label, n in s["dispositions"]) or "none yet"
        document.add_paragraph(f"{s['participation']['total']} published comments. Dispositions: {tallies}.")

    heading("annex-contributions")
    _table(
        document,
        ["Reference", "Title", "From", "Link"],
        [[c.reference, c.title, c.public_author, f"{data.site_url}{c.get_absolute_url()}"] for c in data.contributions],
    )
    heading("annex-comments")
    _table(
        document,
        ["Reference", "Paragraph", "Comment", "Disposition", "Reason"],
        [
            [
                row["comment"].reference,
                f"{row['comment'].draft.title}, v{row['comment'].version.number} ¶{row['comment'].paragraph_number}",
                row["comment"].text,
                str(row["comment"].get_disposition_display()) or "Not yet decided",
                row["comment"].disposition_reason,
            ]
            for row in data.comment_rows
        ],
    )
    heading("annex-drafts")
    document.add_paragraph(
        "These drafts were public but not final when the report was compiled: they are not recommendations of the "
        "group. Their text is on the group's site."
    )
    _table(
        document,
        ["Draft", "Status", "Latest public version", "Link"],
        [
            [
                r["draft"].title,
                str(r["draft"].get_status_display()),
                str(r["version"].number),
                f"{data.site_url}{r['draft'].get_absolute_url()}",
            ]
            for r in data.consultation_drafts
        ],
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
