"""Reading consultation exports (CSV, XLSX, JSONL, JSON, Parquet) into records, with a column mapping and checks.

One place for the CLI (`plenary-insight analyze`) and the web app's `manage.py import_contributions`, so both
accept the same files and refuse the same lines with the same messages:

    mapping = ColumnMapping.parse(["text=Feedback", "id=ReferenceId", "country=Country"])
    reader = RecordReader("export.csv", mapping, skip_bad=False, questions=questions)
    reader.check()                    # the file opens, its header has the mapped id and text columns
    for chunk in reader.chunks():     # lists of Record; every call reads the file again, skipping the same lines
        ...
    reader.report                     # what was read, accepted and skipped, with line numbers

An importer checks the whole file before it writes: `reader.validate()` (raises InputError), then
`for line, row, record in reader.accepted_rows(): ...` (the raw row gives the columns a Record has no field for).

Without `skip_bad`, the first pass over the file raises `InputError` (all its problems, each with its line) once
the whole file has been read and before a caller has written anything; with it, bad lines are left out, listed in
`report.problems`, and every later pass leaves out the same lines. Line numbers are the file's own: CSV lines
(the header is line 1; a quoted field over several lines counts them all), spreadsheet rows, JSONL lines, and the
position of an object in a JSON array or of a row in Parquet.

Each problem has a `code` and `params` as well as its English `message`, so the web app can word it in its own
translation catalogue; the messages here are marked for gettext.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from gettext import gettext as _
from pathlib import Path

from insight.model import Record
from insight.questionnaire import OPEN, Question, answer_values

FIELDS = (
    "id",
    "text",
    "language",
    "stakeholder_group",
    "country",
    "region",
    "submitted_at",
    "title",
    "issues",
    "attachments",
)
REQUIRED = ("id", "text")
ANSWER = "answer:"  # --map answer:QUESTION=COLUMN
FORMATS = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
FORMATS[".parquet"] = "parquet"
MAX_LISTED = 50  # problems kept with their message; beyond, only counted

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # long contributions are one field


@dataclass(frozen=True, slots=True)
class Problem:
    """One refused line (or, with line None, the file as a whole)."""

    line: int | None
    code: str
    message: str
    params: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"line": self.line, "code": self.code, "message": self.message, **self.params}

    def __str__(self) -> str:
        return (
            self.message
            if self.line is None
            else _("line %(line)d: %(message)s")
            % {
                "line": self.line,
                "message": self.message,
            }
        )


class InputError(Exception):
    """The input cannot be used as it is; `problems` say where and why."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__("; ".join(str(p) for p in problems[:3]))


@dataclass(slots=True)
class ReadReport:
    """What one pass over the file found: the figures the summary prints."""

    path: str
    format: str
    rows: int = 0  # data lines or rows seen (blank lines not counted)
    accepted: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    by_code: dict[str, int] = field(default_factory=dict)
    skipped_lines: list[int] = field(default_factory=list)
    without_text: int = 0  # accepted records whose text is empty (answers or attachments only, or nothing)

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        self.by_code[problem.code] = self.by_code.get(problem.code, 0) + 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)

    def as_json(self) -> dict:
        return {
            "path": self.path,
            "format": self.format,
            "rows": self.rows,
            "accepted": self.accepted,
            "skipped": self.rows - self.accepted,
            "without_text": self.without_text,
            "problems": self.problem_count,
            "problems_by_kind": dict(sorted(self.by_code.items())),
            "problems_listed": [p.as_json() for p in self.problems],
        }


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which source column feeds each Record field (and each question's answer); unmapped fields keep their name."""

    columns: dict[str, str] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, pairs: list[str] | None = None, file: str | Path | None = None) -> ColumnMapping:
        """From `FIELD=COLUMN` pairs (`--map`) over a JSON mapping file ({"text": "Feedback", "answers": {...}})."""
        columns: dict[str, str] = {}
        answers: dict[str, str] = {}
        if file:
            try:
                data = json.loads(Path(file).read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                raise MappingError(
                    _("cannot read the mapping file %(file)s: %(error)s") % {"file": file, "error": e}
                ) from e
            if not isinstance(data, dict):
                raise MappingError(_("the mapping file must hold a JSON object of field: column"))
            answers.update({str(k): str(v) for k, v in (data.pop("answers", None) or {}).items()})
            for k, v in data.items():
                _put(columns, answers, str(k), str(v))
        for pair in pairs or []:
            name, sep, column = pair.partition("=")
            if not sep or not name.strip() or not column.strip():
                raise MappingError(_("--map takes FIELD=COLUMN, not %(pair)r") % {"pair": pair})
            _put(columns, answers, name.strip(), column.strip())
        return cls(columns, answers)

    def column(self, name: str) -> str:
        return self.columns.get(name, name)

    def answer_column(self, question: Question) -> str:
        return self.answers.get(question.id) or question.column or question.id


class MappingError(ValueError):
    """A mapping that names no Record field, or is not written FIELD=COLUMN."""


def _put(columns: dict[str, str], answers: dict[str, str], name: str, column: str) -> None:
    if name.startswith(ANSWER):
        answers[name[len(ANSWER) :]] = column
    elif name in FIELDS:
        columns[name] = column
    else:
        raise MappingError(
            _("%(name)r is not a field; the fields are %(fields)s, and answer:QUESTION for a question's answers")
            % {"name": name, "fields": ", ".join(FIELDS)}
        )


def file_format(path: str | Path) -> str:
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(
            [
                Problem(
                    None,
                    "unknown_format",
                    _("cannot read %(suffix)s files: give .csv, .tsv, .xlsx, .jsonl, .json or .parquet")
                    % {"suffix": Path(path).suffix or _("extension-less")},
                    {"suffix": Path(path).suffix},
                )
            ]
        )
    return fmt


# ---------------------------------------------------------------- raw rows per format

Row = tuple[int, dict]  # (line number, column -> value)


class _Rows:
    """Raw rows of one file, with the header (column names) known before the first row where the format has one."""

    def __init__(self, path: Path, fmt: str, encoding: str, delimiter: str | None, sheet: str | None) -> None:
        self.path, self.fmt, self.encoding, self.delimiter, self.sheet = path, fmt, encoding, delimiter, sheet

    def header(self) -> list[str] | None:
        """Column names (CSV, XLSX, Parquet), or the keys of the first object (JSONL, JSON); None: no data."""
        for item in self.iter():
            if isinstance(item, Problem):
                if item.line is None:
                    raise InputError([item])
                continue
            return list(item[1])
        return None

    def iter(self) -> Iterator[Row | Problem]:
        return getattr(self, f"_{self.fmt}")()

    def _lines(self) -> Iterator[tuple[int, str, Problem | None]]:
        """Decoded lines with their number; a line that is not valid in the encoding is decoded with U+FFFD and
        comes with its problem."""
        with open(self.path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                try:
                    line = raw.decode(self.encoding)
                    bad = None
                except UnicodeDecodeError as e:
                    line = raw.decode(self.encoding, errors="replace")
                    bad = Problem(
                        n,
                        "bad_encoding",
                        _(
                            "byte 0x%(byte)02x at character %(column)d is not valid %(encoding)s; save the file as "
                            "UTF-8 or give its encoding (--encoding)"
                        )
                        % {"byte": raw[e.start], "column": e.start + 1, "encoding": self.encoding},
                        {"byte": raw[e.start], "column": e.start + 1},
                    )
                if n == 1:
                    line = line.removeprefix("\ufeff")
                yield n, line, bad

    def _csv(self) -> Iterator[Row | Problem]:
        bad_lines: dict[int, Problem] = {}
        numbers: list[int] = []

        def text_lines() -> Iterator[str]:
            for n, line, bad in self._lines():
                if bad:
                    bad_lines[n] = bad
                numbers.append(n)
                yield line

        lines = text_lines()
        first = next(lines, None)
        if first is None:
            return
        delimiter = self.delimiter or ("\t" if self.path.suffix.lower() == ".tsv" else _sniff(first))
        reader = csv.reader(_chain(first, lines), delimiter=delimiter)
        try:
            header = next(reader)
        except csv.Error as e:
            yield Problem(1, "bad_line", _("the header cannot be read: %(error)s") % {"error": e})
            return
        header = [h.strip() for h in header]
        width = len(header)
        if bad_lines.get(1):
            yield bad_lines.pop(1)
        end = reader.line_num
        while True:
            start = end + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                end = reader.line_num
                yield Problem(start, "bad_line", _("this line cannot be read as CSV: %(error)s") % {"error": e})
                continue
            end = reader.line_num
            spanned = [bad_lines.pop(n) for n in range(start, end + 1) if n in bad_lines]
            if spanned:
                yield Problem(start, spanned[0].code, spanned[0].message, spanned[0].params)
                continue
            if not values or all(not v.strip() for v in values):
                continue
            if len(values) != width:
                yield Problem(
                    start,
                    "bad_line",
                    _("%(found)d fields where the header has %(width)d (a stray quote or delimiter?)")
                    % {"found": len(values), "width": width},
                    {"found": len(values), "width": width},
                )
                continue
            yield start, dict(zip(header, values, strict=True))

    def _jsonl(self) -> Iterator[Row | Problem]:
        for n, line, bad in self._lines():
            if bad:
                yield bad
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                yield Problem(n, "bad_json", _("not valid JSON: %(error)s") % {"error": e}, {"error": str(e)})
                continue
            if not isinstance(obj, dict):
                yield Problem(
                    n,
                    "bad_json",
                    _("a line must hold a JSON object, not %(kind)s") % {"kind": type(obj).__name__},
                )
                continue
            yield n, obj

    def _json(self) -> Iterator[Row | Problem]:
        try:
            data = json.loads(self.path.read_bytes().decode(self.encoding).removeprefix("\ufeff"))
        except UnicodeDecodeError as e:
            yield Problem(
                None,
                "bad_encoding",
                _("the file is not valid %(encoding)s: %(error)s")
                % {
                    "encoding": self.encoding,
                    "error": e,
                },
            )
            return
        except ValueError as e:
            yield Problem(None, "bad_json", _("the file is not valid JSON: %(error)s") % {"error": e})
            return
        if isinstance(data, dict):  # {"records": [...]} or {"feedback": [...]}: the one list it holds
            lists = [v for v in data.values() if isinstance(v, list)]
            data = lists[0] if len(lists) == 1 else None
        if not isinstance(data, list):
            yield Problem(None, "bad_json", _("the file must hold a JSON array of objects"))
            return
        for n, obj in enumerate(data, 1):
            if isinstance(obj, dict):
                yield n, obj
            else:
                yield Problem(
                    n, "bad_json", _("item must be a JSON object, not %(kind)s") % {"kind": type(obj).__name__}
                )

    def _xlsx(self) -> Iterator[Row | Problem]:
        import zipfile

        import openpyxl

        try:
            wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError) as e:
            yield Problem(None, "bad_file", _("not a readable XLSX workbook: %(error)s") % {"error": e})
            return
        try:
            if self.sheet and self.sheet not in wb.sheetnames:
                yield Problem(
                    None,
                    "bad_file",
                    _("the workbook has no sheet %(sheet)r (sheets: %(sheets)s)")
                    % {"sheet": self.sheet, "sheets": ", ".join(wb.sheetnames)},
                )
                return
            ws = wb[self.sheet] if self.sheet else wb.active
            header: list[str] | None = None
            for n, values in enumerate(ws.iter_rows(values_only=True), 1):
                cells = ["" if v is None else _cell(v) for v in values]
                if header is None:
                    if any(cells):
                        header = [c.strip() for c in cells]
                    continue
                if not any(c.strip() for c in cells):
                    continue
                cells += [""] * (len(header) - len(cells))
                yield n, {h: c for h, c in zip(header, cells, strict=False) if h}
        finally:
            wb.close()

    def _parquet(self) -> Iterator[Row | Problem]:
        import pyarrow.parquet as pq

        try:
            f = pq.ParquetFile(self.path)
        except Exception as e:  # pyarrow raises several kinds for a file that is not Parquet
            yield Problem(None, "bad_file", _("not a readable Parquet file: %(error)s") % {"error": e})
            return
        n = 0
        for batch in f.iter_batches(batch_size=4000):
            for d in batch.to_pylist():
                n += 1
                yield n, d


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _sniff(header_line: str) -> str:
    """The header's delimiter among , ; tab and | (exports from spreadsheets in many locales use ';')."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _cell(v: object) -> str:
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# ---------------------------------------------------------------- rows to records


class RecordReader:
    """Records from one file through a mapping, checked; see the module docstring."""

    def __init__(
        self,
        path: str | Path,
        mapping: ColumnMapping | None = None,
        *,
        skip_bad: bool = False,
        questions: list[Question] | None = None,
        encoding: str = "utf-8",
        delimiter: str | None = None,
        sheet: str | None = None,
        chunk_size: int = 4000,
    ) -> None:
        self.path = Path(path)
        self.mapping = mapping or ColumnMapping()
        self.skip_bad = skip_bad
        self.questions = list(questions or [])
        self.chunk_size = chunk_size
        self.format = file_format(self.path)
        self._rows = _Rows(self.path, self.format, encoding, delimiter, sheet)
        self.report = ReadReport(str(self.path), self.format)
        self._skip: set[int] | None = None  # lines the first full pass refused; later passes leave them out
        self._columns: tuple[str, ...] | None = None
        self._answers_only_flag = False
        self._checked = False

    def check(self) -> list[str]:
        """Open the file and check that the mapped id and text columns exist; returns the column names.

        Raises InputError (nothing read yet) for an unreadable file, an empty one or a missing column.
        """
        if not self.path.is_file():
            raise InputError([Problem(None, "no_file", _("no such file: %(path)s") % {"path": self.path})])
        header = self._rows.header()
        if header is None:
            raise InputError([Problem(None, "empty", _("the file holds no records"))])
        missing = []
        required = [f for f in REQUIRED if not (f == "text" and self._answers_only())]
        for name in required:
            col = self.mapping.column(name)
            if col not in header and not (self.format in ("jsonl", "json") and self._in_later_lines(col)):
                missing.append(
                    Problem(
                        1 if self.format in ("csv", "xlsx") else None,
                        "missing_column",
                        _(
                            "no column %(column)r for the %(field)s (the columns are: %(columns)s); map one with "
                            "--map %(field)s=COLUMN"
                        )
                        % {"column": col, "field": name, "columns": ", ".join(map(repr, header[:40]))},
                        {"field": name, "column": col},
                    )
                )
        for q in self.questions:
            col = self.mapping.answer_column(q)
            if col not in header and q.id in self.mapping.answers:
                missing.append(
                    Problem(
                        1 if self.format in ("csv", "xlsx") else None,
                        "missing_column",
                        _("no column %(column)r for the answers to question %(question)s")
                        % {
                            "column": col,
                            "question": q.id,
                        },
                        {"field": f"answer:{q.id}", "column": col},
                    )
                )
        if missing:
            raise InputError(missing)
        self._checked = True
        return header

    def _answers_only(self) -> bool:
        """True when the mapping gives no text column but the questionnaire has open questions to read instead."""
        return "text" not in self.mapping.columns and any(q.kind == OPEN for q in self.questions)

    def _in_later_lines(self, column: str) -> bool:
        """JSON lines need not all have the same keys: a column is there if any of the first 100 objects has it."""
        for k, item in enumerate(self._rows.iter()):
            if k >= 100:
                break
            if not isinstance(item, Problem) and column in item[1]:
                return True
        return False

    def chunks(self) -> Iterator[list[Record]]:
        """Lists of records; the first full pass checks every line, later passes leave out the same lines."""
        if not self._checked:
            self.check()
        first = self._skip is None
        if first:
            self.report = ReadReport(str(self.path), self.format)
            skip: set[int] = set()
            seen: dict[str, int] = {}
        chunk: list[Record] = []
        for item in self._rows.iter():
            if isinstance(item, Problem):
                if item.line is None:
                    raise InputError([item])
                if first:
                    self.report.rows += 1
                    self.report.add(item)
                    skip.add(item.line)
                continue
            line, row = item
            if not first:
                if line in self._skip:
                    continue
                chunk.append(self._record(line, row)[0])
            else:
                self.report.rows += 1
                record, problem = self._record(line, row)
                if problem is None:
                    earlier = seen.get(record.id)
                    if earlier is not None:
                        problem = Problem(
                            line,
                            "duplicate_id",
                            _("the id %(id)r was already used on line %(first)d") % {"id": record.id, "first": earlier},
                            {"id": record.id, "first_line": earlier},
                        )
                    else:
                        seen[record.id] = line
                if problem is not None:
                    self.report.add(problem)
                    skip.add(line)
                    continue
                self.report.accepted += 1
                if not record.text.strip():
                    self.report.without_text += 1
                chunk.append(record)
            if len(chunk) >= self.chunk_size:
                yield chunk
                chunk = []
        if first:
            self.report.skipped_lines = sorted(skip)
            if self.report.problem_count and not self.skip_bad:
                raise InputError(self.report.problems, self.report.problem_count)
            if not self.report.accepted:
                raise InputError([Problem(None, "empty", _("no record could be read from the file"))])
            self._skip = skip
        if chunk:
            yield chunk

    def validate(self) -> ReadReport:
        """Read the whole file once, checking every line (the first pass), and return the report.

        Raises InputError as `chunks` does. An importer calls this before writing anything, then `accepted_rows`.
        """
        for _chunk in self.chunks():
            pass
        return self.report

    def accepted_rows(self) -> Iterator[tuple[int, dict, Record]]:
        """(line, raw row, record) for every accepted line, after `validate`: the raw row holds the columns a
        Record has no field for (an importer's submitter name, organisation, consent)."""
        if self._skip is None:
            self.validate()
        assert self._skip is not None
        for item in self._rows.iter():
            if isinstance(item, Problem) or item[0] in self._skip:
                continue
            line, row = item
            yield line, row, self._record(line, row)[0]

    def _record(self, line: int, row: dict) -> tuple[Record, Problem | None]:
        m = self.mapping
        if self._columns is None:  # looked up once: this runs for every line of every pass
            self._columns = tuple(m.column(name) for name in FIELDS)
            self._answers_only_flag = self._answers_only()
        values = [row.get(col) for col in self._columns]
        get = dict(zip(FIELDS, [None if v is None else (str(v).strip() or None) for v in values], strict=True))
        rid = get["id"]
        answers, problem = self._answers(line, row) if self.questions or "answers" in row else ({}, None)
        text = get["text"] or ""
        if self._answers_only_flag and not text and answers:
            # No free-text column: the open answers are the respondent's own words, one paragraph each.
            text = "\n\n".join(str(answers[q.id]) for q in self.questions if q.kind == OPEN and answers.get(q.id))
        rec = Record(
            id=rid or "",
            text=text,
            language=get["language"],
            stakeholder_group=get["stakeholder_group"],
            country=get["country"],
            region=get["region"],
            submitted_at=get["submitted_at"],
            title=get["title"],
            issues=_list(values[FIELDS.index("issues")]) or None,
            attachments=_list(values[FIELDS.index("attachments")], separators=(";", "\n", "|")) or None,
            answers=answers or None,
        )
        if not rid:
            return rec, Problem(
                line,
                "no_id",
                _("no id (the column %(column)r is empty)") % {"column": m.column("id")},
                {"column": m.column("id")},
            )
        return rec, problem

    def _answers(self, line: int, row: dict) -> tuple[dict, Problem | None]:
        if not self.questions:
            given = row.get("answers")
            return (dict(given), None) if isinstance(given, dict) else ({}, None)
        nested = row.get("answers") if isinstance(row.get("answers"), dict) else {}
        out: dict = {}
        for q in self.questions:
            col = self.mapping.answer_column(q)
            raw = row.get(col, nested.get(q.id))
            if q.kind == OPEN:
                value = _value(raw)
                if value:
                    out[q.id] = value
                continue
            picked = []
            for v in answer_values(raw):
                choice = q.choice(v)
                if choice is None:
                    return out, Problem(
                        line,
                        "bad_answer",
                        _("%(value)r is not a choice of question %(question)s (choices: %(choices)s)")
                        % {"value": v, "question": q.id, "choices": ", ".join(c.label for c in q.choices)},
                        {"question": q.id, "value": v},
                    )
                picked.append(choice.id)
            if q.kind == "single" and len(picked) > 1:
                return out, Problem(
                    line,
                    "bad_answer",
                    _("question %(question)s takes one choice, not %(count)d")
                    % {"question": q.id, "count": len(picked)},
                    {"question": q.id, "value": ";".join(picked)},
                )
            if picked:
                out[q.id] = picked[0] if q.kind == "single" else picked
        return out, None


def _value(v: object) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _list(v: object, separators: tuple[str, ...] = (";",)) -> list[str]:
    if v is None:
        return []
    if isinstance(v, list | tuple):
        return [str(x).strip() for x in v if str(x).strip()]
    s = str(v)
    for sep in separators[1:]:
        s = s.replace(sep, separators[0])
    return [x.strip() for x in s.split(separators[0]) if x.strip()]
