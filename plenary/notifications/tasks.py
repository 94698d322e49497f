"""Background work: thin and idempotent, one service call."""

from django.tasks import task


@task
def digests_send_task() -> int:
    from .services import digests_send

    return digests_send()
