import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from plenary.consultations.models import RecordExport
from plenary.consultations.services import record_export_build, record_export_request
from plenary.groups.models import WorkingGroup


class Command(BaseCommand):
    help = "Write each group's public record as bulk CSV and JSON Lines files (with their SHA-256)."

    def add_arguments(self, parser):
        parser.add_argument("groups", nargs="*", metavar="group", help="group slugs (default: every group)")
        parser.add_argument("--if-older-than", type=float, metavar="HOURS", help="only groups whose files are older")
        parser.add_argument("--enqueue", action="store_true", help="queue the work for the task worker")

    def handle(self, *args, groups, if_older_than=None, enqueue=False, **options):
        chosen = WorkingGroup.objects.filter(slug__in=groups) if groups else WorkingGroup.objects.all()
        for group in chosen:
            if if_older_than is not None:
                latest = RecordExport.objects.filter(group=group).order_by("-made_at").first()
                if latest and latest.made_at > timezone.now() - dt.timedelta(hours=if_older_than):
                    continue
            if enqueue:
                record_export_request(group=group)
                self.stdout.write(f"{group.slug}: queued")
                continue
            for export in record_export_build(group=group):
                self.stdout.write(
                    f"{group.slug} {export.format}: {export.rows} rows, {export.size} bytes, {export.sha256}"
                )
