"""The flat table of results: CSV always, XLSX up to its row limit, formulas never."""

import csv

import openpyxl

from insight import io
from insight.model import RecordResult


def _results(n):
    return [RecordResult(f"r{i}", "en", None, [("spam", 2, 0.91234)], country="DE", flags=["x"]) for i in range(n)]


def test_csv_and_xlsx_hold_the_same_rows_and_formulas_are_text(tmp_path):
    sink = io.FlatSink(tmp_path, expected_rows=lambda: 3)
    rows = [*_results(2), RecordResult("=cmd|' /C calc'!A0", "en", None, [])]
    sink(rows)
    sink.close()
    with (tmp_path / "records.csv").open(encoding="utf-8") as f:
        flat = list(csv.DictReader(f))
    assert [r["id"] for r in flat] == ["r0", "r1", "=cmd|' /C calc'!A0"] and flat[0]["score_1"] == "0.9123"
    ws = openpyxl.load_workbook(tmp_path / "records.xlsx").active
    values = list(ws.iter_rows(values_only=True))
    assert values[0] == tuple(io.flat_header()) and len(values) == 4
    assert values[3][0].startswith("'=")


def test_no_spreadsheet_past_the_row_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(io, "XLSX_MAX_ROWS", 5)
    known = io.FlatSink(tmp_path, expected_rows=lambda: 6)
    known(_results(6))
    known.close()
    assert not (tmp_path / "records.xlsx").exists() and "over 5 records" in known.xlsx_note
    unknown = io.FlatSink(tmp_path)  # count not known beforehand: started, then dropped
    unknown(_results(6))
    unknown.close()
    assert not (tmp_path / "records.xlsx").exists() and not unknown.wrote_xlsx
    assert len((tmp_path / "records.csv").read_text().splitlines()) == 7
