"""Background work: thin and idempotent, ids in, one service call."""

from django.tasks import task


@task
def analysis_run_task(*, run_id: int) -> str:
    from .services import analysis_execute

    return analysis_execute(run_id=run_id).status


@task
def suggestions_task(*, contribution_id: int) -> int:
    from .services import suggestions_compute

    return len(suggestions_compute(contribution_id=contribution_id))
