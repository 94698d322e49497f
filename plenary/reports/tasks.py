"""Background work: thin and idempotent, ids in, one service call."""

from django.tasks import task


@task
def report_build_task(*, build_id: int) -> str:
    from .services import report_build_run

    return report_build_run(build_id=build_id).status
