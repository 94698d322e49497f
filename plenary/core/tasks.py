"""A lease on running tasks: a worker killed mid-task leaves its task RUNNING forever (django-tasks-db issue #46).

`task_lease_reap()` finds tasks RUNNING for longer than the lease and puts them back in the queue (tasks here are
idempotent), or marks them FAILED once they have been started `max_attempts` times. `manage.py reap_tasks` runs it
once or every N seconds beside the worker.
"""

import datetime as dt
import logging

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone

log = logging.getLogger(__name__)

DEFAULT_LEASE = dt.timedelta(minutes=10)
DEFAULT_MAX_ATTEMPTS = 3
LEASE_EXPIRED = "plenary.core.tasks.LeaseExpired"


class LeaseExpired(Exception):
    """The worker that ran this task stopped answering before the task finished."""


def task_lease_reap(
    *, lease: dt.timedelta = DEFAULT_LEASE, max_attempts: int = DEFAULT_MAX_ATTEMPTS, now=None
) -> dict[str, int]:
    """Requeue or fail tasks whose lease ran out. Returns {"requeued": n, "failed": n}."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0}
    with transaction.atomic():
        stale = DBTaskResult.objects.select_for_update().filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - lease
        )
        for result in stale:
            attempts = len(result.worker_ids or [])
            if attempts >= max_attempts:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = LEASE_EXPIRED
                result.traceback = f"The lease of {lease} ran out {attempts} times; the task was given up."
                counts["failed"] += 1
            else:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.run_after = now
                counts["requeued"] += 1
            result.save()
            log.warning("task %s %s after its lease ran out", result.id, result.status)
    return counts
