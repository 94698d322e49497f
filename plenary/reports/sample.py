"""The sample group's report, built from the sample data when the sample is loaded, and an illustrative
submission record. Built once: loading the sample again changes nothing and records nothing."""

from django.utils import timezone

from .models import BuildStatus, ReportBuild
from .services import report_build_request, report_build_run, submission_record


def load(*, group, actor, stdout=None) -> None:
    if ReportBuild.objects.filter(group=group, status=BuildStatus.DONE).exists():
        return
    build = ReportBuild.objects.filter(group=group).order_by("-number").first()
    if build is None or build.status == BuildStatus.FAILED:
        build = report_build_request(actor=actor, group=group, check_permission=False, enqueue=False)
    build = report_build_run(build_id=build.pk)
    if build.status != BuildStatus.DONE:
        if stdout is not None:
            stdout.write(f"  report build failed: {build.error.splitlines()[-1] if build.error else ''}")
        return
    submission_record(
        actor=actor,
        build=build,
        submitted_to=group.report_to or group.parent_body,
        submitted_on=timezone.localdate(),
        note=(
            "Illustrative: a submission record made by the sample data to show the feature. It is not the "
            "Working Group's submission, and this build contains illustrative text."
        ),
        is_illustrative=True,
        check_permission=False,
    )
