"""The final report as a pipeline of stages, each a plain function (as in Indigo's exports).

compile_report  Reads: the group's public record (released assessment, public drafts, published input).
                Writes: ReportData, plain values only.
render_html     Reads: ReportData. Writes: one self-contained HTML file (the chart inlined as a PNG data URI).
render_pdf      Reads: that HTML. Writes: PDF bytes with a table of contents, page numbers and bookmarks.
render_akn      Reads: ReportData. Writes: Akoma Ntoso 3.0 XML with FRBR metadata.
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
from plenary.assessment.selectors import assessment_list, evidence_prefetches, finding_list, matrix_get
from plenary.consultations.selectors import contribution_queryset
from plenary.core.charts import chart_png
from plenary.core.site import site_url
from plenary.drafting.models import DraftStatus
from plenary.drafting.selectors import draft_list, version_list
from plenary.groups.models import WorkingGroup
from plenary.groups.selectors import membership_list
from plenary.issues.selectors import cluster_list
from plenary.meetings.selectors import meeting_list

from .selectors import call_list_public, call_synopsis, draft_synopsis

ILLUSTRATIVE_NOTE = (
    "Illustrative: parts of this report (marked) are sample text written to show the software. They are not the "
    "working group's record and no member said them."
)


@dataclass
class ReportData:
    group: WorkingGroup
    title: str
    date: dt.date
    site_url: str
    members: list
    meetings: list
    clusters: list
    matrix: object
    matrix_png: bytes | None
    assessments: list
    recommendations: list
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
    recommendations = []
    for draft in draft_list(viewer=public, group=group).prefetch_related("issues"):
        versions = list(version_list(viewer=public, draft=draft))
        if not versions:
            continue
        version = versions[-1]
        recommendations.append(
            {
                "draft": draft,
                "version": version,
                "is_final": draft.status == DraftStatus.FINAL,
                "paragraphs": list(version.paragraphs.all()),
            }
        )
    draft_synopses = [draft_synopsis(group=group, draft=r["draft"]) for r in recommendations]
    call_synopses = [call_synopsis(group=group, call=call) for call in call_list_public(group=group)]
    contributions = list(
        contribution_queryset(viewer=public, group=group).select_related("call", "group").order_by("reference")
    )
    comment_rows = [row for s in draft_synopses for row in s["rows"]]
    is_illustrative = (
        any(a.is_illustrative for a in assessments)
        or any(r["draft"].is_illustrative for r in recommendations)
        or any(getattr(c, "is_illustrative", False) for c in contributions)
    )
    return ReportData(
        group=group,
        title=f"Report of the {group.name}",
        date=timezone.localdate(),
        site_url=site_url(),
        members=list(membership_list(group=group)),
        meetings=list(meeting_list(group=group)),
        clusters=list(cluster_list(group=group)),
        matrix=matrix,
        matrix_png=png,
        assessments=assessments,
        recommendations=recommendations,
        call_synopses=call_synopses,
        draft_synopses=draft_synopses,
        contributions=contributions,
        comment_rows=comment_rows,
        is_illustrative=is_illustrative,
        sources={
            "drafts": {r["draft"].slug: r["version"].number for r in recommendations},
            "assessments": [a.issue.slug for a in assessments],
            "contributions": len(contributions),
            "comments": len(comment_rows),
        },
    )


SECTIONS = [
    ("mandate", "Mandate and method"),
    ("members", "Members and meetings"),
    ("issues", "Clusters and issues"),
    ("assessment", "Assessment of existing arrangements"),
    ("recommendations", "Recommendations"),
    ("synopsis", "Consultation synopsis"),
    ("annex-contributions", "Annex I. Contributions received"),
    ("annex-comments", "Annex II. Comments on the drafts and responses"),
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
