"""Extraction through the real database queue and a real worker, and the lease that recovers a dead worker's task."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone

from plenary.consultations.models import Attachment
from plenary.consultations.tests.factories import make_call, pdf_bytes, submit, upload
from plenary.core.tasks import LEASE_EXPIRED, task_lease_reap

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_queue(settings, transactional_db):
    settings.TASKS = DB_TASKS
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_the_worker_extracts_the_text(db_queue, group):
    from django_tasks_db.models import DBTaskResult

    call = make_call(group)
    submit(call, files=[upload("p.pdf", pdf_bytes("Worker wombat text"))], notify=False)  # the extraction task only
    attachment = Attachment.objects.get()
    assert attachment.extraction_status == "pending"
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    _run_worker()
    attachment.refresh_from_db()
    assert attachment.extraction_status == "done"
    assert "Worker wombat text" in attachment.text
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_task_left_running_by_a_dead_worker_is_requeued_then_run(db_queue, group):
    from django_tasks_db.models import DBTaskResult

    call = make_call(group)
    submit(call, files=[upload("p.pdf", pdf_bytes("Lease text"))], notify=False)  # the extraction task only
    # A worker claimed the task and was killed: the row says RUNNING forever.
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1), worker_ids=["dead"]
    )
    _run_worker()
    assert Attachment.objects.get().extraction_status == "pending"  # the worker does not touch it
    assert task_lease_reap(lease=dt.timedelta(minutes=10)) == {"requeued": 1, "failed": 0}
    _run_worker()
    assert Attachment.objects.get().extraction_status == "done"


def test_a_task_that_keeps_killing_workers_is_given_up(db_queue, group):
    from django_tasks_db.models import DBTaskResult

    call = make_call(group)
    submit(call, files=[upload("p.pdf", pdf_bytes("x"))], notify=False)  # the extraction task only
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1), worker_ids=["a", "b", "c"]
    )
    assert task_lease_reap(max_attempts=3) == {"requeued": 0, "failed": 1}
    result = DBTaskResult.objects.get()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == LEASE_EXPIRED
    call_command("reap_tasks", verbosity=0)  # the command runs the same, once


def test_a_task_within_its_lease_is_left_alone(db_queue, group):
    from django_tasks_db.models import DBTaskResult

    call = make_call(group)
    submit(call, files=[upload("p.pdf", pdf_bytes("x"))], notify=False)  # the extraction task only
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["alive"])
    assert task_lease_reap() == {"requeued": 0, "failed": 0}
