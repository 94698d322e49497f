import datetime as dt
import time

from django.core.management.base import BaseCommand

from plenary.core.tasks import DEFAULT_MAX_ATTEMPTS, task_lease_reap


class Command(BaseCommand):
    help = "Requeue (or fail) tasks left RUNNING by a worker that died. Once, or every --every seconds."

    def add_arguments(self, parser):
        parser.add_argument("--lease", type=int, default=600, help="Seconds a task may run before it is reaped.")
        parser.add_argument("--max-attempts", type=int, default=DEFAULT_MAX_ATTEMPTS)
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds (0: run once).")

    def handle(self, *args, lease: int, max_attempts: int, every: int, **options):
        while True:
            counts = task_lease_reap(lease=dt.timedelta(seconds=lease), max_attempts=max_attempts)
            if counts["requeued"] or counts["failed"] or not every:
                self.stdout.write(f"requeued {counts['requeued']}, failed {counts['failed']}")
            if not every:
                return
            time.sleep(every)
