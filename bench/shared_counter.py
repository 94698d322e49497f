"""How many rate-limit hits survive when several processes count at once: Django's database cache (the baseline)
against `plenary.core.cache.AtomicDatabaseCache`, on a SQLite file and (with --postgres URL) on PostgreSQL.

    .venv/bin/python bench/shared_counter.py --processes 8 --rounds 200 [--postgres postgres://.../db]

Each process counts as django-ratelimit does (`cache.add(key, 1)` or else `cache.incr(key)`); the figure is the
number of increments lost, and the time taken.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent(
    """
    import json, sys, django
    sys.path.insert(0, sys.argv[4])
    from django.conf import settings
    backend, database, rounds = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
    settings.configure(
        DATABASES={"default": database}, USE_TZ=True, INSTALLED_APPS=[],
        CACHES={"default": {"BACKEND": backend, "LOCATION": "plenary_cache_bench"}},
    )
    django.setup()
    from django.core.cache import cache
    if rounds < 0:
        from django.core.management import call_command
        call_command("createcachetable", verbosity=0)
        cache.clear()
    else:
        for _ in range(rounds):
            if not cache.add("hits", 1, 600):
                cache.incr("hits")
        print(cache.get("hits"))
    """
)


def _run(backend: str, database: dict, processes: int, rounds: int) -> tuple[int, float]:
    def child(n: int) -> subprocess.Popen:
        command = [sys.executable, "-c", CHILD, backend, json.dumps(database), str(n), str(ROOT)]
        return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)

    assert child(-1).wait() == 0
    started = time.monotonic()
    children = [child(rounds) for _ in range(processes)]
    seen = [int(c.communicate()[0].strip().splitlines()[-1]) for c in children]
    return processes * rounds - max(seen), time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--postgres", help="a PostgreSQL URL of a database this script may write a table into")
    args = parser.parse_args()
    databases = {}
    with tempfile.TemporaryDirectory() as tmp:
        databases["SQLite (WAL)"] = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(tmp) / "bench.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
        if args.postgres:
            url = urlparse(args.postgres)
            databases["PostgreSQL"] = {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": url.path.lstrip("/"),
                "USER": url.username or "",
                "PASSWORD": url.password or "",
                "HOST": url.hostname or "",
                "PORT": url.port or 5432,
            }
        total = args.processes * args.rounds
        print(f"{args.processes} processes x {args.rounds} increments = {total} hits")
        for name, database in databases.items():
            lost_plain, t_plain = _run(
                "django.core.cache.backends.db.DatabaseCache", database, args.processes, args.rounds
            )
            lost_atomic, t_atomic = _run(
                "plenary.core.cache.AtomicDatabaseCache", database, args.processes, args.rounds
            )
            print(
                f"{name}: DatabaseCache (baseline) lost {lost_plain} of {total} ({100 * lost_plain / total:.1f}%) "
                f"in {t_plain:.1f} s; AtomicDatabaseCache lost {lost_atomic} in {t_atomic:.1f} s "
                f"(time ratio {t_atomic / t_plain:.2f})"
            )


if __name__ == "__main__":
    main()
