"""Background work: thin and idempotent, ids in, one service call."""

from django.tasks import task


@task
def attachment_extract_task(*, attachment_id: int) -> str:
    from .services import attachment_extract

    return attachment_extract(attachment_id=attachment_id)
