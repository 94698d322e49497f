"""Background work: thin and idempotent, ids in, one service call."""

from django.tasks import task


@task
def attachment_extract_task(*, attachment_id: int) -> str:
    from .services import attachment_extract

    return attachment_extract(attachment_id=attachment_id)


@task
def record_export_task(*, group_id: int) -> int:
    from plenary.groups.models import WorkingGroup

    from .services import record_export_build

    group = WorkingGroup.objects.filter(pk=group_id).first()
    return sum(export.rows for export in record_export_build(group=group)) if group else 0
