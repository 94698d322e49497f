"""The public record under load at 10k, 100k and 1M contributions: every public page and API list, side by side with
a static file from the same server, in one run.

    .venv/bin/python bench/web_bench.py                                   # PostgreSQL, 10k and 100k
    .venv/bin/python bench/web_bench.py --sizes 10000,100000,1000000      # and 1M (about half an hour to grow)
    .venv/bin/python bench/web_bench.py --database sqlite:///var/bench.sqlite3 --sizes 100000

It grows a database (the sample group, then published contributions through the bulk import service, which also
writes their search entries, events and the maintained counts), starts granian twice (2 WSGI workers each; the
public page cache on at `--port`, off at `--port` + 1), and for each endpoint runs `--concurrency` keep-alive
clients for `--seconds` on each server in turn, then prints, cache on and cache off, the median and p95 latency,
the requests per second, the ratio of those to the static file's (from the same server), whether one more request
was a cache hit, and the peak resident memory of the servers' workers; then the idle worker's memory and each
export's peak (read from the cache-off server). Exports are read whole, one at a time. After growing, the
database's statistics are refreshed (VACUUM ANALYZE / ANALYZE), as autovacuum or an operator would after a bulk
load, so the plans are those of production.
With `--burst S`, 8 clients (`--burst-clients`) then submit through the API for S seconds, each with its own
Idempotency-Key, and the run checks that every receipt answered is a stored contribution (none lost, none twice).
The last line is JSON, one object per size.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = [
    "internet",
    "governance",
    "domain",
    "names",
    "root",
    "zone",
    "spam",
    "privacy",
    "security",
    "cybercrime",
    "multilingual",
    "access",
    "costs",
    "interconnection",
    "capacity",
    "development",
    "rights",
    "freedom",
    "expression",
    "consumer",
    "protection",
    "standards",
    "policy",
    "cooperation",
    "stakeholders",
    "transparency",
    "accountability",
    "infrastructure",
    "regulation",
    "competition",
    "telecoms",
    "education",
    "innovation",
    "data",
    "protection",
    "jurisdiction",
    "trade",
    "electronic",
    "commerce",
    "content",
    "peering",
    "backbone",
]
GROUP = "wgig"
# The rare word of the search bench: planted in exactly RARE_COUNT contributions, all among the first 10,000 grown
# (the oldest at every larger size), so the search finds the same few rows at 10k, 100k and 1M and the figures
# compare like with like. A plan that walks the newest entries first must pass the whole record to reach them.
RARE_WORD = "quillwort"
RARE_COUNT = 10
RARE_EVERY = 1000  # rows n with n % RARE_EVERY == RARE_EVERY // 2 and n < RARE_COUNT * RARE_EVERY


def _rare(n: int) -> bool:
    return n < RARE_COUNT * RARE_EVERY and n % RARE_EVERY == RARE_EVERY // 2


def _env(database: str, var_dir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": database,
            "PLENARY_VAR_DIR": str(var_dir),
            "PLENARY_ANALYSIS_AUTOMATIC": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
    )
    return env


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def _rows(start: int, count: int, rng: random.Random, countries: list[str], sectors: list) -> list[dict]:
    import datetime as dt

    base = dt.datetime(2004, 11, 1, tzinfo=dt.UTC)
    rows = []
    for n in range(start, start + count):
        words = rng.choices(WORDS, k=60)
        text = f"Governance matters. {' '.join(words)}. Token tok{n % 50000} closes it."
        if _rare(n):
            text += f" A {RARE_WORD} grows here."
        rows.append(
            {
                "submitter_name": f"Respondent {n}",
                "submitter_email": f"r{n}@example.org",
                "country": countries[n % len(countries)],
                "stakeholder_group": sectors[n % len(sectors)],
                "on_behalf_of": "self",
                "publish_name": n % 3 == 0,
                "kind": "comment",
                "title": f"View {n} on {words[0]} and {words[1]}",
                "text": text,
                "language": "en",
                "submitted_at": base + dt.timedelta(minutes=n),
            }
        )
    return rows


def grow(target: int) -> int:
    """Add published contributions to the sample group's open call until it holds `target` (in this process)."""
    import django

    django.setup()
    from plenary.consultations.models import Call, Contribution
    from plenary.consultations.services import contributions_import
    from plenary.groups.models import StakeholderGroup

    call = Call.objects.filter(group__slug=GROUP).order_by("-closes_at").first()
    have = Contribution.objects.filter(group__slug=GROUP).count()
    rng = random.Random(have)
    countries = ["KE", "BR", "IN", "FR", "DE", "CN", "RU", "EG", "AR", "US", "JP", "ZA", "MX", "AU", "NG"]
    sectors = list(StakeholderGroup.objects.all())
    started, initial = time.monotonic(), have
    while have < target:
        batch = min(5000, target - have)
        contributions_import(actor=None, call=call, rows=_rows(have, batch, rng, countries, sectors), batch_size=5000)
        have += batch
        rate = (have - initial) / max(time.monotonic() - started, 1e-9)
        print(f"  grown to {have} ({rate:.0f} rows/s)", file=sys.stderr, flush=True)
    if have > initial:  # a database grown before was analysed then (at 1M a VACUUM ANALYZE takes minutes)
        _analyze()
    return have


def _analyze() -> None:
    """Fresh planner statistics after a bulk load (this server's autovacuum may be off or behind)."""
    from django.db import connection

    began = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"  statistics refreshed in {time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)


def burst(port: int, seconds: float, clients: int) -> dict:
    """`clients` at once submitting through the API: accepted per second, errors, and receipts not stored."""
    import uuid

    from plenary.consultations.models import Call, Contribution

    call = Call.objects.filter(group__slug=GROUP).order_by("-closes_at").first()
    path = f"/api/v1/groups/{GROUP}/calls/{call.slug}/contributions"
    receipts: list[str] = []
    errors: dict[str, int] = {}
    latencies: list[float] = []
    stop = time.monotonic() + seconds
    boundary = "benchboundary"

    def body(n: int) -> bytes:
        fields = {
            "submitter_name": f"Burst {n}",
            "submitter_email": f"burst{n}@example.org",
            "on_behalf_of": "self",
            "country": "KE",
            "kind": "comment",
            "title": f"Burst view {n}",
            "text": "Sent during a burst. " + " ".join(random.choices(WORDS, k=40)),
        }
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()
        ]
        return ("".join(parts) + f"--{boundary}--\r\n").encode()

    def client(index: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        n = 0
        while time.monotonic() < stop:
            n += 1
            headers = {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Idempotency-Key": str(uuid.uuid4()),
            }
            began = time.perf_counter()
            try:
                connection.request("POST", path, body=body(index * 1_000_000 + n), headers=headers)
                response = connection.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException) as error:
                errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            latencies.append(time.perf_counter() - began)
            if response.status == 201:
                receipts.append(json.loads(answer)["reference"])
            else:
                errors[str(response.status)] = errors.get(str(response.status), 0) + 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    stored = set(Contribution.objects.filter(reference__in=receipts).values_list("reference", flat=True))
    latencies.sort()
    return {
        "clients": clients,
        "accepted": len(receipts),
        "accepted_per_s": round(len(receipts) / elapsed, 1),
        "median_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
        "errors": errors,
        "receipts_not_stored": len(set(receipts) - stored),
        "receipts_twice": len(receipts) - len(set(receipts)),
    }


def _matches(query: str) -> dict:
    """How many rows the search page's query matches for an anonymous reader (the same call the page makes)."""
    from django.contrib.auth.models import AnonymousUser

    from plenary.core.search import search

    results = search(viewer=AnonymousUser(), query=query, grouped=True, language="en")
    return {"total": results.total, "exact": results.exact, "by_kind": results.counts}


def _deep_cursor(rows_in: int) -> str:
    import django

    django.setup()
    from plenary.consultations.selectors import SORTS, campaign_representatives_only, contribution_list
    from plenary.core.pagination import _encode, _values
    from plenary.groups.models import WorkingGroup

    group = WorkingGroup.objects.get(slug=GROUP)
    queryset = campaign_representatives_only(contribution_list(viewer=None, group=group, sort="newest"))
    row = queryset.order_by(*SORTS["newest"])[rows_in : rows_in + 1].first()
    return _encode("n", _values(row, SORTS["newest"])) if row else ""


def _server(env: dict, port: int, workers: int) -> subprocess.Popen:
    granian = shutil.which("granian", path=str(Path(sys.executable).parent)) or "granian"
    process = subprocess.Popen(
        [granian, "--interface", "wsgi", "config.wsgi:application", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--no-ws", "--log-level", "warning"],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.local"},
        cwd=ROOT,
    )  # fmt: skip
    for _ in range(120):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("granian did not start")


class Memory(threading.Thread):
    """Samples the resident memory of the server's worker processes."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.peak = 0
        self.running = True

    def run(self):
        import psutil

        while self.running:
            try:
                for child in self.root.children(recursive=True):
                    self.peak = max(self.peak, child.memory_info().rss)
            except psutil.Error:
                pass
            time.sleep(0.2)


def load(port: int, path: str, seconds: float, concurrency: int, server_pid: int) -> dict:
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds
    memory = Memory(server_pid)
    memory.start()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.monotonic() < stop:
            began = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    memory.running = False
    latencies.sort()
    n = len(latencies)
    return {
        "median_ms": round(1000 * statistics.median(latencies), 1) if n else None,
        "p95_ms": round(1000 * latencies[int(0.95 * (n - 1))], 1) if n else None,
        "req_s": round(n / elapsed, 1),
        "requests": n,
        "errors": errors[0],
        "peak_rss_mb": round(memory.peak / 2**20, 1),
    }


def _cache_header(port: int, path: str) -> str:
    """What the page cache said about one more request for `path` (hit, miss, or nothing: not looked up)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.getheader("X-Plenary-Cache", "")


def _worker_rss(pid: int) -> float:
    """The largest resident memory among the server's worker processes now, in MB."""
    import psutil

    sizes = [child.memory_info().rss for child in psutil.Process(pid).children(recursive=True)]
    return round(max(sizes, default=0) / 2**20, 1)


def whole(port: int, path: str, server_pid: int, limit_mb: float = 0) -> dict:
    memory = Memory(server_pid)
    memory.start()
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    connection.request("GET", path)
    response = connection.getresponse()
    size = 0
    while chunk := response.read(1 << 20):
        size += len(chunk)
        if limit_mb and size >= limit_mb * 2**20:  # enough to see whether memory stays flat while it streams
            connection.close()
            break
    seconds = time.perf_counter() - began
    memory.running = False
    return {"seconds": round(seconds, 2), "mb": round(size / 2**20, 1), "peak_rss_mb": round(memory.peak / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/plenary_bench")
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the benchmark database first")
    parser.add_argument("--burst", type=float, default=0.0, help="seconds of concurrent API submissions (0: none)")
    parser.add_argument("--burst-clients", type=int, default=8)
    parser.add_argument("--export-mb", type=float, default=0, help="read at most this much of each export (0: all)")
    parser.add_argument(
        "--skip-bulk-build", action="store_true", help="serve the bulk files already built (building takes long)"
    )
    parser.add_argument("--only", help="endpoint labels to measure, separated by ';' (default: all)")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="plenary-bench-"))
    env = _env(args.database, var_dir)
    if args.burst:
        env["PLENARY_PUBLIC_RATE"] = "100000000/h"  # one address sends the whole burst
    os.environ.update(env)
    if args.database.startswith("postgres"):
        name = args.database.rsplit("/", 1)[1]
        if args.fresh:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False, capture_output=True)
    elif args.fresh:
        Path(args.database.removeprefix("sqlite:///")).unlink(missing_ok=True)
    _manage(env, "migrate", "--no-input", "-v0")
    _manage(env, "load_sample", "-v0")
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        began = time.monotonic()
        grow(size)
        grown_s = time.monotonic() - began
        if not args.skip_bulk_build:
            _manage(env, "exports_build", GROUP)  # the nightly files, so the bulk download can be measured
        cursor = _deep_cursor(10_000 if size > 10_000 else size // 2)
        # Two servers side by side: the page cache on (repeated requests, as readers send them) and off (each page
        # rendered), each measured against the static file it serves itself.
        servers = {
            "cached": _server({**env, "PLENARY_PAGE_CACHE": "1"}, args.port, args.workers),
            "uncached": _server({**env, "PLENARY_PAGE_CACHE": "0"}, args.port + 1, args.workers),
        }
        ports = {"cached": args.port, "uncached": args.port + 1}
        try:
            from plenary.consultations.models import Contribution

            sample = Contribution.objects.filter(group__slug=GROUP).order_by("-id").first()
            static = "/static/vendor/pico/pico.min.css"
            endpoints = {
                "static file": static,
                "site home": "/",
                "group home": f"/{GROUP}/",
                "contribution page": sample.get_absolute_url(),
                "contributions list, page 1": f"/{GROUP}/contributions/",
                "list filtered (region)": f"/{GROUP}/contributions/?region=Africa",
                "list filtered (two)": f"/{GROUP}/contributions/?region=Africa&kind=comment",
                "list, 10,000 rows in": f"/{GROUP}/contributions/?after={cursor}",
                "search, a common word": "/search/?q=governance",
                "search, a rare word": f"/search/?q={RARE_WORD}",
                "statistics": f"/{GROUP}/contributions/statistics/",
                "analysis dashboard": f"/{GROUP}/analysis/",
                "API contributions, page 1": f"/api/v1/groups/{GROUP}/contributions",
                "API filtered (country)": f"/api/v1/groups/{GROUP}/contributions?country=KE",
            }
            if args.only:
                keep = {"static file", *(label.strip() for label in args.only.split(";"))}
                endpoints = {k: v for k, v in endpoints.items() if k in keep}
            searched = {
                label: _matches(path.split("q=", 1)[1]) for label, path in endpoints.items() if "/search/" in path
            }
            rare = searched.get("search, a rare word")
            if rare and size >= RARE_COUNT * RARE_EVERY and rare["by_kind"].get("contributions") != RARE_COUNT:
                print(
                    f"  warning: the rare word matched {rare['by_kind']} contributions, not {RARE_COUNT} "
                    "(a database grown by an older bench: run with --fresh)",
                    file=sys.stderr,
                    flush=True,
                )
            tables = {"cached": {}, "uncached": {}}
            load_before = os.getloadavg()
            for label, path in endpoints.items():
                for mode in ("cached", "uncached"):  # alternately, so that both see the same load
                    port, pid = ports[mode], servers[mode].pid
                    # warm with every client, so that each worker has rendered (and, cached, kept) the page once
                    load(port, path, 1.0, args.concurrency, pid)
                    tables[mode][label] = load(port, path, args.seconds, args.concurrency, pid)
                    tables[mode][label]["cache"] = _cache_header(port, path)
            for table in tables.values():
                base = table["static file"]["req_s"] or 1
                for row in table.values():
                    row["share_of_static"] = round(row["req_s"] / base, 4)
            table = tables["cached"]
            export_port, export_pid = ports["uncached"], servers["uncached"].pid
            idle_rss = _worker_rss(export_pid)
            exports = {
                "CSV export": whole(export_port, f"/{GROUP}/contributions/export.csv", export_pid, args.export_mb),
                "JSON Lines export": whole(
                    export_port, f"/{GROUP}/contributions/export.jsonl", export_pid, args.export_mb
                ),
                "bulk file (JSON Lines)": whole(
                    export_port, f"/{GROUP}/contributions/bulk/jsonl/", export_pid, args.export_mb
                ),
            }
            surge = burst(ports["cached"], args.burst, args.burst_clients) if args.burst else None
            load_after = os.getloadavg()
        finally:
            for server in servers.values():
                server.terminate()
            for server in servers.values():
                server.wait(timeout=30)
        print(
            f"\n{size:,} contributions ({args.database.split(':')[0]}, grown in {grown_s:.0f} s; load average "
            f"{load_before[0]:.1f} before the pages, {load_after[0]:.1f} after)"
        )
        print(f"{'':32} {'page cache on (repeated requests)':^47} | {'page cache off':^37}")
        print(
            f"{'endpoint':32} {'median ms':>9} {'p95 ms':>8} {'req/s':>8} {'of static':>9} {'cache':>5} |"
            f" {'median ms':>9} {'p95 ms':>8} {'req/s':>8} {'of static':>9} {'RSS MB':>7}"
        )
        for label, on in table.items():
            off = tables["uncached"][label]
            print(
                f"{label:32} {on['median_ms']!s:>9} {on['p95_ms']!s:>8} {on['req_s']:>8} "
                f"{on['share_of_static']:>9.2%} {on['cache'] or '-':>5} |"
                f" {off['median_ms']!s:>9} {off['p95_ms']!s:>8} {off['req_s']:>8} {off['share_of_static']:>9.2%}"
                f" {max(on['peak_rss_mb'], off['peak_rss_mb']):>7}"
            )
        print(f"idle worker RSS before the exports (cache off server): {idle_rss} MB")
        for label, row in exports.items():
            print(f"{label:32} {row['seconds']:>8} s {row['mb']:>8} MB {'':>10} {row['peak_rss_mb']:>7}")
        for label, found in searched.items():
            more = "" if found["exact"] else "more than "
            print(f"{label}: matched {more}{found['total']} rows ({found['by_kind']})")
        if surge:
            print(f"burst: {surge}")
        results.append(
            {
                "records": size,
                "database": args.database.split(":")[0],
                "load_average": [round(load_before[0], 1), round(load_after[0], 1)],
                "pages": table,
                "pages_uncached": tables["uncached"],
                "idle_worker_rss_mb": idle_rss,
                "exports": exports,
                "search_matches": searched,
                "burst": surge,
            }
        )
    shutil.rmtree(var_dir, ignore_errors=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
