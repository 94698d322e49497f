from django.core.management.base import BaseCommand

from plenary.notifications.services import digests_send


class Command(BaseCommand):
    help = "Send every due digest to the people who follow things (make run does it every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue the work for the task worker")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from django.db import transaction

            from plenary.notifications.tasks import digests_send_task

            transaction.on_commit(digests_send_task.enqueue)
            return
        self.stdout.write(f"{digests_send()} digests sent.")
