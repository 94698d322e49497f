"""`plenary-insight analyze INPUT --out DIR [--taxonomy FILE] [--dask ADDRESS]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from insight.executors import DaskExecutor, Executor, ProcessExecutor, SerialExecutor
from insight.io import JsonlSink, read_records
from insight.pipeline import Options, run
from insight.taxonomy import load_taxonomy


def analyze_file(
    input_path: str,
    out_dir: str,
    *,
    taxonomy_path: str | None = None,
    executor: Executor | None = None,
    progress: bool | None = None,
) -> dict:
    """Analyse a file and write the four outputs; returns the run's statistics."""
    taxonomy = load_taxonomy(taxonomy_path)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ex = executor or ProcessExecutor()
    sink = JsonlSink(out / "records.jsonl")
    try:
        analysis = run(lambda: read_records(input_path), taxonomy, ex, sink, Options(progress=progress))
    finally:
        sink.close()
        if executor is None:
            ex.close()
    analysis.write(str(out), records=False)
    return analysis.stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="plenary-insight", description="Read the public's input at any scale.")
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("analyze", help="languages, campaigns, issues and synthesis of a file of records")
    a.add_argument("input", help="records as .jsonl, .csv or .parquet (id, text, optional metadata)")
    a.add_argument("--out", required=True, help="directory for records.jsonl, campaigns.json, issues.json, report.html")
    a.add_argument(
        "--taxonomy", help="taxonomy JSON from `manage.py export_taxonomy GROUP` (default: the sample group)"
    )
    a.add_argument("--dask", metavar="ADDRESS", help="run the stages on this Dask scheduler")
    a.add_argument("--workers", type=int, help="local processes (default: all cores; 1 runs in this process)")
    args = parser.parse_args(argv)
    if args.dask:
        executor: Executor = DaskExecutor(args.dask)
    elif args.workers == 1:
        executor = SerialExecutor()
    else:
        executor = ProcessExecutor(args.workers)
    try:
        stats = analyze_file(args.input, args.out, taxonomy_path=args.taxonomy, executor=executor)
    finally:
        executor.close()
    if sys.stderr.isatty():
        print(json.dumps(stats, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
