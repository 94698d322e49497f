"""The final report as a pipeline of stages, each a plain function (as in Indigo's exports).

compile_report  Reads: the group's public record (released assessment, public drafts, published input).
                Writes: ReportData, plain values only.
render_html     Reads: ReportData. Writes: one self-contained HTML file (the chart inlined as a PNG data URI).
render_pdf      Reads: that HTML. Writes: PDF bytes with a table of contents, page numbers and bookmarks.
render_docx     Reads: ReportData. Writes: a Word document with the same sections (secretariats edit in Word).
render_akn      Reads: ReportData. Writes: Akoma Ntoso 3.0 XML with FRBR metadata.

The report is dated with the day the group adopted it (its edition), never with the day it was built; only final
recommendations are under Recommendations (drafts still in consultation are annexed as such).
"""

import base64
import datetime as dt
import logging
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

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
from plenary.drafting.selectors import draft_list, version_list
from plenary.groups.models import SECRETARIAT_ROLES, WorkingGroup
from plenary.groups.selectors import membership_list
from plenary.issues.selectors import cluster_list
from plenary.meetings.selectors import meeting_list

from .selectors import call_list_public, call_synopsis, draft_synopsis, edition_current

ILLUSTRATIVE_NOTE = (
    "Illustrative: parts of this report (marked) are sample text written to show the software. They are not the "
    "working group's record and no member said them."
)


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
        if self.adopted_on is None:
            return "Not yet adopted by the group: a compilation of the public record, built on " + _long(self.built_on)
        where = f", {self.adopted_at}" if self.adopted_at else ""
        return f"Adopted by the group on {_long(self.adopted_on)}{where}"


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def member_row(m) -> list[str]:
    """Name, role, affiliation, region, stakeholder group: one row of the members' table, in every output."""
    sector = str(m.stakeholder_group or "")
    return [m.person.name, str(m.get_role_display()), m.affiliation or m.title, m.region, sector]


def secretariat_row(m) -> list[str]:
    """Name and function: the secretariat has no region or sector of its own to print."""
    function = m.title or str(m.get_role_display())
    return [m.person.name, f"{function}, {m.affiliation}" if m.affiliation else function]


def contact_line(group: WorkingGroup) -> str:
    """The secretariat's address as the group gives it (empty when it gives none)."""
    if not group.contact_name:
        return ""
    line = ", ".join(x for x in (group.contact_name, group.contact_title, group.contact_address) if x)
    if group.contact_phone:
        line += f"; tel. {group.contact_phone}"
    if group.contact_email:
        line += f"; {group.contact_email}"
    return line + "."


def _evidence(obj) -> Evidence:
    evidence = evidence_of(obj)
    obj.evidence = evidence  # what every renderer prints: the page's, the API's and the report's one list
    return evidence


def compile_report(*, group: WorkingGroup, chart: bool = True) -> ReportData:
    """Everything the report says, read as the public would read it: nothing unreleased can slip in."""
    public = AnonymousUser()
    matrix = matrix_get(viewer=public, group=group)
    png = None
    rows = matrix.chart_rows()
    if chart and rows:
        png = chart_png(
            matrix_chart(
                rows,
                issue_title="Issue",
                principle_title="Principle",
                issue_order=[r.issue.title for r in matrix.rows],
                principle_order=[p.label for p in matrix.principles],
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
    return ReportData(
        group=group,
        title=edition.full_title if edition else f"Report of the {group.name}",
        symbol=edition.symbol if edition else "",
        adopted_on=edition.adopted_on if edition else None,
        adopted_at=edition.adopted_at if edition else "",
        built_on=timezone.localdate(),
        foreword=edition.foreword_paragraphs if edition else [],
        executive_summary=edition.summary_paragraphs if edition else [],
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


SECTIONS = [
    ("foreword", "Foreword"),
    ("summary", "Executive summary"),
    ("mandate", "Mandate and method"),
    ("members", "Members and meetings"),
    ("issues", "Clusters and issues"),
    ("assessment", "Assessment of existing arrangements"),
    ("recommendations", "Recommendations"),
    ("synopsis", "Consultation synopsis"),
    ("annex-contributions", "Annex I. Contributions received"),
    ("annex-comments", "Annex II. Comments on the drafts and responses"),
    ("annex-drafts", "Annex III. Drafts in consultation (not recommendations)"),
]


def render_html(data: ReportData) -> str:
    """The report is written in the group's working language (English), whatever the builder's language."""
    with translation.override("en"):
        return render_to_string(
            "reports/report.html",
            {"data": data, "sections": SECTIONS, "actors": Actor, "note": ILLUSTRATIVE_NOTE},
        )


def render_pdf(html: str) -> tuple[bytes, int]:
    # WeasyPrint reports each step at INFO (from its import on); the build keeps its own timings instead.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML

    document = HTML(string=html, base_url=None).render()
    return document.write_pdf(), len(document.pages)
