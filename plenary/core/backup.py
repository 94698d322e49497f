"""Backup and restore of a whole site: its database and its uploaded files, in one archive that says what it holds.

An archive (`.tar.gz`) holds:

- `database.sqlite3`, a copy made with SQLite's online backup API (consistent while the site runs), or
  `database.dump`, PostgreSQL's custom format from `pg_dump`, taken in an exported snapshot;
- `media/...`, every uploaded file, copied after the database (a row never points at a file the archive lacks;
  a file uploaded meanwhile is an unused extra);
- `manifest.json`: for every table its number of rows and a digest of its rows, for every PostgreSQL sequence its
  last value, for every file its SHA-256, all read in the same snapshot as the copy.

`restore` writes the copy into a database (a fresh one unless forced) and the files into a media folder, then
reads both back and compares them with the manifest. `manage.py backup` and `manage.py restore` call these.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.db import connections

FORMAT = 1
SQLITE_COPY = "database.sqlite3"
POSTGRES_COPY = "database.dump"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# What a database holds ----------------------------------------------------------------------------------------------


def _canonical(value) -> str:
    """A value as text that does not depend on the connection it was read through (its time zone, its types)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, memoryview):
        return repr(bytes(value))
    return repr(value)


def _table_digest(cursor, table: str) -> dict:
    """Rows and a digest of them that does not depend on their order (a digest per row, sorted, then hashed)."""
    cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the database's own catalogue)
    digests = sorted(
        hashlib.sha256("\x1f".join(_canonical(value) for value in row).encode()).digest() for row in cursor.fetchall()
    )
    return {"rows": len(digests), "sha256": hashlib.sha256(b"".join(digests)).hexdigest()}


def sqlite_contents(db: sqlite3.Connection) -> dict:
    cursor = db.cursor()
    tables = [
        name
        for (name,) in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
        if not name.startswith("sqlite_stat")
    ]
    return {"tables": {table: _table_digest(cursor, table) for table in tables}, "sequences": {}}


def postgres_contents(cursor) -> dict:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [name for (name,) in cursor.fetchall()]
    cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
    sequences = dict(cursor.fetchall())
    return {"tables": {table: _table_digest(cursor, table) for table in tables}, "sequences": sequences}


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_contents(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): _file_digest(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


# PostgreSQL ------------------------------------------------------------------------------------------------------


def _pg_binary(name: str) -> str:
    folder = os.environ.get("PLENARY_PG_BIN", "")
    found = shutil.which(name, path=folder or None)
    if not found:
        raise BackupError(f"{name} was not found; install PostgreSQL's client tools or set PLENARY_PG_BIN.")
    return found


def _pg_environment(database: dict) -> dict:
    environment = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def _pg_connect(database: dict):
    """A plain psycopg connection (the same types whichever side reads: the backup and the restore compare)."""
    import psycopg

    params = {key.lower(): database[key] for key in ("HOST", "PORT", "USER", "PASSWORD") if database.get(key)}
    options = {
        k: v for k, v in (database.get("OPTIONS") or {}).items() if k in {"sslmode", "sslrootcert", "sslcert", "sslkey"}
    }
    connection = psycopg.connect(dbname=database["NAME"], **params, **options)
    connection.execute("SET TIME ZONE 'UTC'")
    connection.commit()
    return connection


def _pg_dump_in_snapshot(database: dict, output: Path) -> dict:
    """Dump the database and read its contents in one exported snapshot, so that both describe the same moment."""
    with _pg_connect(database) as db, db.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        command = [
            _pg_binary("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={output}",
            database["NAME"],
        ]
        completed = subprocess.run(command, env=_pg_environment(database), capture_output=True, text=True)  # noqa: S603
        if completed.returncode != 0:
            raise BackupError(f"pg_dump failed: {completed.stderr.strip()}")
        contents = postgres_contents(cursor)
        db.rollback()
    return contents


# Backup ------------------------------------------------------------------------------------------------------------


def backup_create(*, output: Path, alias: str = "default", media_root: Path | None = None) -> dict:
    """Write an archive of the database `alias` and the uploaded files to `output`; returns its manifest."""
    connection = connections[alias]
    if connection.in_atomic_block:
        # SQLite's backup would wait forever on this connection's own open transaction.
        raise BackupError("a backup reads committed data: run it outside a transaction")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent) as tmp:
        folder = Path(tmp)
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            copy = sqlite3.connect(folder / SQLITE_COPY)
            with copy:
                connection.connection.backup(copy)  # SQLite's online backup API: consistent while others write
            contents = sqlite_contents(copy)
            copy.close()
            database_file = SQLITE_COPY
        elif connection.vendor == "postgresql":
            contents = _pg_dump_in_snapshot(connection.settings_dict, folder / POSTGRES_COPY)
            database_file = POSTGRES_COPY
        else:
            raise BackupError(f"backups of {connection.vendor} databases are not supported")
        files = media_contents(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "vendor": connection.vendor,
            "database": database_file,
            **contents,
            "files": files,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True, default=str))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder / MANIFEST, arcname=MANIFEST)
            archive.add(folder / database_file, arcname=database_file)
            for name in files:
                archive.add(media_root / name, arcname=f"media/{name}")
        partial.replace(output)  # a half-written archive never has the final name
    return json.loads(json.dumps(manifest, default=str))


# Restore -----------------------------------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.differences


def _target_from(url: str | None, alias: str) -> dict:
    if not url:
        database = connections[alias].settings_dict
        vendor = (
            "sqlite" if "sqlite" in database["ENGINE"] else "postgresql" if "postgresql" in database["ENGINE"] else ""
        )
        return {"vendor": vendor, **database}
    parts = urlparse(url)
    if parts.scheme == "sqlite":
        return {"vendor": "sqlite", "NAME": unquote(parts.path[1:] if parts.path.startswith("//") else parts.path)}
    if parts.scheme in {"postgres", "postgresql"}:
        return {
            "vendor": "postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "HOST": parts.hostname or "",
            "PORT": parts.port or "",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
        }
    raise BackupError(f"cannot restore into {parts.scheme}: give a sqlite:/// or postgres:// URL")


def _compare(expected: dict, found: dict, label: str, report: RestoreReport) -> None:
    for name in sorted(set(expected) | set(found)):
        if expected.get(name) != found.get(name):
            report.differences.append(
                f"{label} {name}: {expected.get(name)} in the archive, {found.get(name)} restored"
            )


def _restore_sqlite(copy: Path, target: dict, force: bool) -> dict:
    path = Path(target["NAME"])
    if path.exists() and path.stat().st_size > 0 and not force:
        raise BackupError(f"{path} exists: restore into a fresh database, or pass --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    source, destination = sqlite3.connect(copy), sqlite3.connect(partial)
    with destination:
        source.backup(destination)
    source.close()
    destination.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    partial.replace(path)
    restored = sqlite3.connect(path)
    try:
        return sqlite_contents(restored)
    finally:
        restored.close()


def _restore_postgres(dump: Path, target: dict, force: bool) -> dict:
    with _pg_connect(target) as db, db.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        if cursor.fetchone()[0] and not force:
            raise BackupError(f"database {target['NAME']} holds tables: restore into a fresh one, or pass --force")
    command = [
        _pg_binary("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        f"--dbname={target['NAME']}",
    ]
    if force:
        command += ["--clean", "--if-exists"]
    completed = subprocess.run([*command, str(dump)], env=_pg_environment(target), capture_output=True, text=True)  # noqa: S603
    if completed.returncode != 0:
        raise BackupError(f"pg_restore failed: {completed.stderr.strip()}")
    with _pg_connect(target) as db, db.cursor() as cursor:
        return postgres_contents(cursor)


def backup_restore(
    *,
    archive: Path,
    database_url: str | None = None,
    media_root: Path | None = None,
    alias: str = "default",
    force: bool = False,
) -> RestoreReport:
    """Restore an archive into a database (the site's own, or `database_url`) and a media folder, then compare
    what was restored with the manifest. Raises BackupError before writing anything it would overwrite."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    target = _target_from(database_url, alias)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with tarfile.open(archive, "r:gz") as source:
            source.extractall(folder, filter="data")  # no absolute paths, no "..", no links out of the folder
        manifest = json.loads((folder / MANIFEST).read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"this archive has format {manifest.get('format')}; this version reads {FORMAT}")
        if manifest["vendor"] != target["vendor"]:
            raise BackupError(f"the archive holds a {manifest['vendor']} database; the target is {target['vendor']}")
        clashes = [
            name
            for name, digest in manifest["files"].items()
            if (media_root / name).exists() and _file_digest(media_root / name) != digest
        ]
        if clashes and not force:
            raise BackupError(f"{len(clashes)} files in {media_root} differ from the archive's; pass --force")
        copy = folder / manifest["database"]
        if manifest["vendor"] == "sqlite":
            contents = _restore_sqlite(copy, target, force)
        else:
            contents = _restore_postgres(copy, target, force)
        for name in manifest["files"]:
            destination = media_root / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / "media" / name, destination)
    report = RestoreReport(
        tables=len(contents["tables"]),
        rows=sum(t["rows"] for t in contents["tables"].values()),
        files=len(manifest["files"]),
    )
    _compare(manifest["tables"], contents["tables"], "table", report)
    _compare(
        {k: str(v) for k, v in manifest["sequences"].items()},
        {k: str(v) for k, v in contents["sequences"].items()},
        "sequence",
        report,
    )
    restored_files = {name: _file_digest(media_root / name) for name in manifest["files"]}
    _compare(manifest["files"], restored_files, "file", report)
    return report
