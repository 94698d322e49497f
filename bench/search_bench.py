"""Search over the whole record: what the added kinds (members, issues, clusters, meetings, sessions, comments,
findings) and the grouping by kind cost, beside the search as it was (the sources it had, one ranked page), in the
same run on the same database.

    .venv/bin/python bench/search_bench.py                                       # SQLite, 10k contributions
    .venv/bin/python bench/search_bench.py --database postgres://postgres@127.0.0.1:5432/plenary_bench --size 100000

It loads the sample, grows the sample group's contributions through the bulk import service (which writes their
search entries), then times each query `--repeat` times both ways and prints the medians and their ratio. The last
line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from web_bench import _env, _manage, grow  # noqa: E402 (after the path is set)

BEFORE = ["contributions", "documents", "news", "drafts", "assessment", "decisions", "readouts", "minutes"]
QUERIES = ["Desai", "third meeting", "spam", "governance", "tok12345"]


def _median_ms(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="plenary-search-bench-"))
    database = args.database or f"sqlite:///{var_dir / 'bench.sqlite3'}"
    env = _env(database, var_dir)
    os.environ.update(env)
    if database.startswith("postgres"):
        name = database.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    _manage(env, "migrate", "--no-input", "-v0")
    _manage(env, "load_sample", "-v0")
    grow(args.size)

    from plenary.core.search import search

    print(f"{'query':<16} {'before (ms)':>12} {'whole record, grouped (ms)':>28} {'ratio':>7}  kinds found")
    rows = []
    for query in QUERIES:
        before = _median_ms(lambda q=query: search(viewer=None, query=q, sources=BEFORE), args.repeat)
        after = _median_ms(lambda q=query: search(viewer=None, query=q, grouped=True), args.repeat)
        kinds = [g.source for g in search(viewer=None, query=query, grouped=True).groups]
        rows.append({"query": query, "before_ms": round(before, 2), "after_ms": round(after, 2), "kinds": kinds})
        print(f"{query:<16} {before:>12.1f} {after:>28.1f} {after / before:>7.2f}  {', '.join(kinds)}")
    print(json.dumps({"database": database.split(":", 1)[0], "contributions": args.size, "rows": rows}))


if __name__ == "__main__":
    main()
