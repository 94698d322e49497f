"""Public reads of the final report: each build with the SHA-256 and download URL of its files, and where it went.

Builds are compiled from the public record only, and the report page shows them to everyone, so the API lists
what the reports selectors give; a failed build's error (a traceback) is never part of an answer.
"""

from django.http import Http404
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from plenary.reports.models import FORMAT_FILES, ReportBuild, ReportFile, ReportFormat, Submission
from plenary.reports.selectors import build_get, build_list, submission_list

from . import schemas as s
from .common import MappedPage, base_url, public_group

router = Router(tags=["reports"])


def _file_out(record: ReportFile, build: ReportBuild, base: str) -> dict:
    url = reverse(
        "reports:download", kwargs={"group_slug": build.group.slug, "number": build.number, "fmt": record.format}
    )
    return {
        "format": record.format,
        "filename": record.filename,
        "content_type": FORMAT_FILES[ReportFormat(record.format)][1],
        "size": record.size,
        "sha256": record.sha256,
        "download_url": base + url,
    }


def _submission_out(submission: Submission) -> dict:
    return {
        "build": submission.build.number,
        "submitted_to": submission.submitted_to,
        "submitted_on": submission.submitted_on,
        "note": submission.note,
        "illustrative": submission.is_illustrative,
    }


def _build_out(build: ReportBuild, base: str) -> dict:
    edition = (build.sources or {}).get("edition") or {}
    return {
        "number": build.number,
        "title": build.title,
        "symbol": edition.get("symbol", ""),
        "adopted_on": edition.get("adopted_on"),
        "language": build.language,
        "status": build.status,
        "started_at": build.started_at,
        "finished_at": build.finished_at,
        "page_count": build.page_count,
        "illustrative": build.is_illustrative,
        "url": base + build.get_absolute_url(),
        "files": [_file_out(f, build, base) for f in build.files.all()],
        "submissions": [_submission_out(x) for x in build.submissions.all()],
    }


class BuildFilters(Schema):
    status: str | None = None


@router.get(
    "/{slug}/reports",
    response=list[s.ReportBuildOut],
    operation_id="report_build_list",
    summary="Builds of the final report, newest first, with the SHA-256 of each file",
)
@paginate(PageNumberPagination, page_size=50)
def build_index(request, slug: str, filters: Query[BuildFilters]):
    builds = build_list(viewer=None, group=public_group(slug)).select_related("group").prefetch_related("submissions")
    if filters.status:
        builds = builds.filter(status=filters.status)
    base = base_url(request)
    return MappedPage(builds, lambda b: _build_out(b, base))


@router.get(
    "/{slug}/reports/{number}",
    response={200: s.ReportBuildOut, 404: s.ErrorOut},
    operation_id="report_build_get",
    summary="One build of the final report",
)
def build_detail(request, slug: str, number: int):
    build = build_get(viewer=None, group=public_group(slug), number=number)
    if build is None:
        raise Http404
    return _build_out(build, base_url(request))


@router.get(
    "/{slug}/report-submissions",
    response=list[s.SubmissionOut],
    operation_id="report_submission_list",
    summary="Where the report went, and when",
)
@paginate(PageNumberPagination, page_size=50)
def submission_index(request, slug: str):
    submissions = submission_list(viewer=None, group=public_group(slug)).order_by("-submitted_on", "-pk")
    return MappedPage(submissions, _submission_out)
