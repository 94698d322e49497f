from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plenary.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive of `backup` into a fresh database and media folder, then compare what was restored "
        "with the archive's manifest (exit status 1 when they differ)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database-url", help="restore into this database instead of the site's own")
        parser.add_argument("--media-root", type=Path, help="restore the files here instead of PLENARY_MEDIA_ROOT")
        parser.add_argument("--database", default="default")
        parser.add_argument("--force", action="store_true", help="replace a database or files that exist already")

    def handle(self, *args, archive: Path, database_url, media_root, database: str, force: bool, **options):
        try:
            report = backup_restore(
                archive=archive, database_url=database_url, media_root=media_root, alias=database, force=force
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {report.tables} tables, {report.rows} rows, {report.files} files")
        for difference in report.differences:
            self.stderr.write(difference)
        if not report.identical:
            raise CommandError(f"{len(report.differences)} differences between the archive and what was restored")
        self.stdout.write("identical to the archive")
