"""`manage.py backup` and `manage.py restore`: the drill restores into a fresh database and compares."""

import io
import json
import sqlite3
import tarfile
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from plenary.consultations.tests.factories import make_call, pdf_bytes, submit, upload
from plenary.core.backup import backup_create, backup_restore


@pytest.fixture
def site(group, users):
    call = make_call(group)
    contribution, _token = submit(call, title="Kept in the backup", files=[upload("a.pdf", pdf_bytes("Backed up"))])
    return contribution


@pytest.fixture
def fresh_database(tmp_path):
    """A URL of an empty database: a new SQLite file, or a new PostgreSQL database beside the test one."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings = connection.settings_dict
    yield f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database_is_identical(site, settings, tmp_path, fresh_database):
    archive = tmp_path / "site.tar.gz"
    out = io.StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert "1 files" in out.getvalue()
    restored_media = tmp_path / "restored-media"
    out = io.StringIO()
    call_command(
        "restore", str(archive), "--database-url", fresh_database, "--media-root", str(restored_media), stdout=out
    )
    assert "identical to the archive" in out.getvalue()
    stored = site.attachments.get().file.name
    assert (restored_media / stored).read_bytes() == (settings.MEDIA_ROOT / stored).read_bytes()
    if connection.vendor == "sqlite":
        restored = sqlite3.connect(fresh_database.removeprefix("sqlite:///"))
        titles = [row[0] for row in restored.execute("SELECT title FROM consultations_contribution")]
        assert titles == ["Kept in the backup"]
        # The restored database refuses a second restore on top of it.
        with pytest.raises(CommandError, match="fresh database"):
            call_command("restore", str(archive), "--database-url", fresh_database, "--media-root", str(restored_media))


def _tampered(archive, tmp_path):
    """The same archive with one byte of the uploaded file changed, as a damaged disk would."""
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name.startswith("media/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    return tampered


@pytest.mark.django_db(transaction=True)
def test_the_comparison_finds_a_damaged_file(site, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL drill is the test above")
    archive = tmp_path / "site.tar.gz"
    manifest = backup_create(output=archive)
    assert manifest["tables"]["consultations_contribution"]["rows"] == 1
    report = backup_restore(
        archive=_tampered(archive, tmp_path),
        database_url=f"sqlite:///{tmp_path / 'r.sqlite3'}",
        media_root=tmp_path / "m",
    )
    assert not report.identical
    assert any(line.startswith("file contributions/") for line in report.differences)
    with tarfile.open(archive) as source:
        assert json.loads(source.extractfile("manifest.json").read())["vendor"] == "sqlite"
