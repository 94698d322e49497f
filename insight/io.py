"""Reading records (plainly, without a mapping) and writing the outputs of an analysis.

Outputs in a directory: records.jsonl (per record, streamed), records.csv and records.xlsx (the same as a flat
table, with metadata and results), campaigns.json, issues.json (statistics, overview and per-issue synthesis),
questions.json (per question, when a questionnaire was given), report.html and summary.json.

Reading through a column mapping, with checks and line-numbered refusals, is `insight.ingest`.
"""

from __future__ import annotations

import csv
import json
import numbers
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from insight.ingest import ColumnMapping, RecordReader
from insight.model import Record, RecordResult

if TYPE_CHECKING:
    from insight.pipeline import Analysis
    from insight.questionnaire import Question

FIELDS = ("id", "text", "language", "stakeholder_group", "country", "region", "submitted_at", "title")
TOP_ISSUES = 3
INF = float("inf")
XLSX_MAX_ROWS = 100_000  # beyond, records.xlsx is not written (Excel opens 1,048,576 rows; this keeps runs quick)


def record_from_dict(d: dict) -> Record:
    """A Record from a loose mapping; `issues` may be a list or a ';'-separated string."""
    tags = d.get("issues")
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(";") if t.strip()]
    vals = {k: (None if d.get(k) in ("", None) else str(d.get(k))) for k in FIELDS}
    return Record(
        id=vals["id"] or "",
        text=vals["text"] or "",
        language=vals["language"],
        stakeholder_group=vals["stakeholder_group"],
        country=vals["country"],
        region=vals["region"],
        submitted_at=vals["submitted_at"],
        title=vals["title"],
        issues=list(tags) if tags else None,
        answers=d.get("answers") if isinstance(d.get("answers"), dict) else None,
    )


def read_records(path: str | Path, chunk_size: int = 4000) -> Iterator[list[Record]]:
    """Chunks of records from a file whose columns already have the Record field names; bad lines refused.

    The same checks as the CLI (`insight.ingest.RecordReader` without a mapping): a bad line raises InputError.
    """
    yield from RecordReader(path, ColumnMapping(), chunk_size=chunk_size).chunks()


class JsonlSink:
    """Writes record results as they come, so a run of millions never holds them all."""

    def __init__(self, path: str | Path) -> None:
        self._fh = open(path, "w", encoding="utf-8")  # noqa: SIM115 (held open across calls; close() ends it)

    def __call__(self, results: list[RecordResult]) -> None:
        self._fh.write("".join(json.dumps(r.as_json(), ensure_ascii=False) + "\n" for r in results))

    def close(self) -> None:
        self._fh.close()


def flat_header(questions: list[Question] | None = None) -> list[str]:
    head = [
        "id",
        "submitted_at",
        "stakeholder_group",
        "country",
        "country_given",
        "region",
        "language",
        "language_given",
        "campaign",
        "family",
        "no_free_text",
        "attachment_only",
        "none_of_these",
        "assigned_issues",
    ]
    for k in range(1, TOP_ISSUES + 1):
        head += [f"issue_{k}", f"cluster_{k}", f"score_{k}"]
    for k in range(1, TOP_ISSUES + 1):
        head += [f"assigned_{k}", f"assigned_score_{k}", f"evidence_{k}"]
    head.append("flags")
    head += [f"answer:{q.id}" for q in questions or []]
    return head


def flat_row(r: RecordResult, questions: list[Question] | None = None) -> list:
    row: list = [
        r.id,
        r.submitted_at or "",
        r.stakeholder_group or "",
        r.country or "",
        r.country_given or "",
        r.region or "",
        r.language or "",
        r.language_given or "",
        r.campaign or "",
        r.family or "",
        int("no_free_text" in r.flags),
        int("attachment_only" in r.flags),
        int(not r.assigned),
        ";".join(slug for slug, _, _ in r.assigned),
    ]
    for k in range(TOP_ISSUES):
        if k < len(r.issues):
            slug, cluster, score = r.issues[k]
            row += [slug, cluster, round(float(score), 4)]
        else:
            row += ["", "", ""]
    # Every issue the record really addresses (up to TOP_ISSUES; all of them in assigned_issues), with its score
    # and the passage of the record that says so.
    for k in range(TOP_ISSUES):
        if k < len(r.assigned):
            slug, _, score = r.assigned[k]
            row += [slug, round(float(score), 4), r.evidence.get(slug, "")]
        else:
            row += ["", "", ""]
    row.append(";".join(r.flags))
    for q in questions or []:
        a = (r.answers or {}).get(q.id)
        row.append(";".join(a) if isinstance(a, list) else (a or ""))
    return row


class FlatSink:
    """records.csv (always) and records.xlsx (up to XLSX_MAX_ROWS rows), written as results come."""

    def __init__(
        self,
        out_dir: str | Path,
        questions: list[Question] | None = None,
        *,
        xlsx: bool = True,
        expected_rows=None,
    ) -> None:
        """`expected_rows`: a callable giving the number of records once known (the reader's count after its
        first pass, which ends before the first result comes), so that a run too large for a spreadsheet does not
        start one."""
        d = Path(out_dir)
        self.questions = list(questions or [])
        self._csv_fh = open(d / "records.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed in close())
        self._csv = csv.writer(self._csv_fh)
        self._head = flat_header(self.questions)
        self._csv.writerow(self._head)
        self.rows = 0
        self._expected = expected_rows
        self.xlsx_path: Path | None = d / "records.xlsx" if xlsx else None
        self.xlsx_note: str | None = None if xlsx else "not asked for"
        self._ws: SheetWriter | None = None

    def _start_xlsx(self) -> None:
        """The workbook is opened with the first results, once the number of records is known."""
        expected = self._expected() if self._expected is not None else None
        if expected and expected > XLSX_MAX_ROWS:
            self.xlsx_note = f"over {XLSX_MAX_ROWS:,} records: use records.csv"
            return
        assert self.xlsx_path is not None
        self._ws = SheetWriter(self.xlsx_path, "records")
        self._ws.append(self._head)

    def __call__(self, results: list[RecordResult]) -> None:
        if self.rows == 0 and self.xlsx_path is not None and self.xlsx_note is None and self._ws is None:
            self._start_xlsx()
        rows = [flat_row(r, self.questions) for r in results]
        self._csv.writerows(rows)
        if self._ws is not None:
            room = XLSX_MAX_ROWS - self.rows
            if len(rows) > room:  # only when the count was not known beforehand
                self._abandon_xlsx()
            else:
                for row in rows:
                    self._ws.append([_xlsx_safe(v) for v in row])
        self.rows += len(rows)

    def _abandon_xlsx(self) -> None:
        assert self._ws is not None
        self._ws.discard()
        self._ws = None
        self.xlsx_note = f"over {XLSX_MAX_ROWS:,} records: use records.csv"

    def close(self) -> None:
        self._csv_fh.close()
        if self.xlsx_path is not None and self.xlsx_note is None:
            if self._ws is None:  # no result came: an empty sheet with its header
                self._start_xlsx()
            if self._ws is not None:
                self._ws.close()

    @property
    def wrote_xlsx(self) -> bool:
        return self.xlsx_path is not None and self.xlsx_note is None


# ---------------------------------------------------------------- records.xlsx, streamed

_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037\ud800-\udfff\ufffe\uffff]")
_XML_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# A string that needs neither escaping nor a check (no markup, control or non-XML character, not an error code).
_PLAIN = re.compile(r"[^&<>#\000-\037\ud800-\udfff\ufffe\uffff]*")
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
_SHEET_HEAD = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr><outlinePr '
    'summaryBelow="1" summaryRight="1"/><pageSetUpPr/></sheetPr><sheetViews><sheetView workbookViewId="0">'
    '<selection activeCell="A1" sqref="A1"/></sheetView></sheetViews><sheetFormatPr baseColWidth="8" '
    'defaultRowHeight="15"/><sheetData>'
)
_SHEET_TAIL = (
    '</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>'
)


def _column_letter(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


class SheetWriter:
    """One worksheet of plain values written straight into its .xlsx as rows come, in constant memory.

    openpyxl spends some 20 microseconds a cell building objects for each (most of the time of a large run); this
    writes the same cells (the values openpyxl would store: strings cut at 32,767 characters, error codes, numbers
    as "%.16g") as text into the sheet's XML, and takes the package's other parts from an empty openpyxl workbook,
    so that the file reads back as openpyxl's would. A character a worksheet cannot hold is refused as openpyxl
    refuses it.
    """

    NAME = "xl/worksheets/sheet1.xml"

    def __init__(self, path: str | Path, title: str) -> None:
        import zipfile

        self.path = Path(path)
        self.title = title
        self._zip = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED)
        self._fh = self._zip.open(self.NAME, "w", force_zip64=True)
        self._buf: list[str] = [_SHEET_HEAD]
        self._cols: list[str] = []
        self.rows = 0

    def _cell(self, ref: str, v: object) -> str:
        if isinstance(v, str):
            if v == "":
                return f'<c r="{ref}" t="inlineStr"/>'
            v = v[:32767]
            if _ILLEGAL_XML.search(v):
                from openpyxl.utils.exceptions import IllegalCharacterError

                raise IllegalCharacterError(f"{v} cannot be used in worksheets.")
            text = v.translate(_XML_ESCAPE) if ("&" in v or "<" in v or ">" in v or "\r" in v) else v
            if len(v) > 1 and v[0] == "=":
                return f'<c r="{ref}"><f>{text[1:]}</f><v></v></c>'
            if v in _ERROR_CODES:
                return f'<c r="{ref}" t="e"><v>{text}</v></c>'
            space = ' xml:space="preserve"' if v != v.strip() else ""
            return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
        if v is None:
            return f'<c r="{ref}" t="n"/>'
        if isinstance(v, bool):
            return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
        if isinstance(v, numbers.Real):  # numpy's numbers too
            f = float(v)
            return f'<c r="{ref}" t="n"><v>{"" if f != f or f in (INF, -INF) else format(f, ".16g")}</v></c>'
        raise ValueError(f"Cannot convert {v!r} to Excel")

    def append(self, row: list) -> None:
        self.rows += 1
        r = str(self.rows)
        while len(self._cols) < len(row):
            self._cols.append(_column_letter(len(self._cols)))
        cols = self._cols
        out = [f'<row r="{r}">']
        for k, v in enumerate(row):
            t = type(v)
            if t is int:  # the common cases inline; every other value as _cell says
                out.append(f'<c r="{cols[k]}{r}" t="n"><v>{v}</v></c>')
            elif t is str and v and len(v) < 32767 and v[0] != "=" and v == v.strip() and _PLAIN.fullmatch(v):
                out.append(f'<c r="{cols[k]}{r}" t="inlineStr"><is><t>{v}</t></is></c>')
            else:
                out.append(self._cell(cols[k] + r, v))
        out.append("</row>")
        self._buf.append("".join(out))
        if len(self._buf) >= 2000:
            self._flush()

    def _flush(self) -> None:
        self._fh.write("".join(self._buf).encode("utf-8"))
        self._buf.clear()

    def close(self) -> None:
        """The sheet's end, then the workbook's other parts (an empty openpyxl workbook with one sheet)."""
        import io as _io
        import zipfile

        import openpyxl

        self._buf.append(_SHEET_TAIL)
        self._flush()
        self._fh.close()
        wb = openpyxl.Workbook(write_only=True)
        wb.create_sheet(self.title)
        skeleton = _io.BytesIO()
        wb.save(skeleton)
        with zipfile.ZipFile(skeleton) as z:
            for info in z.infolist():
                if info.filename != self.NAME:
                    self._zip.writestr(info.filename, z.read(info), zipfile.ZIP_DEFLATED)
        self._zip.close()

    def discard(self) -> None:
        self._fh.close()
        self._zip.close()
        self.path.unlink(missing_ok=True)


def _xlsx_safe(v: object) -> object:
    """Cells that a spreadsheet would read as a formula are written as text (a leading apostrophe)."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
        return "'" + v
    return v


class Sinks:
    """Several sinks fed the same results."""

    def __init__(self, *sinks) -> None:
        self.sinks = sinks

    def __call__(self, results: list[RecordResult]) -> None:
        for s in self.sinks:
            s(results)

    def close(self) -> None:
        for s in self.sinks:
            s.close()


def write_outputs(analysis: Analysis, out_dir: str | Path, *, records: bool = True) -> None:
    """Write the outputs; `records=False` when records.jsonl/csv/xlsx were streamed already."""
    os.makedirs(out_dir, exist_ok=True)
    d = Path(out_dir)
    questions = [q.question for q in analysis.questions]
    if records:
        sink = Sinks(
            JsonlSink(d / "records.jsonl"), FlatSink(d, questions, expected_rows=lambda: len(analysis.records))
        )
        sink(analysis.records)
        sink.close()
    with open(d / "campaigns.json", "w", encoding="utf-8") as f:
        bp = getattr(analysis, "boilerplate", None)
        json.dump(
            {
                "campaigns": [c.as_json() for c in analysis.campaigns],
                "families": [fam.as_json() for fam in getattr(analysis, "families", [])],
                "stock_lines": bp.as_json() if bp is not None else None,
            },
            f,
            ensure_ascii=False,
            indent=1,
        )
    with open(d / "issues.json", "w", encoding="utf-8") as f:
        json.dump(
            {
                "group": analysis.taxonomy.group,
                "stats": analysis.stats,
                "overview": analysis.overview,
                "issues": [i.as_json() for i in analysis.issues],
            },
            f,
            ensure_ascii=False,
            indent=1,
        )
    if analysis.questions:
        with open(d / "questions.json", "w", encoding="utf-8") as f:
            json.dump({"questions": [q.as_json() for q in analysis.questions]}, f, ensure_ascii=False, indent=1)
    from insight.report import render_report

    (d / "report.html").write_text(render_report(analysis), encoding="utf-8")
