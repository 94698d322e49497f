"""The final report as a pipeline of stages, each a plain function (as in Indigo's exports).

compile_report  Reads: the group's public record (released assessment, public drafts, published input).
                Writes: ReportData, plain values only.
render_html     Reads: ReportData. Writes: one self-contained HTML file (the chart inlined as a PNG data URI).
render_pdf      Reads: that HTML. Writes: PDF bytes with a table of contents, page numbers and bookmarks.
render_docx     Reads: ReportData. Writes: a Word document with the same sections (secretariats edit in Word).
render_akn      Reads: ReportData. Writes: Akoma Ntoso 3.0 XML with FRBR metadata.

The report is dated with the day the group adopted it (its edition), never with the day it was built; only final
recommendations are under Recommendations (drafts still in consultation are annexed as such).

Languages: a build is in one of settings.LANGUAGES. Its fixed texts (headings, table headers, notes), its dates and
its direction follow that language; the group's own texts (titles, paragraphs, rationales) are read through ONE
function, `content`, which says which language each text is in, so that every output can mark a text in another
language (`lang`/`dir` in HTML, `xml:lang` in Akoma Ntoso, the run's language in Word).
"""

import base64
import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from plenary.assessment.charts import matrix_chart
from plenary.assessment.models import Actor
from plenary.assessment.selectors import (
    Evidence,
    assessment_list,
    evidence_of,
    evidence_prefetches,
    finding_list,
    matrix_get,
)
from plenary.consultations.selectors import contribution_queryset
from plenary.core.charts import chart_png
from plenary.core.site import site_url
from plenary.drafting.models import Draft, DraftStatus
from plenary.drafting.selectors import draft_list, paragraphs_localized, version_list
from plenary.groups.models import SECRETARIAT_ROLES, TRANSLATABLE_FIELDS, WorkingGroup
from plenary.groups.selectors import localized, membership_list
from plenary.issues.selectors import cluster_list
from plenary.meetings.selectors import meeting_list

from .models import ReportEdition
from .selectors import call_list_public, call_synopsis, draft_synopsis, edition_current

ILLUSTRATIVE_NOTE = gettext_noop(
    "Illustrative: parts of this report (marked) are sample text written to show the software. They are not the "
    "working group's record and no member said them."
)

SOURCE_LANGUAGE = settings.LANGUAGE_CODE  # the group's working language: the one its texts are written in today

# ISO 639-2/B codes, as Akoma Ntoso's FRBRlanguage and the UN's document URIs write them.
ISO639_2 = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "zh-hans": "zho", "ar": "ara"}


def illustrative_note() -> str:
    return gettext(ILLUSTRATIVE_NOTE)


def bcp47(language: str) -> str:
    """Django's language code as HTML, XML and Word write it: "zh-hans" -> "zh-Hans"."""
    if not language:
        return ""
    head, _sep, tail = language.partition("-")
    if not tail:
        return head
    return f"{head}-{tail.title() if len(tail) == 4 else tail.upper()}"


def is_rtl(language: str) -> bool:
    return language.split("-")[0] in {code.split("-")[0] for code in settings.LANGUAGES_BIDI}


def content(obj, field_name: str, language: str) -> tuple[str, str]:
    """A content field of `obj` for the report in `language`: (text, the language that text is in).

    The one door through which every renderer reads the group's own texts. Today it returns the source text: in
    the object's own `language` where it has one (a contribution's detected language, "" when unknown), else in
    the group's working language. When the texts have translations, this is where the report's language is
    looked up first.
    """
    shown = getattr(obj, "localized_text", None)  # a draft paragraph: its translation was looked up with its version
    if shown is not None and field_name == "text":
        return shown.text, shown.language
    if obj is not None and field_name in TRANSLATABLE_FIELDS.get(getattr(obj, "_meta", None) and obj._meta.label, ()):
        found = localized(obj, field_name, language)
        return found.text, found.language
    value = getattr(obj, field_name, "") if obj is not None else ""
    if callable(value):
        value = value()
    return str(value or ""), content_language(obj)


def content_language(obj) -> str:
    """The language `obj`'s texts are written in: its own `language` field where it has one ("" when unknown, as
    for a contribution whose language was not detected), else the group's working language."""
    own = getattr(obj, "language", None)
    return own if isinstance(own, str) else SOURCE_LANGUAGE


class Text(str):
    """A content text that knows its language: printed as is where it is in the page's language, in a span that
    says its language and direction where it is not (`dir="auto"` where the language is unknown)."""

    lang: str

    def __new__(cls, text: str, lang: str = SOURCE_LANGUAGE) -> "Text":
        obj = super().__new__(cls, text)
        obj.lang = lang
        return obj

    def __html__(self) -> SafeString:
        return lang_span(str(self), self.lang)


def text(obj, field_name: str, language: str) -> Text:
    return Text(*content(obj, field_name, language))


def lang_attrs(lang: str, report_language: str | None = None) -> dict[str, str]:
    """The attributes a text in `lang` needs inside a report in `report_language` (none when they are the same)."""
    report_language = report_language or translation.get_language() or SOURCE_LANGUAGE
    if not lang:
        return {"dir": "auto"}
    if lang.lower() == report_language.lower():
        return {}
    return {"lang": bcp47(lang), "dir": "rtl" if is_rtl(lang) else "ltr"}


# Unicode's isolates (LRI, RLI, FSI ... PDI). WeasyPrint does not implement `unicode-bidi: isolate` (nor <bdi>), but
# Pango honours these characters: an English title, a symbol such as WSIS-II/PC-3/DOC/5 or a date keeps its order
# inside Arabic, and the punctuation around it stays where the sentence puts it. Browsers honour them too.
ISOLATES = {"ltr": "\u2066", "rtl": "\u2067", "auto": "\u2068"}
PDI = "\u2069"


def isolate(value, direction: str = "auto") -> SafeString:
    """`<bdi>` with the isolate characters inside, for a value whose direction may differ from the sentence's."""
    return format_html("<bdi>{}{}{}</bdi>", ISOLATES[direction], value, PDI)


def lang_span(value, lang: str, report_language: str | None = None) -> SafeString:
    attrs = lang_attrs(lang, report_language)
    if not attrs:
        return conditional_escape(value)
    if "lang" in attrs:
        return format_html(
            '{}<span lang="{}" dir="{}">{}</span>{}', ISOLATES[attrs["dir"]], attrs["lang"], attrs["dir"], value, PDI
        )
    return isolate(value)


def report_title(group: WorkingGroup, language: str) -> str:
    """The title of a report with no adopted title, in the report's language."""
    with translation.override(language):
        return gettext("Report of the %(group)s") % {"group": content(group, "name", language)[0]}


@dataclass
class ReportData:
    group: WorkingGroup
    title: str
    symbol: str  # "" until the group adopted an edition
    adopted_on: dt.date | None  # the day the group adopted it; None: not adopted
    adopted_at: str
    built_on: dt.date  # the day of the build: metadata only, never the report's date
    foreword: list[str]
    executive_summary: list[str]
    site_url: str
    members: list
    secretariat: list
    meetings: list
    clusters: list
    matrix: object
    matrix_png: bytes | None
    assessments: list
    recommendations: list  # final only
    consultation_drafts: list  # public drafts that are not final: annexed as such
    call_synopses: list
    draft_synopses: list
    contributions: list
    comment_rows: list
    is_illustrative: bool = False
    sources: dict = field(default_factory=dict)
    language: str = SOURCE_LANGUAGE

    @property
    def html_lang(self) -> str:
        return bcp47(self.language)

    @property
    def dir(self) -> str:
        return "rtl" if is_rtl(self.language) else "ltr"

    @property
    def iso639_2(self) -> str:
        return ISO639_2.get(self.language, self.language.split("-")[0])

    @property
    def matrix_data_uri(self) -> str:
        if not self.matrix_png:
            return ""
        return "data:image/png;base64," + base64.b64encode(self.matrix_png).decode()

    @property
    def date(self) -> dt.date:
        """The report's date: its adoption, or (not adopted) the build, which every output then says."""
        return self.adopted_on or self.built_on

    @property
    def status_line(self) -> str:
        """In the language active when it is read (each renderer reads it inside the report's language)."""
        if self.adopted_on is None:
            return gettext("Not yet adopted by the group: a compilation of the public record, built on %(date)s") % {
                "date": long_date(self.built_on)
            }
        if self.adopted_at:
            return gettext("Adopted by the group on %(date)s, %(place)s") % {
                "date": long_date(self.adopted_on),
                "place": self.adopted_at,
            }
        return gettext("Adopted by the group on %(date)s") % {"date": long_date(self.adopted_on)}


def long_date(day: dt.date | dt.datetime | None) -> str:
    """ "17 June 2005", "17 juin 2005", "2005年6月17日", "17 يونيو 2005": the active language's DATE_FORMAT."""
    return formats.date_format(day, "DATE_FORMAT") if day else ""


def short_date(day: dt.date | dt.datetime | None) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else ""


def region_name(name: str) -> str:
    from plenary.core.templatetags.plenary import region

    return region(name)


def member_row(m, language: str = SOURCE_LANGUAGE) -> list[str]:
    """Name, role, affiliation, region, stakeholder group: one row of the members' table, in every output."""
    sector = str(m.stakeholder_group or "")
    affiliation = content(m, "affiliation", language)[0] or content(m, "title", language)[0]
    return [m.person.name, str(m.get_role_display()), affiliation, region_name(m.region), sector]


def secretariat_row(m, language: str = SOURCE_LANGUAGE) -> list[str]:
    """Name and function: the secretariat has no region or sector of its own to print."""
    function = content(m, "title", language)[0] or str(m.get_role_display())
    affiliation = content(m, "affiliation", language)[0]
    return [m.person.name, f"{function}, {affiliation}" if affiliation else function]


def contact_line(group: WorkingGroup, language: str = SOURCE_LANGUAGE) -> str:
    """The secretariat's address as the group gives it (empty when it gives none)."""
    if not group.contact_name:
        return ""
    parts = [group.contact_name, content(group, "contact_title", language)[0]]
    parts.append(content(group, "contact_address", language)[0])
    line = ", ".join(x for x in parts if x)
    if group.contact_phone:
        line += "; " + gettext("tel. %(phone)s") % {"phone": group.contact_phone}
    if group.contact_email:
        line += f"; {group.contact_email}"
    return line + "."


def _evidence(obj) -> Evidence:
    evidence = evidence_of(obj)
    obj.evidence = evidence  # what every renderer prints: the page's, the API's and the report's one list
    return evidence


def compile_report(*, group: WorkingGroup, chart: bool = True, language: str = SOURCE_LANGUAGE) -> ReportData:
    """Everything the report says, read as the public would read it: nothing unreleased can slip in.

    In `language`: the chart's labels and direction, the title when the group adopted none, the dates."""
    with translation.override(language):
        return _compile(group=group, chart=chart, language=language)


def _compile(*, group: WorkingGroup, chart: bool, language: str) -> ReportData:
    public = AnonymousUser()
    matrix = matrix_get(viewer=public, group=group)
    png = None
    rows = matrix.chart_rows()
    if chart and rows:
        for row in rows:  # the chart reads the same texts as the table beside it
            row["issue"] = content(_issue_by_title(matrix, row["issue"]), "title", language)[0]
        png = chart_png(
            matrix_chart(
                rows,
                issue_title=gettext("Issue"),
                principle_title=gettext("Principle"),
                issue_order=[content(r.issue, "title", language)[0] for r in matrix.rows],
                principle_order=[content(p, "label", language)[0] for p in matrix.principles],
                rtl=is_rtl(language),
            )
        )
    findings = finding_list(viewer=public, group=group).prefetch_related(
        *evidence_prefetches(viewer=public, group=group)
    )
    assessments = list(
        assessment_list(viewer=public, group=group).prefetch_related(
            "ratings__principle", "roles", Prefetch("findings", queryset=findings)
        )
    )
    for a in assessments:
        for f in a.findings.all():
            _evidence(f)
    recommendations = []
    consultation_drafts = []
    drafts = draft_list(viewer=public, group=group).prefetch_related(
        "issues", *evidence_prefetches(viewer=public, group=group, model=Draft)
    )
    for draft in drafts:
        versions = list(version_list(viewer=public, draft=draft))
        if not versions:
            continue
        version = versions[-1]
        entry = {
            "draft": draft,
            "version": version,
            "is_final": draft.status == DraftStatus.FINAL,
            "evidence": _evidence(draft),
        }
        if entry["is_final"]:
            entry["paragraphs"] = list(version.paragraphs.all())
            shown = paragraphs_localized(viewer=public, version=version, language=language)
            for paragraph in entry["paragraphs"]:
                paragraph.localized_text = shown.get(paragraph.key)
            recommendations.append(entry)
        else:
            consultation_drafts.append(entry)
    drafts_commented = [r["draft"] for r in recommendations + consultation_drafts]
    draft_synopses = [draft_synopsis(group=group, draft=d) for d in drafts_commented]
    call_synopses = [call_synopsis(group=group, call=call) for call in call_list_public(group=group)]
    contributions = list(
        contribution_queryset(viewer=public, group=group).select_related("call", "group").order_by("reference")
    )
    comment_rows = [row for s in draft_synopses for row in s["rows"]]
    edition = edition_current(group=group)
    is_illustrative = (
        any(a.is_illustrative for a in assessments)
        or any(r["draft"].is_illustrative for r in recommendations + consultation_drafts)
        or any(getattr(c, "is_illustrative", False) for c in contributions)
        or bool(edition and edition.is_illustrative)
    )
    memberships = list(membership_list(group=group))
    title = text(edition, "title", language) if edition else Text("")
    if not title:
        title = Text(report_title(group, language), language)

    def paragraphs(name: str) -> list[Text]:
        if edition is None:
            return []
        body, lang = content(edition, name, language)
        return [Text(p, lang) for p in ReportEdition.paragraphs(body)]

    return ReportData(
        group=group,
        language=language,
        title=title,
        symbol=edition.symbol if edition else "",
        adopted_on=edition.adopted_on if edition else None,
        adopted_at=text(edition, "adopted_at", language) if edition else "",
        built_on=timezone.localdate(),
        foreword=paragraphs("foreword"),
        executive_summary=paragraphs("executive_summary"),
        site_url=site_url(),
        members=[m for m in memberships if m.role not in SECRETARIAT_ROLES],
        secretariat=[m for m in memberships if m.role in SECRETARIAT_ROLES],
        meetings=list(meeting_list(group=group)),
        clusters=list(cluster_list(group=group)),
        matrix=matrix,
        matrix_png=png,
        assessments=assessments,
        recommendations=recommendations,
        consultation_drafts=consultation_drafts,
        call_synopses=call_synopses,
        draft_synopses=draft_synopses,
        contributions=contributions,
        comment_rows=comment_rows,
        is_illustrative=is_illustrative,
        sources={
            "edition": {"symbol": edition.symbol, "adopted_on": edition.adopted_on.isoformat()} if edition else None,
            "drafts": {r["draft"].slug: r["version"].number for r in recommendations},
            "annexed_drafts": {r["draft"].slug: r["version"].number for r in consultation_drafts},
            "assessments": [a.issue.slug for a in assessments],
            "contributions": len(contributions),
            "comments": len(comment_rows),
        },
    )


# The English headings (marked for the catalogues); `sections()` gives them in the active language.
SECTIONS = [
    ("foreword", gettext_noop("Foreword")),
    ("summary", gettext_noop("Executive summary")),
    ("mandate", gettext_noop("Mandate and method")),
    ("members", gettext_noop("Members and meetings")),
    ("issues", gettext_noop("Clusters and issues")),
    ("assessment", gettext_noop("Assessment of existing arrangements")),
    ("recommendations", gettext_noop("Recommendations")),
    ("synopsis", gettext_noop("Consultation synopsis")),
    ("annex-contributions", gettext_noop("Annex I. Contributions received")),
    ("annex-comments", gettext_noop("Annex II. Comments on the drafts and responses")),
    ("annex-drafts", gettext_noop("Annex III. Drafts in consultation (not recommendations)")),
]


def sections() -> list[tuple[str, str]]:
    """The headings in the active language; one the catalogue does not translate yet stays English, and says so
    (so that an English heading in an Arabic report keeps its own direction)."""
    language = translation.get_language() or SOURCE_LANGUAGE
    out = []
    for anchor, label in SECTIONS:
        translated = gettext(label)
        fallback = translated == label and not language.startswith(SOURCE_LANGUAGE)
        out.append((anchor, Text(label, SOURCE_LANGUAGE) if fallback else Text(translated, language)))
    return out


def _issue_by_title(matrix, title: str):
    return next((r.issue for r in matrix.rows if r.issue.title == title), None)


def css_string(value: str) -> str:
    """A CSS string literal (for `content:` in the page's margins)."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_counter_css() -> str:
    """ "Page 3 of 40" as CSS `content`, in the active language: the translated sentence around the counters."""
    sentence = gettext("Page %(n)s of %(total)s")
    out = []
    for part in re.split(r"(%\((?:n|total)\)s)", sentence):
        if part == "%(n)s":
            out.append("counter(page)")
        elif part == "%(total)s":
            out.append("counter(pages)")
        elif part:
            out.append(css_string(part))
    return " ".join(out)


# Font stacks per script, by fontconfig names WeasyPrint (Pango) resolves: the script's own face first, so its
# punctuation and digits match; Noto Sans and DejaVu for the Latin runs (references, names, URLs) and symbols.
FONT_STACKS = {
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif',
    "zh-hans": '"Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans", "DejaVu Sans", sans-serif',
}
DEFAULT_FONTS = '"Noto Sans", "DejaVu Sans", "Noto Sans Arabic", "Noto Sans CJK SC", sans-serif'


def font_stack(language: str) -> str:
    return FONT_STACKS.get(language, DEFAULT_FONTS)


def render_html(data: ReportData) -> str:
    """The report in its build's language, whatever the builder's language."""
    with translation.override(data.language):
        rtl = data.dir == "rtl"
        return render_to_string(
            "reports/report.html",
            {
                "data": data,
                "sections": sections(),
                "actors": Actor,
                "note": illustrative_note(),
                "fonts": mark_safe(font_stack(data.language)),  # noqa: S308 (constants)
                "page_counter": mark_safe(page_counter_css()),  # noqa: S308 (quoted by css_string)
                "margin_note": mark_safe(  # noqa: S308 (quoted by css_string)
                    css_string(gettext("Illustrative: contains sample text, not the group's record"))
                ),
                # The page's outer corner for the symbol: top right in left-to-right languages, top left in Arabic.
                "symbol_box": "top-left" if rtl else "top-right",
            },
        )


def render_pdf(html: str) -> tuple[bytes, int]:
    # WeasyPrint reports each step at INFO (from its import on); the build keeps its own timings instead.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML

    document = HTML(string=html, base_url=None).render()
    return document.write_pdf(), len(document.pages)
