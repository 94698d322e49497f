import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plenary.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write the database and the uploaded files to one archive (SQLite online backup, or pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="the archive to write (default: var/backups/plenary-TIME.tar.gz)"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output: Path | None, database: str, **options):
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        output = output or Path(settings.VAR_DIR) / "backups" / f"plenary-{stamp}.tar.gz"
        try:
            manifest = backup_create(output=output, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"{output}: {manifest['vendor']} database, {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['files'])} files"
        )
