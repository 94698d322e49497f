"""`plenary-insight analyze INPUT --out DIR [--map FIELD=COLUMN ...] [--mapping FILE] [--questions FILE] ...`

Reads a consultation export (CSV, TSV, XLSX, JSONL, JSON, Parquet) through a column mapping, refuses bad input
with line-numbered messages before writing anything (or, with --skip-bad, leaves the bad lines out and lists
them), analyses the rest and writes the outputs. A summary is printed at the end in every case, on a terminal or
not. The exit status says what happened:

    0  every line was analysed
    1  the analysis failed (a bug or the machine: the message says which)
    2  the command line or a mapping or questions file is wrong
    3  the input was refused: nothing was written
    4  the outputs were written, but some lines were left out (--skip-bad)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import replace
from gettext import gettext as _
from pathlib import Path

from insight.boilerplate import StockParams
from insight.decisions import Decision
from insight.executors import DaskExecutor, Executor, ProcessExecutor, SerialExecutor
from insight.ingest import ColumnMapping, InputError, MappingError, ReadReport, RecordReader
from insight.io import FlatSink, JsonlSink, Sinks
from insight.pipeline import Options, run
from insight.questionnaire import QuestionError, load_questions
from insight.taxonomy import load_taxonomy

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_SKIPPED = 4
OUTPUTS = (
    "records.jsonl",
    "records.csv",
    "records.xlsx",
    "campaigns.json",
    "issues.json",
    "questions.json",
    "report.html",
    "summary.json",
)
LISTED = 20  # refused lines printed in the summary; all of them (up to 50) are in summary.json


class Refused(Exception):
    """Input refused before anything was written."""

    def __init__(self, error: InputError, report: ReadReport | None) -> None:
        self.error = error
        self.report = report


def analyze_file(
    input_path: str,
    out_dir: str,
    *,
    taxonomy_path: str | None = None,
    executor: Executor | None = None,
    progress: bool | None = None,
    mapping: ColumnMapping | None = None,
    questions: list | None = None,
    skip_bad: bool = False,
    encoding: str = "utf-8",
    delimiter: str | None = None,
    sheet: str | None = None,
    xlsx: bool = True,
    options: Options | None = None,
) -> dict:
    """Analyse a file and write the outputs; returns the summary (also written as summary.json).

    Raises `Refused` when the input cannot be used as it is: then the output directory is left as it was.
    Everything is written to a staging directory beside `out_dir` first and moved into place at the end, so a
    refusal or a failure half-way leaves no partial output.
    """
    t0 = time.perf_counter()
    taxonomy = load_taxonomy(taxonomy_path)
    reader = RecordReader(
        input_path,
        mapping,
        skip_bad=skip_bad,
        questions=questions,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
    )
    try:
        reader.check()
    except InputError as e:
        raise Refused(e, None) from e
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    ex = executor or ProcessExecutor()
    try:
        flat = FlatSink(staging, questions, xlsx=xlsx, expected_rows=lambda: reader.report.accepted)
        sink = Sinks(JsonlSink(staging / "records.jsonl"), flat)
        try:
            opt = Options(progress=progress) if options is None else replace(options, progress=progress)
            analysis = run(reader.chunks, taxonomy, ex, sink, opt, questions=questions)
        except InputError as e:
            raise Refused(e, reader.report) from e
        finally:
            sink.close()
        analysis.write(str(staging), records=False)
        summary = _summary(reader.report, analysis.stats, flat, time.perf_counter() - t0)
        (staging / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        out.mkdir(parents=True, exist_ok=True)
        for name in OUTPUTS:
            target = out / name
            if (staging / name).exists():
                (staging / name).replace(target)
            elif target.exists():
                target.unlink()  # from an earlier run: it would not match this one
        summary["out"] = str(out)
        return summary
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if executor is None:
            ex.close()


def _summary(report: ReadReport, stats: dict, flat: FlatSink, seconds: float) -> dict:
    return {
        "input": report.as_json(),
        "records": stats["records"],
        "campaigns": stats["campaigns"],
        "records_in_campaigns": stats["records_in_campaigns"],
        "voices": stats["voices"],
        "languages": stats["languages"],
        "language_contradicted": stats.get("language_contradicted", 0),
        "no_free_text": stats.get("no_free_text", 0),
        "attachment_only": stats.get("attachment_only", 0),
        "countries_unknown": stats.get("countries_unknown", 0),
        "unknown_countries": stats.get("unknown_countries", {}),
        "families": stats.get("families", 0),
        "stock_only": stats.get("stock_only", 0),
        "records_with_stock_lines": stats.get("records_with_stock_lines", 0),
        "stock_lines": stats.get("stock_lines_listed", []),
        "taxonomy_fit": stats.get("taxonomy_fit", {}),
        "xlsx": "written" if flat.wrote_xlsx else f"not written ({flat.xlsx_note})",
        "seconds": round(seconds, 1),
        "timings_s": stats.get("timings_s", {}),
    }


def print_summary(summary: dict | None, report: ReadReport | None, refused: InputError | None, file=None) -> None:
    """The closing lines a person reads: what was read, refused, found and written."""
    f = file or sys.stdout
    say = lambda s="": print(s, file=f)  # noqa: E731 (a one-line helper reads best here)
    if report is not None:
        say(
            _("Read %(rows)s lines of %(path)s (%(format)s): %(accepted)s records accepted, %(bad)s refused.")
            % {
                "rows": f"{report.rows:,}",
                "path": report.path,
                "format": report.format,
                "accepted": f"{report.accepted:,}",
                "bad": f"{report.problem_count:,}",
            }
        )
    if refused is not None:
        problems = refused.problems
        for p in problems[:LISTED]:
            say(f"  {p}")
        if refused.total > min(len(problems), LISTED):
            say(_("  ... and %(n)s more") % {"n": f"{refused.total - min(len(problems), LISTED):,}"})
    if summary is None:
        say(_("Nothing was written. Fix the lines above, or run again with --skip-bad to leave them out."))
        return
    rep = summary["input"]
    say(
        _("Read %(rows)s lines of %(path)s (%(format)s): %(accepted)s records accepted, %(bad)s refused.")
        % {
            "rows": f"{rep['rows']:,}",
            "path": rep["path"],
            "format": rep["format"],
            "accepted": f"{rep['accepted']:,}",
            "bad": f"{rep['problems']:,}",
        }
    )
    if rep["problems"]:
        say(_("Left out (--skip-bad): %(n)s lines.") % {"n": f"{rep['problems']:,}"})
        for p in rep["problems_listed"][:LISTED]:
            say(f"  line {p['line']}: {p['message']}" if p["line"] is not None else f"  {p['message']}")
        if rep["problems"] > LISTED:
            say(_("  ... and %(n)s more (summary.json lists 50)") % {"n": f"{rep['problems'] - LISTED:,}"})
    say(
        _("Analysed %(records)s records: %(campaigns)s campaigns hold %(inside)s of them, so %(voices)s voices.")
        % {
            "records": f"{summary['records']:,}",
            "campaigns": f"{summary['campaigns']:,}",
            "inside": f"{summary['records_in_campaigns']:,}",
            "voices": f"{summary['voices']:,}",
        }
    )
    langs = ", ".join(f"{k} {v:,}" for k, v in list(summary["languages"].items())[:8])
    say(_("Languages: %(langs)s.") % {"langs": langs})
    say(
        _(
            "Without free text: %(none)s (attachment only: %(att)s). Given language contradicted by the text: "
            "%(contra)s. Unknown countries: %(unknown)s."
        )
        % {
            "none": f"{summary['no_free_text']:,}",
            "att": f"{summary['attachment_only']:,}",
            "contra": f"{summary['language_contradicted']:,}",
            "unknown": f"{summary['countries_unknown']:,}",
        }
    )
    if summary.get("stock_lines"):
        say(
            _(
                "Stock lines (form labels, headers, stock sentences, file names) left out of campaigns and issues: "
                "%(n)s, in %(with)s records; %(only)s records hold nothing else (counted as without free text)."
            )
            % {
                "n": f"{len(summary['stock_lines']):,}",
                "with": f"{summary['records_with_stock_lines']:,}",
                "only": f"{summary['stock_only']:,}",
            }
        )
        for line in summary["stock_lines"][:8]:
            say(f"  {line['count']:>8,}  {line['text'][:100]}")
    if summary["unknown_countries"]:
        top = ", ".join(f"{k!r} ({v})" for k, v in list(summary["unknown_countries"].items())[:10])
        say(_("  not recognised as a country (no region given them): %(top)s") % {"top": top})
    fit = summary.get("taxonomy_fit") or {}
    if fit:
        say(
            _("About none of the issues: %(none)s of %(n)s records with free text (%(share)s).")
            % {"none": f"{fit['none']:,}", "n": f"{fit['records_with_text']:,}", "share": f"{fit['none_share']:.0%}"}
        )
        for w in fit.get("warnings", []):
            say(_("Taxonomy fit: %(warning)s") % {"warning": w})
    say(
        _("Wrote %(out)s: records.jsonl, records.csv, records.xlsx (%(xlsx)s), report.html and more, in %(s)s s.")
        % {"out": summary.get("out", ""), "xlsx": summary["xlsx"], "s": summary["seconds"]}
    )


def campaign_options(add: list[str], remove: list[str], decisions_path: str | None) -> Options:
    """Options for the campaign stage from the command line: stock lines added or taken back, decisions."""
    decisions: tuple[Decision, ...] = ()
    if decisions_path:
        data = json.loads(Path(decisions_path).read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ValueError(f"{decisions_path}: a list of decisions is expected")
        decisions = tuple(Decision.from_json(d) for d in data)
    return Options(stock=StockParams(add=tuple(add), remove=tuple(remove)), campaign_decisions=decisions)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="plenary-insight", description="Read the public's input at any scale.")
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("analyze", help="languages, campaigns, issues and synthesis of a file of records")
    a.add_argument("input", help="records as .csv, .tsv, .xlsx, .jsonl, .json or .parquet")
    a.add_argument("--out", required=True, help="directory for the outputs (records, campaigns, issues, report)")
    a.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="the column holding a field: id, text, language, stakeholder_group, country, region, submitted_at, "
        "title, issues, attachments, or answer:QUESTION (repeat as needed; default: columns named as the fields)",
    )
    a.add_argument("--mapping", metavar="FILE", help='a JSON mapping {"text": "Feedback", ..., "answers": {...}}')
    a.add_argument("--questions", metavar="FILE", help="the questionnaire as JSON (see docs/insight.md)")
    a.add_argument("--skip-bad", action="store_true", help="leave out bad lines (listed) instead of stopping")
    a.add_argument("--encoding", default="utf-8", help="of CSV and JSON input (default utf-8)")
    a.add_argument("--delimiter", help="of CSV input (default: guessed from the header among , ; tab |)")
    a.add_argument("--sheet", help="of XLSX input (default: the active sheet)")
    a.add_argument("--no-xlsx", action="store_true", help="do not write records.xlsx")
    a.add_argument("--json", action="store_true", help="print the summary as JSON instead of sentences")
    a.add_argument(
        "--taxonomy", help="taxonomy JSON from `manage.py export_taxonomy GROUP` (default: the sample group)"
    )
    a.add_argument(
        "--stock-line",
        action="append",
        default=[],
        metavar="LINE",
        help="a line to treat as stock text (left out of campaigns and issues; repeat as needed)",
    )
    a.add_argument(
        "--not-stock-line",
        action="append",
        default=[],
        metavar="LINE",
        help="a line found as stock text that is the respondents' own (repeat as needed)",
    )
    a.add_argument(
        "--decisions",
        metavar="FILE",
        help='campaign decisions as JSON [{"kind": "split"|"merge"|"dissolve", "record_ids": [...]}, ...]',
    )
    a.add_argument("--dask", metavar="ADDRESS", help="run the stages on this Dask scheduler")
    a.add_argument("--workers", type=int, help="local processes (default: all cores; 1 runs in this process)")
    args = parser.parse_args(argv)
    try:
        mapping = ColumnMapping.parse(args.map, args.mapping)
        questions = load_questions(args.questions) if args.questions else None
        options = campaign_options(args.stock_line, args.not_stock_line, args.decisions)
    except (MappingError, QuestionError, OSError, ValueError, KeyError) as e:
        print(f"plenary-insight: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.dask:
        executor: Executor = DaskExecutor(args.dask)
    elif args.workers == 1:
        executor = SerialExecutor()
    else:
        executor = ProcessExecutor(args.workers)
    summary = None
    try:
        summary = analyze_file(
            args.input,
            args.out,
            taxonomy_path=args.taxonomy,
            executor=executor,
            mapping=mapping,
            questions=questions,
            skip_bad=args.skip_bad,
            encoding=args.encoding,
            delimiter=args.delimiter,
            sheet=args.sheet,
            xlsx=not args.no_xlsx,
            options=options,
        )
    except Refused as r:
        if args.json:
            print(json.dumps({"refused": [p.as_json() for p in r.error.problems], "count": r.error.total}))
        else:
            print_summary(None, r.report, r.error)
        return EXIT_REFUSED
    except LookupError as e:  # an unknown --encoding
        print(f"plenary-insight: {e}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as e:  # the summary is promised in every case; the traceback is for a bug report
        traceback.print_exc(file=sys.stderr)
        print(_("The analysis failed: %(error)s. Nothing was written.") % {"error": e})
        return EXIT_FAILED
    finally:
        executor.close()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print_summary(summary, None, None)
    return EXIT_SKIPPED if summary["input"]["problems"] else EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
