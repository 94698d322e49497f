"""The report as a Word document: ReportData in, DOCX bytes out (python-docx). Pure: no database writes.

Secretariats edit in Word, so this is the same report as the PDF and the Akoma Ntoso file, section by section,
with real headings (Word's navigation pane and table of contents use them) and real tables.
"""

import io
import re

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from plenary.drafting.models import ParagraphKind

from .pipeline import ReportData, bcp47, contact_line, content, long_date, member_row, secretariat_row, sections

# Word's language tags per script slot: the report's language for Latin/Cyrillic text, Chinese and Arabic for the
# East Asian and complex-script slots (so Word's proofing and line breaking know them whatever the report's language).
EAST_ASIAN = "zh-CN"
COMPLEX = "ar-SA"
FONTS = {"ascii": "Noto Sans", "hAnsi": "Noto Sans", "eastAsia": "Noto Sans CJK SC", "cs": "Noto Naskh Arabic"}
RTL_SCRIPT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _word_lang(language: str) -> str:
    return {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "zh-hans": "zh-CN", "ar": "ar-SA"}.get(
        language, bcp47(language)
    )


def _set_language(document, language: str) -> None:
    """The default fonts and languages of every style (Normal's run properties in docDefaults): Word then shapes
    Arabic with the complex-script font and Chinese with the East Asian one."""
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:rFonts", "w:lang"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for slot, name in FONTS.items():
        fonts.set(qn(f"w:{slot}"), name)
    rpr.append(fonts)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), _word_lang(language))
    lang.set(qn("w:eastAsia"), _word_lang(language) if language == "zh-hans" else EAST_ASIAN)
    lang.set(qn("w:bidi"), COMPLEX)
    rpr.append(lang)


def _append_flag(parent, tag: str) -> None:
    if parent.find(qn(tag)) is None:
        parent.append(OxmlElement(tag))


def _mirror(document) -> None:
    """Right to left (Arabic): every paragraph bidi, every table in visual right-to-left order, and every run with
    Arabic letters marked `rtl` (Latin runs stay left to right: references, symbols, URLs)."""
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        for p in part.iter(qn("w:p")):
            _append_flag(p.get_or_add_pPr(), "w:bidi")
        for tbl in part.iter(qn("w:tbl")):
            tbl_pr = tbl.find(qn("w:tblPr"))
            if tbl_pr is not None:
                _append_flag(tbl_pr, "w:bidiVisual")
        for run in part.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            if RTL_SCRIPT.search(text):
                _append_flag(run.get_or_add_rPr(), "w:rtl")


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
    """In the build's language: its fixed texts, its dates, Word's language tags; mirrored for Arabic."""
    with translation.override(data.language):
        return _render(data, note=note)


def _render(data: ReportData, *, note: str) -> bytes:
    language = data.language
    headings = dict(sections())

    def c(obj, name: str) -> str:
        return content(obj, name, language)[0]

    document = Document()
    _set_language(document, language)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    document.styles["Normal"].font.size = Pt(10)
    if data.symbol:  # the symbol at the head of every page, as UN documents carry it
        header = section.header.paragraphs[0]
        header.text = data.symbol
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page = _("Page %(n)s of %(total)s")
    for piece in re.split(r"(%\((?:n|total)\)s)", page):
        if piece == "%(n)s":
            footer._p.append(_field("PAGE"))
        elif piece == "%(total)s":
            footer._p.append(_field("NUMPAGES"))
        elif piece:
            footer.add_run(piece)
    props = document.core_properties
    props.title = data.title
    props.identifier = data.symbol
    props.subject = data.status_line
    props.author = data.group.name
    props.keywords = data.group.acronym
    props.comments = _("Built by Plenary from the group's public record.")
    props.language = _word_lang(language)

    if data.symbol:
        symbol = document.add_paragraph()
        symbol.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        symbol.add_run(data.symbol).bold = True
    document.add_heading(data.title, level=0)
    document.add_paragraph(f"{data.group.acronym} · {data.status_line}")
    if data.group.report_to:
        document.add_paragraph(_("Submitted to %(report_to)s.") % {"report_to": c(data.group, "report_to")})
    if data.is_illustrative and note:
        document.add_paragraph().add_run(note).bold = True

    def heading(anchor: str) -> None:
        document.add_heading(headings[anchor], level=1).paragraph_format.page_break_before = True

    heading("foreword")
    for text in data.foreword or [_("The group has not adopted a foreword.")]:
        document.add_paragraph(text)
    heading("summary")
    for text in data.executive_summary or [_("The group has not adopted an executive summary.")]:
        document.add_paragraph(text)

    group = data.group
    heading("mandate")
    document.add_heading(_("Mandate"), level=2)
    document.add_paragraph(c(group, "mandate"))
    established = _("The %(name)s was established by %(by)s on %(on)s, under %(parent)s.") % {
        "name": c(group, "name"),
        "by": c(group, "established_by"),
        "on": long_date(group.established_on),
        "parent": c(group, "parent_body"),
    }
    record = ", ".join(
        [
            ngettext("%(counter)s meeting", "%(counter)s meetings", len(data.meetings))
            % {"counter": len(data.meetings)},
            ngettext(
                "%(counter)s call for contributions", "%(counter)s calls for contributions", len(data.call_synopses)
            )
            % {"counter": len(data.call_synopses)},
            ngettext(
                "%(counter)s published contribution", "%(counter)s published contributions", len(data.contributions)
            )
            % {"counter": len(data.contributions)},
            ngettext(
                "%(counter)s published comment on draft recommendations",
                "%(counter)s published comments on draft recommendations",
                len(data.comment_rows),
            )
            % {"counter": len(data.comment_rows)},
        ]
    )
    document.add_paragraph(f"{established} {_("This report is compiled from the group's public record:")} {record}.")

    heading("members")
    document.add_heading(_("Members"), level=2)
    _table(
        document,
        [_("Name"), _("Role"), _("Affiliation"), _("Region"), _("Stakeholder group")],
        [member_row(m, language) for m in data.members],
    )
    document.add_heading(_("Secretariat"), level=2)
    if contact_line(group, language):
        document.add_paragraph(contact_line(group, language))
    _table(document, [_("Name"), _("Function")], [secretariat_row(m, language) for m in data.secretariat])
    document.add_heading(_("Meetings"), level=2)
    _table(
        document,
        [_("No."), _("Meeting"), _("Dates"), _("Venue")],
        [
            [str(m.number), c(m, "title"), f"{long_date(m.starts_on)} – {long_date(m.ends_on)}", c(m, "venue")]
            for m in data.meetings
        ],
    )

    heading("issues")
    for cluster in data.clusters:
        document.add_heading(f"{cluster.number}. {c(cluster, 'title')}", level=2)
        for issue in cluster.issues.all():
            document.add_paragraph(c(issue, "title"), style="List Bullet")

    heading("assessment")
    if data.matrix_png:
        document.add_picture(io.BytesIO(data.matrix_png), width=Cm(17))
    if data.matrix.rows:
        _table(
            document,
            [_("Issue"), *[c(p, "label") for p in data.matrix.principles]],
            [
                [c(row.issue, "title"), *[str(cell.get_rating_display()) if cell else "–" for cell in row.cells]]
                for row in data.matrix.rows
            ],
        )
    else:
        document.add_paragraph(_("No assessment has been released."))
    for a in data.assessments:
        document.add_heading(c(a.issue, "title"), level=2)
        for name in ("arrangements", "instruments", "summary"):
            if getattr(a, name):
                document.add_paragraph(c(a, name))
        ratings = list(a.ratings.all())
        if ratings:
            _table(
                document,
                [_("Principle"), _("Rating"), _("Rationale"), _("Minority views")],
                [
                    [c(r.principle, "label"), str(r.get_rating_display()), c(r, "rationale"), c(r, "minority_views")]
                    for r in ratings
                ],
            )
        for s in a.roles.all():
            p = document.add_paragraph()
            p.add_run(f"{s.get_actor_display()}: ").bold = True
            p.add_run(c(s, "statement"))
        for f in a.findings.all():
            p = document.add_paragraph()
            p.add_run(f"{f.label}. {c(f, 'title')}. ").bold = True
            p.add_run(c(f, "text") + (f" ({f.evidence.note})" if f.evidence.note else ""))

    heading("recommendations")
    if not data.recommendations:
        document.add_paragraph(_("The group has adopted no final recommendation yet."))
    for r in data.recommendations:
        document.add_heading(c(r["draft"], "title"), level=2)
        note = f" {r['evidence'].note}." if r["evidence"].note else ""
        final = _("Final, version %(n)s of %(on)s.") % {
            "n": r["version"].number,
            "on": long_date(r["version"].created_at),
        }
        document.add_paragraph(f"{final}{note}")
        for p in r["paragraphs"]:
            if p.kind == ParagraphKind.HEADING:
                document.add_heading(f"{p.number}. {c(p, 'text')}", level=3)
            else:
                para = document.add_paragraph()
                para.add_run(f"{p.number}. ").bold = True
                para.add_run(c(p, "text"))

    heading("synopsis")
    for s in data.call_synopses:
        document.add_heading(c(s["call"], "title"), level=2)
        document.add_paragraph(
            ngettext("%(counter)s published contribution", "%(counter)s published contributions", s["count"])
            % {"counter": s["count"]}
            + "."
        )
        if s["count"]:
            _table(
                document,
                [_("Issue"), _("Contributions"), _("Taken into account in")],
                [
                    [
                        c(e["issue"], "title") if e["issue"] else _("Not tagged"),
                        "; ".join(x.reference for x in e["contributions"]),
                        "; ".join([f.label for f in e["findings"]] + [c(d, "title") for d in e["drafts"]])
                        or _("Considered; not cited in a finding or recommendation."),
                    ]
                    for e in s["issues"]
                ],
            )
    for s in data.draft_synopses:
        document.add_heading(_("Comments on “%(title)s”") % {"title": c(s["draft"], "title")}, level=2)
        tallies = "; ".join(f"{label} {n}" for label, n in s["dispositions"]) or _("none yet")
        total = s["participation"]["total"]
        document.add_paragraph(
            ngettext("%(counter)s published comment.", "%(counter)s published comments.", total) % {"counter": total}
            + f" {_('Dispositions')}: {tallies}."
        )

    heading("annex-contributions")
    _table(
        document,
        [_("Reference"), _("Title"), _("From"), _("Link")],
        [
            [x.reference, c(x, "title"), x.public_author, f"{data.site_url}{x.get_absolute_url()}"]
            for x in data.contributions
        ],
    )
    heading("annex-comments")

    def where(comment) -> str:
        return f"{c(comment.draft, 'title')}, v{comment.version.number} ¶{comment.paragraph_number}"

    _table(
        document,
        [_("Reference"), _("Draft, paragraph"), _("Comment"), _("Disposition"), _("Reason")],
        [
            [
                row["comment"].reference,
                where(row["comment"]),
                c(row["comment"], "text"),
                str(row["comment"].get_disposition_display()) or _("Not yet decided"),
                c(row["comment"], "disposition_reason"),
            ]
            for row in data.comment_rows
        ],
    )
    heading("annex-drafts")
    document.add_paragraph(
        _(
            "These drafts were public but not final when the report was compiled: they are not recommendations of "
            "the group. Their text is on the group's site."
        )
    )
    _table(
        document,
        [_("Draft"), _("Status"), _("Latest public version"), _("Link")],
        [
            [
                c(r["draft"], "title"),
                str(r["draft"].get_status_display()),
                str(r["version"].number),
                f"{data.site_url}{r['draft'].get_absolute_url()}",
            ]
            for r in data.consultation_drafts
        ],
    )
    if data.dir == "rtl":
        _mirror(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
