#!/usr/bin/env python
"""Durability drill: submissions under kills, a task worker killed mid-task, then backup, restore and compare.

    .venv/bin/python scripts/durability_drill.py                    # PostgreSQL, then SQLite
    .venv/bin/python scripts/durability_drill.py --only sqlite --submissions 200

PostgreSQL phase: a PostgreSQL cluster of its own (initdb and pg_ctl from the machine's binaries, on a free port,
in a temporary folder; the machine's own server is never touched), the site served by granian with several
workers, clients sending submissions through the API (30% with a file) while a web worker is SIGKILLed again and
again and PostgreSQL is restarted with `pg_ctl restart -m immediate` (a crash, as the server sees it). Every
submission is retried with its Idempotency-Key until it is acknowledged (201). A baseline share of submissions is
sent without a key, retried the same way, in the same run. Then the task worker extracts the files while it is
SIGKILLed mid-task, beside the reaper that puts a dead worker's task back in the queue.

SQLite phase: the same with eight concurrent writers on one SQLite file.

At the end of each phase: acknowledged contributions missing, duplicates (with and without a key), attachment
rows without their file (or with another file's bytes), tasks not ended, extractions recorded more than once,
and `manage.py backup` then `manage.py restore` into a fresh database and folder, compared with the archive.
"""

import argparse
import hashlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
GRANIAN = str(Path(PYTHON).parent / "granian")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SLOW_MAIL = socket.socket()
SLOW_MAIL.bind(("127.0.0.1", 0))
SLOW_MAIL.listen(4096)  # never accepted, never answered


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# A PostgreSQL cluster of the drill's own -------------------------------------------------------------------------


class Postgres:
    def __init__(self, folder: Path):
        self.bin = Path(os.environ.get("PLENARY_PG_BIN") or self._bindir())
        self.folder = folder / "pg"
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @staticmethod
    def _bindir() -> str:
        found = shutil.which("pg_config")
        if found:
            return subprocess.run([found, "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
        candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if not candidates:
            sys.exit("No PostgreSQL binaries found: set PLENARY_PG_BIN to the folder of initdb and pg_ctl.")
        return str(candidates[-1])

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True)

    def start(self) -> None:
        self.folder.mkdir(parents=True)
        if self.as_user:
            shutil.chown(self.folder, "postgres")
            os.chmod(self.folder.parent, 0o755)  # noqa: S103 (the cluster's user must reach its folder)
        self._run(
            str(self.bin / "initdb"), "-D", str(self.folder / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        self._pg_ctl("start", "-w", "-l", str(self.folder / "log"))
        log(f"PostgreSQL of the drill on port {self.port} ({self.folder})")

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._run(str(self.bin / "pg_ctl"), action, "-D", str(self.folder / "data"), "-o", options, *extra)

    def restart_as_after_a_crash(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "stop", "-D", str(self.folder / "data"), "-m", "immediate")
        self._pg_ctl("start", "-w", "-l", str(self.folder / "log"))

    def create(self, name: str) -> str:
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "stop", "-D", str(self.folder / "data"), "-m", "fast"],
            capture_output=True,
        )


# The site ---------------------------------------------------------------------------------------------------------


@dataclass
class Site:
    folder: Path
    database_url: str
    env: dict = field(default_factory=dict)

    def __post_init__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PLENARY_", "DATABASE_"))},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "PLENARY_VAR_DIR": str(self.folder),
            "PLENARY_MEDIA_ROOT": str(self.folder / "media"),
            "PLENARY_SSL_REDIRECT": "false",
            # A mail server that takes the connection and never answers: each receipt waits a second and fails
            # (and is logged), after the submission is committed and before it is answered, as a slow mail
            # server makes it; a kill in that second is the case a retry must not turn into a duplicate.
            "PLENARY_EMAIL_URL": f"smtp://127.0.0.1:{SLOW_MAIL.getsockname()[1]}",
            "PLENARY_EMAIL_TIMEOUT": "1",
            "PLENARY_PUBLIC_RATE": "1000000/h",
            "PLENARY_ANALYSIS_AUTOMATIC": "false",
            "PLENARY_LOG_LEVEL": "CRITICAL",
        }

    def manage(self, *args: str, capture: bool = True) -> str:
        completed = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=capture, text=True, timeout=900
        )
        if completed.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}")
        return completed.stdout

    def python(self, code: str) -> dict:
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    def prepare(self) -> None:
        self.manage("migrate", "--no-input", "-v0")
        self.python(SETUP)


SETUP = """
import datetime as dt, json
from django.utils import timezone
from plenary.consultations.services import call_save
from plenary.groups.models import WorkingGroup
group, _ = WorkingGroup.objects.get_or_create(slug="drill", defaults=dict(
    name="Drill group", acronym="DRILL", reference_prefix="DRILL", mandate="Drill.", established_by="the drill",
    established_on=dt.date(2026, 1, 1), parent_body="The drill"))
now = timezone.now()
call_save(actor=None, group=group, slug="open", title="Drill call", instructions="Send.",
          opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30),
          kinds=["paper", "comment", "contribution"], max_attachments=5)
print(json.dumps({"ok": True}))
"""


class WebServer:
    def __init__(self, site: Site, workers: int):
        self.site, self.workers, self.port = site, workers, free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [
            GRANIAN,
            "--interface",
            "wsgi",
            "config.wsgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--respawn-failed-workers",
            "--respawn-interval",
            "0.5",
            "--log-level",
            "info",
        ]
        self.log = (self.site.folder / "granian.log").open("ab")
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.site.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"granian stopped (exit {self.process.returncode}); see {self.log.name}")
            try:
                requests.get(f"{self.url}/api/v1/groups/drill", timeout=5)
                return
            except requests.RequestException:
                time.sleep(0.3)
        raise RuntimeError("granian did not start")

    def kill_a_worker(self) -> bool:
        children = psutil.Process(self.process.pid).children()
        if not children:
            return False
        random.choice(children).send_signal(signal.SIGKILL)
        return True

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


# Clients ----------------------------------------------------------------------------------------------------------


def tiny_pdf(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        "/Resources << /Font << /F1 3 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@dataclass
class Submission:
    number: int
    keyed: bool
    with_file: bool
    title: str = ""
    key: str = ""
    file_sha256: str = ""
    reference: str = ""
    attempts: int = 0
    error: str = ""


class Load:
    """Clients that send every submission until it is acknowledged, and count what came back."""

    def __init__(self, url: str, submissions: list[Submission], clients: int, run: str):
        self.url, self.queue, self.clients, self.run = url, list(submissions), clients, run
        self.lock = threading.Lock()
        self.acknowledged = 0
        self.failed_attempts = 0
        self.replayed = 0

    def _send(self, item: Submission, session: requests.Session) -> None:
        files = None
        if item.with_file:
            content = (
                tiny_pdf(f"Drill {self.run} file {item.number}")
                if item.number % 2
                else f"Notes {item.number}\n".encode()
            )
            item.file_sha256 = hashlib.sha256(content).hexdigest()
            files = {"files": (f"drill-{item.number}.{'pdf' if item.number % 2 else 'txt'}", content)}
        data = {
            "submitter_name": "A drill participant",
            "submitter_email": f"drill{item.number}@example.org",
            "kind": "contribution",
            "title": item.title,
            "text": f"Text of submission {item.number}.",
        }
        headers = {"Idempotency-Key": item.key} if item.keyed else {}
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            item.attempts += 1
            try:
                response = session.post(
                    f"{self.url}/api/v1/groups/drill/calls/open/contributions",
                    data=data,
                    files=files,
                    headers=headers,
                    timeout=30,
                )
            except requests.RequestException as error:
                item.error = type(error).__name__
            else:
                if response.status_code == 201:
                    item.reference = response.json()["reference"]
                    with self.lock:
                        self.acknowledged += 1
                        self.replayed += response.headers.get("Idempotent-Replayed") == "true"
                    return
                item.error = f"HTTP {response.status_code}"
            with self.lock:
                self.failed_attempts += 1
            time.sleep(0.3)

    def _client(self) -> None:
        session = requests.Session()
        while True:
            with self.lock:
                if not self.queue:
                    return
                item = self.queue.pop(0)
            self._send(item, session)

    def run_with(self, disturbances) -> float:
        started = time.monotonic()
        self.threads = [threading.Thread(target=self._client) for _ in range(self.clients)]
        for thread in self.threads:
            thread.start()
        disturbances(self)
        for thread in self.threads:
            thread.join()
        return time.monotonic() - started


def make_submissions(count: int, baseline: int, attachments: float, run: str) -> list[Submission]:
    rng = random.Random(run)
    items = []
    for number in range(count + baseline):
        keyed = number < count
        item = Submission(number=number, keyed=keyed, with_file=rng.random() < attachments)
        item.title = f"Drill {run} {'K' if keyed else 'U'}{number:05d}"
        item.key = f"drill-{run}-{number:05d}-{secrets.token_hex(8)}"
        items.append(item)
    rng.shuffle(items)
    return items


# Checks -----------------------------------------------------------------------------------------------------------

CHECK = """
import hashlib, json
from collections import Counter
from django.db.models import Count
from plenary.consultations.models import Attachment, Contribution
from plenary.core.models import Event
rows = list(Contribution.objects.filter(call__slug="open").values_list("title", "reference"))
attachments, missing_files = 0, 0
for a in Attachment.objects.all():
    attachments += 1
    try:
        with a.file.open("rb") as handle:
            ok = hashlib.sha256(handle.read()).hexdigest() == a.sha256
    except (FileNotFoundError, OSError):
        ok = False
    missing_files += not ok
stored = {a.file.name for a in Attachment.objects.all()}
from django.conf import settings
from pathlib import Path
media = Path(settings.MEDIA_ROOT)
on_disk = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
orphans = sum(1 for p in on_disk if p.relative_to(media).as_posix() not in stored)
extracted = Counter(Event.objects.filter(verb="extracted").values_list("target_id", flat=True))
per_contribution = dict(Attachment.objects.values_list("contribution_id").annotate(n=Count("id")))
twice = sum(1 for cid, n in per_contribution.items() if extracted.get(str(cid), 0) > n)
pending = Attachment.objects.filter(extraction_status="pending").count()
print(json.dumps({"rows": rows, "attachments": attachments, "missing_files": missing_files, "orphans": orphans,
                  "extracted_twice": twice, "pending": pending}))
"""

TASKS = """
import json
from collections import Counter
from django_tasks_db.models import DBTaskResult
print(json.dumps(dict(Counter(DBTaskResult.objects.values_list("status", flat=True)))))
"""


def check_submissions(site: Site, items: list[Submission]) -> dict:
    found = site.python(CHECK)
    by_title: dict[str, list[str]] = {}
    for title, reference in found["rows"]:
        by_title.setdefault(title, []).append(reference)
    keyed = [i for i in items if i.keyed]
    unkeyed = [i for i in items if not i.keyed]
    missing = sum(1 for i in items if i.reference and i.reference not in by_title.get(i.title, []))
    return {
        "keyed sent": len(keyed),
        "keyed acknowledged": sum(1 for i in keyed if i.reference),
        "acknowledged missing": missing,
        "keyed duplicates": sum(len(by_title.get(i.title, [])) - 1 for i in keyed if by_title.get(i.title)),
        "baseline (no key) sent": len(unkeyed),
        "baseline duplicates": sum(len(by_title.get(i.title, [])) - 1 for i in unkeyed if by_title.get(i.title)),
        "attachments": found["attachments"],
        "rows without their file": found["missing_files"],
        "files without a row": found["orphans"],
        "retries": sum(i.attempts - 1 for i in items),
    }


# Phases -----------------------------------------------------------------------------------------------------------


def submissions_under_kills(site: Site, args, *, clients: int, kills: int, restart, restarts: int, run: str) -> dict:
    items = make_submissions(args.submissions, args.baseline, args.attachments, run)
    server = WebServer(site, args.web_workers)
    server.start()
    load = Load(server.url, items, clients, run)
    done = {"kills": 0, "restarts": 0, "server restarts": 0}

    def disturb(load: Load) -> None:
        total = len(items)
        kill_every = total / (kills + 1)
        restart_at = [total * (k + 1) / (restarts + 1) for k in range(restarts)]
        next_kill = kill_every
        while any(thread.is_alive() for thread in load.threads):
            if server.process.poll() is not None:  # what a process supervisor does
                done["server restarts"] += 1
                server.start()
            if done["kills"] < kills and load.acknowledged >= next_kill and server.kill_a_worker():
                done["kills"] += 1
                next_kill += kill_every
            if restart_at and load.acknowledged >= restart_at[0]:
                restart_at.pop(0)
                restart()
                done["restarts"] += 1
            time.sleep(0.02)

    seconds = load.run_with(disturb)
    server.stop()
    figures = check_submissions(site, items)
    figures.update(
        {
            "web workers SIGKILLed": done["kills"],
            "database restarts": done["restarts"],
            "granian itself restarted": done["server restarts"],
            "seconds": round(seconds, 1),
            "acknowledged as replays": load.replayed,
        }
    )
    return figures


def tasks_under_kills(site: Site, args, table_rows) -> dict:
    """The task worker extracts the files of the submissions while it is SIGKILLed mid-task."""
    reaper = subprocess.Popen(
        [PYTHON, "manage.py", "reap_tasks", "--lease", str(args.lease), "--every", "1"],
        cwd=ROOT,
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kills, started = 0, time.monotonic()
    worker = None
    try:
        while True:
            counts = table_rows()
            if counts.get("READY", 0) + counts.get("RUNNING", 0) == 0:
                break
            if worker is None or worker.poll() is not None:
                worker = subprocess.Popen(
                    [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
                    cwd=ROOT,
                    env=site.env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            if kills < args.task_kills and counts.get("RUNNING", 0) and time.monotonic() - started > 2 * kills:
                worker.send_signal(signal.SIGKILL)
                worker.wait()
                kills += 1
            time.sleep(0.05)
            if time.monotonic() - started > 1800:
                break
    finally:
        for process in (worker, reaper):
            if process and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
    found = site.python(CHECK)
    counts = site.python(TASKS)
    return {
        "task worker SIGKILLed mid-task": kills,
        "tasks": counts,
        "tasks not ended": counts.get("READY", 0) + counts.get("RUNNING", 0),
        "attachments still pending": found["pending"],
        "extractions recorded more than once": found["extracted_twice"],
        "seconds": round(time.monotonic() - started, 1),
    }


def backup_and_restore(site: Site, fresh_url: str, folder: Path) -> dict:
    archive = folder / "drill-backup.tar.gz"
    started = time.monotonic()
    backed = site.manage("backup", "--output", str(archive)).strip()
    restored = site.manage(
        "restore", str(archive), "--database-url", fresh_url, "--media-root", str(folder / "restored-media")
    )
    return {
        "backup": backed.split(": ", 1)[-1],
        "restore": " / ".join(line for line in restored.strip().splitlines()),
        "archive MB": round(archive.stat().st_size / 1e6, 1),
        "seconds": round(time.monotonic() - started, 1),
    }


def task_counts_sql(connect):
    def read() -> dict:
        try:
            with connect() as db:
                rows = db.execute(
                    "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
                ).fetchall()
            return dict(rows)
        except Exception:  # the database restarting: ask again
            return {"READY": 1}

    return read


def postgres_phase(args, folder: Path) -> dict:
    import psycopg

    cluster = Postgres(folder)
    cluster.start()
    try:
        url = cluster.create("drill")
        site = Site(folder / "pg-site", url)
        site.prepare()
        figures = {
            "submissions": submissions_under_kills(
                site,
                args,
                clients=args.clients,
                kills=args.web_kills,
                restart=cluster.restart_as_after_a_crash,
                restarts=args.pg_restarts,
                run="pg",
            )
        }
        connect = lambda: psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname=drill")  # noqa: E731
        figures["tasks"] = tasks_under_kills(site, args, task_counts_sql(connect))
        figures["backup"] = backup_and_restore(site, cluster.create("drill_restored"), folder / "pg-site")
        return figures
    finally:
        cluster.stop()


def sqlite_phase(args, folder: Path) -> dict:
    import sqlite3

    path = folder / "sqlite-site" / "drill.sqlite3"
    site = Site(path.parent, f"sqlite:///{path}")
    site.prepare()
    figures = {
        "submissions": submissions_under_kills(
            site,
            args,
            clients=args.sqlite_writers,
            kills=args.web_kills,
            restart=lambda: None,
            restarts=0,
            run="sqlite",
        )
    }

    def read() -> dict:
        with sqlite3.connect(path, timeout=30) as db:
            return dict(db.execute("SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"))

    figures["tasks"] = tasks_under_kills(site, args, read)
    figures["backup"] = backup_and_restore(site, f"sqlite:///{folder / 'sqlite-restored.sqlite3'}", path.parent)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["postgres", "sqlite"])
    parser.add_argument("--submissions", type=int, default=1000, help="submissions with an Idempotency-Key")
    parser.add_argument("--baseline", type=int, default=200, help="submissions without a key, in the same run")
    parser.add_argument("--attachments", type=float, default=0.3, help="share of submissions with a file")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients on PostgreSQL")
    parser.add_argument("--sqlite-writers", type=int, default=8)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--web-kills", type=int, default=30)
    parser.add_argument("--pg-restarts", type=int, default=3)
    parser.add_argument("--task-kills", type=int, default=20)
    parser.add_argument("--lease", type=int, default=15, help="seconds before the reaper requeues a dead worker's task")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="plenary-drill-"))
    results = {}
    try:
        if args.only in (None, "postgres"):
            log("PostgreSQL phase")
            results["PostgreSQL"] = postgres_phase(args, folder)
            print(json.dumps(results["PostgreSQL"], indent=1), flush=True)
        if args.only in (None, "sqlite"):
            log("SQLite phase")
            results["SQLite"] = sqlite_phase(args, folder)
            print(json.dumps(results["SQLite"], indent=1), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print("\nFigures")
    bad = 0
    for phase, figures in results.items():
        s, t, b = figures["submissions"], figures["tasks"], figures["backup"]
        print(
            f"{phase}: {s['keyed acknowledged']}/{s['keyed sent']} keyed submissions acknowledged "
            f"({s['attachments']} files) under {s['web workers SIGKILLed']} web-worker kills and "
            f"{s['database restarts']} database restarts, {s['retries']} retries, in {s['seconds']} s; "
            f"missing {s['acknowledged missing']}, duplicates {s['keyed duplicates']} "
            f"(baseline without a key: {s['baseline duplicates']} duplicates of {s['baseline (no key) sent']}), "
            f"rows without their file {s['rows without their file']}, files without a row {s['files without a row']}"
        )
        print(
            f"  tasks: {t['task worker SIGKILLed mid-task']} kills mid-task, {t['tasks']}; not ended "
            f"{t['tasks not ended']}, extractions recorded twice {t['extractions recorded more than once']}, "
            f"attachments pending {t['attachments still pending']}, {t['seconds']} s"
        )
        print(f"  backup: {b['backup']}; restore: {b['restore']} ({b['archive MB']} MB, {b['seconds']} s)")
        bad += s["acknowledged missing"] + s["keyed duplicates"] + s["rows without their file"]
        bad += t["tasks not ended"] + t["extractions recorded more than once"]
        bad += "identical" not in b["restore"]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
