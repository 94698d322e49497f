"""Background work: thin and idempotent, ids in, one service call."""

from django.tasks import task


@task
def analysis_run_task(*, run_id: int) -> str:
    from .services import analysis_execute

    return analysis_execute(run_id=run_id).status


@task
def suggestions_batch_task(*, group_id: int) -> int:
    from .services import suggestions_batch

    return suggestions_batch(group_id=group_id)
