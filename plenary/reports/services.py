"""Writes for the report: queue a build, run it (in a background task), record a submission."""

import datetime as dt
import hashlib
import time
import traceback

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plenary.core.services import event_record, upsert
from plenary.groups.models import WorkingGroup
from plenary.groups.permissions import is_secretariat

from .akn import render_akn
from .models import (
    FORMAT_FILES,
    BuildStatus,
    ReportBuild,
    ReportEdition,
    ReportFile,
    ReportFormat,
    Submission,
    report_filename,
)
from .pipeline import compile_report, illustrative_note, render_html, render_pdf, report_title

STALE_AFTER = dt.timedelta(minutes=15)


def report_build_request(
    *, actor, group: WorkingGroup, language: str = "en", check_permission: bool = True, enqueue: bool = True
) -> ReportBuild:
    """Queue a new build of the report in `language` (one of settings.LANGUAGES); the secretariat may. The build
    runs in a background task after the commit.

    Raises PermissionDenied for anyone else, ValueError for a language the site does not have. Records
    `build_requested`.
    """
    if check_permission and not is_secretariat(actor, group):
        raise PermissionDenied(_("Only the secretariat may build the report."))
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"not a language of the site: {language!r}")
    with transaction.atomic():
        WorkingGroup.objects.select_for_update().filter(pk=group.pk).first()
        number = (ReportBuild.objects.filter(group=group).aggregate(n=Max("number"))["n"] or 0) + 1
        build = ReportBuild.objects.create(
            group=group,
            number=number,
            language=language,
            title=report_title(group, language),
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        event_record(actor=actor, verb="build_requested", target=build)

        def enqueue_build():
            from .tasks import report_build_task

            report_build_task.enqueue(build_id=build.pk)

        if enqueue:
            transaction.on_commit(enqueue_build)
    return build


def _store(build: ReportBuild, fmt: str, content: bytes) -> ReportFile:
    extension = FORMAT_FILES[ReportFormat(fmt)][0]
    record = ReportFile(build=build, format=fmt, size=len(content), sha256=hashlib.sha256(content).hexdigest())
    record.file.save(report_filename(build, extension), ContentFile(content), save=False)
    record.save()
    return record


def report_build_run(*, build_id: int) -> ReportBuild:
    """Compile and render the report for a queued build; idempotent (a finished build is left as it is).

    Called by the task worker (or the sample loader). Stores each file through the default storage with its
    SHA-256. Records `built` (or `build_failed` with the error).
    """
    with transaction.atomic():
        build = ReportBuild.objects.select_for_update().select_related("group").get(pk=build_id)
        if build.status == BuildStatus.DONE:
            return build
        if build.status == BuildStatus.RUNNING and build.started_at > timezone.now() - STALE_AFTER:
            return build  # another worker is on it; one killed mid-build is taken over once its lease runs out
        build.status = BuildStatus.RUNNING
        build.started_at = timezone.now()
        build.save(update_fields=["status", "started_at", "updated_at"])
    timings: dict[str, float] = {}
    files: list[tuple[str, bytes]] = []
    try:
        started = time.perf_counter()
        data = compile_report(group=build.group, language=build.language)
        timings["compile"] = round(time.perf_counter() - started, 3)
        started = time.perf_counter()
        html = render_html(data)
        timings["html"] = round(time.perf_counter() - started, 3)
        started = time.perf_counter()
        pdf, pages = render_pdf(html)
        timings["pdf"] = round(time.perf_counter() - started, 3)
        with translation.override(build.language):  # the report's language, whoever builds it
            started = time.perf_counter()
            from .word import render_docx  # python-docx: only when a report is built

            docx = render_docx(data, note=str(illustrative_note()))
            timings["docx"] = round(time.perf_counter() - started, 3)
            started = time.perf_counter()
            xml = render_akn(data, build_number=build.number)
            timings["akn"] = round(time.perf_counter() - started, 3)
        files = [
            (ReportFormat.HTML, html.encode()),
            (ReportFormat.PDF, pdf),
            (ReportFormat.DOCX, docx),
            (ReportFormat.AKN, xml),
        ]
    except Exception:
        build.status = BuildStatus.FAILED
        build.error = traceback.format_exc()[-4000:]
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at", "updated_at"])
        event_record(actor=None, verb="build_failed", target=build, note=build.error[-500:])
        return build
    with transaction.atomic():
        stored = [_store(build, fmt, content) for fmt, content in files]
        build.status = BuildStatus.DONE
        build.finished_at = timezone.now()
        build.timings = timings
        build.page_count = pages
        build.sources = data.sources
        build.is_illustrative = data.is_illustrative
        build.save()
        event_record(
            actor=None,
            verb="built",
            target=build,
            changes={"sha256": [None, {f.format: f.sha256 for f in stored}]},
        )
    return build


def submission_record(
    *,
    actor,
    build: ReportBuild,
    submitted_to: str,
    submitted_on: dt.date,
    note: str = "",
    is_illustrative: bool = False,
    check_permission: bool = True,
) -> Submission:
    """Record that a finished build went to `submitted_to`. The secretariat may. Records `submitted`."""
    if check_permission and not is_secretariat(actor, build.group):
        raise PermissionDenied(_("Only the secretariat may record a submission."))
    if build.status != BuildStatus.DONE:
        raise PermissionDenied(_("Only a finished build can be submitted."))
    submission = Submission.objects.create(
        group=build.group,
        build=build,
        submitted_to=submitted_to,
        submitted_on=submitted_on,
        note=note,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_illustrative=is_illustrative,
    )
    event_record(
        actor=actor,
        verb="submitted",
        target=submission,
        changes={"build": [None, build.number], "to": [None, submitted_to]},
    )
    return submission


EDITION_FIELDS = ("title", "adopted_on", "adopted_at", "foreword", "executive_summary", "source", "is_illustrative")


def report_edition_save(
    *, actor, group: WorkingGroup, symbol: str, check_permission: bool = True, **values
) -> ReportEdition:
    """Create or update the edition of the report with this document symbol: the front matter the group adopted
    (date and place of adoption, foreword, executive summary). The secretariat may (the back office saves through
    `core.services.record_save` instead); the next build carries it.

    Raises PermissionDenied for anyone else, ValueError for a field that is not the edition's. Records `created`
    or `changed` (from -> to); saving the same values again records nothing.
    """
    if check_permission and not is_secretariat(actor, group):
        raise PermissionDenied(_("Only the secretariat may edit the report's edition."))
    unknown = set(values) - set(EDITION_FIELDS)
    if unknown:
        raise ValueError(f"not a field of the edition: {sorted(unknown)}")
    edition, _created = upsert(
        actor=actor, model=ReportEdition, lookup={"group": group, "symbol": symbol.strip()}, values=values
    )
    return edition
