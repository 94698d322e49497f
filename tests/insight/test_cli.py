import csv
import json
import os
import subprocess
import sys

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from insight_samples import UNIQUES, campaign_variants

from insight.cli import EXIT_OK, EXIT_REFUSED, EXIT_SKIPPED, EXIT_USAGE, main


def _rows():
    rows = [
        {"id": f"c{i}", "text": t, "stakeholder_group": "civil-society", "country": "NG"}
        for i, t in enumerate(campaign_variants())
    ]
    rows += [{"id": i, "text": t, "stakeholder_group": g, "country": c} for i, t, g, c in UNIQUES]
    return rows


def _write(path, rows):
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    elif path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)


def _check(out, n=12):
    recs = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(recs) == n
    assert {"id", "language", "campaign", "issues", "country", "region", "flags"} <= set(recs[0])
    assert recs[0]["campaign"] == "C00001" and recs[-1]["campaign"] is None
    assert set(recs[0]["issues"][0]) == {"issue", "cluster", "score"} and 1 <= recs[0]["issues"][0]["cluster"] <= 4
    camps = json.loads((out / "campaigns.json").read_text(encoding="utf-8"))["campaigns"]
    assert camps[0]["size"] == 6 and camps[0]["variants"] == 6 and camps[0]["representative_text"]
    issues = json.loads((out / "issues.json").read_text(encoding="utf-8"))["issues"]
    assert len(issues) == 27
    assert {"raw", "voices", "raw_by_stakeholder_group", "voices_by_region", "raw_by_country"} <= set(
        issues[0]["counts"]
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "C00001" in html
    with (out / "records.csv").open(encoding="utf-8") as f:
        flat = list(csv.DictReader(f))
    assert [r["id"] for r in flat] == [r["id"] for r in recs]
    return recs


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_cli_reads_each_format(tmp_path, suffix, capsys):
    src = tmp_path / f"in{suffix}"
    _write(src, _rows())
    assert main(["analyze", str(src), "--out", str(tmp_path / "out"), "--workers", "1", "--no-xlsx"]) == EXIT_OK
    _check(tmp_path / "out")
    printed = capsys.readouterr().out  # the summary, though this is no terminal
    assert "Read 12 lines" in printed and "12 records accepted, 0 refused" in printed and "voices" in printed


def test_csv_export_with_a_mapping_a_questionnaire_and_an_xlsx_out(tmp_path, capsys):
    rows = _rows()
    src = tmp_path / "export.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["ReferenceId", "Feedback", "User type", "Country", "Support?"])
        for k, r in enumerate(rows):
            w.writerow([r["id"], r["text"], r["stakeholder_group"], "Nigeria" if r["country"] == "NG" else r["country"],
                        "Yes" if k % 3 else "No"])  # fmt: skip
    questions = tmp_path / "questions.json"
    questions.write_text(
        json.dumps(
            [
                {
                    "id": "support",
                    "kind": "single",
                    "label": "Do you support it?",
                    "choices": [
                        {"id": "yes", "label": "Yes", "stance": "support"},
                        {"id": "no", "label": "No", "stance": "oppose"},
                    ],
                }
            ]
        )
    )
    maps = ["--map", "id=ReferenceId", "--map", "text=Feedback", "--map", "stakeholder_group=User type"]
    maps += ["--map", "country=Country", "--map", "answer:support=Support?"]
    out = tmp_path / "out"
    assert main(["analyze", str(src), "--out", str(out), "--workers", "1", "--questions", str(questions), *maps]) == 0
    recs = _check(out)
    assert recs[0]["country"] == "NG" and recs[0]["region"] == "Africa" and recs[0]["country_given"] == "Nigeria"
    q = json.loads((out / "questions.json").read_text(encoding="utf-8"))["questions"][0]
    assert q["answered"]["raw"] == 12 and {c["id"]: c["raw"] for c in q["choices"]} == {"yes": 8, "no": 4}
    assert q["stance"]["support"]["raw"] == 8
    ws = openpyxl.load_workbook(out / "records.xlsx", read_only=True).active
    rows_x = list(ws.iter_rows(values_only=True))
    assert rows_x[0][0] == "id" and "answer:support" in rows_x[0] and len(rows_x) == 13
    assert json.loads((out / "summary.json").read_text())["xlsx"] == "written"


def test_refused_input_writes_nothing_and_says_why(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    _write(src, _rows())
    with src.open("a", encoding="utf-8") as f:
        f.write('{"id": "broken", "text": \n')
        f.write(json.dumps({"id": "u-spam", "text": "again"}) + "\n")
    out = tmp_path / "out"
    assert main(["analyze", str(src), "--out", str(out), "--workers", "1"]) == EXIT_REFUSED
    assert not out.exists() and not [p for p in tmp_path.iterdir() if "partial" in p.name]
    printed = capsys.readouterr().out
    assert "line 13: not valid JSON" in printed
    assert "line 14: the id 'u-spam' was already used on line 7" in printed
    assert "Nothing was written" in printed and "--skip-bad" in printed


def test_skip_bad_goes_on_lists_what_it_left_and_exits_4(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    _write(src, _rows())
    with src.open("ab") as f:
        f.write(b'{"id": "latin1", "text": "caf\xe9"}\n')
    out = tmp_path / "out"
    code = main(["analyze", str(src), "--out", str(out), "--workers", "1", "--skip-bad", "--no-xlsx", "--json"])
    assert code == EXIT_SKIPPED
    summary = json.loads(capsys.readouterr().out)
    assert summary["input"]["skipped"] == 1 and summary["input"]["problems_listed"][0]["line"] == 13
    assert summary["input"]["problems_listed"][0]["code"] == "bad_encoding"
    _check(out)


def test_a_csv_whose_text_column_has_another_name_is_refused(tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text("id,Feedback\n1,Some text\n", encoding="utf-8")
    assert main(["analyze", str(src), "--out", str(tmp_path / "o"), "--workers", "1"]) == EXIT_REFUSED
    printed = capsys.readouterr().out
    assert "no column 'text' for the text" in printed and "'Feedback'" in printed and "--map text=COLUMN" in printed
    assert not (tmp_path / "o").exists()


def test_usage_errors_exit_2(tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text("id,text\n1,x\n", encoding="utf-8")
    assert main(["analyze", str(src), "--out", str(tmp_path / "o"), "--map", "body=Text"]) == EXIT_USAGE
    assert "'body' is not a field" in capsys.readouterr().err
    bad_q = tmp_path / "q.json"
    bad_q.write_text('[{"id": "q1", "kind": "single", "label": "?"}]')
    assert main(["analyze", str(src), "--out", str(tmp_path / "o"), "--questions", str(bad_q)]) == EXIT_USAGE
    assert "lists no choices" in capsys.readouterr().err


def test_cli_with_exported_taxonomy(tmp_path, taxonomy):
    tax = {
        "group": "demo",
        "name": "Demo group",
        "clusters": [
            {
                "number": 1,
                "slug": "a",
                "title": "Names",
                "description": "",
                "issues": [
                    {
                        "slug": "dns",
                        "title": "Domain names",
                        "description": "Domain name system",
                        "keywords": ["domain"],
                    }
                ],
            },
            {
                "number": 2,
                "slug": "b",
                "title": "Abuse",
                "description": "",
                "issues": [
                    {"slug": "spam", "title": "Spam", "description": "Unsolicited bulk e-mail", "keywords": ["spam"]}
                ],
            },
        ],
    }
    (tmp_path / "tax.json").write_text(json.dumps(tax), encoding="utf-8")
    src = tmp_path / "in.jsonl"
    _write(src, _rows())
    main(
        ["analyze", str(src), "--out", str(tmp_path / "o"), "--taxonomy", str(tmp_path / "tax.json"), "--workers", "1"]
    )
    recs = [json.loads(line) for line in (tmp_path / "o" / "records.jsonl").read_text().splitlines()]
    assert recs[0]["issues"][0]["issue"] == "dns"
    assert {i["issue"] for i in json.loads((tmp_path / "o" / "issues.json").read_text())["issues"]} == {"dns", "spam"}


def test_console_script_end_to_end_on_a_process_pool(tmp_path):
    src = tmp_path / "in.jsonl"
    _write(src, _rows())
    exe = os.path.join(os.path.dirname(sys.executable), "plenary-insight")
    res = subprocess.run(  # noqa: S603 (our own console script, fixed arguments)
        [exe, "analyze", str(src), "--out", str(tmp_path / "out"), "--workers", "2", "--no-xlsx"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""  # no progress bar when not on a terminal
    assert "Analysed 12 records" in res.stdout  # but the summary, always
    _check(tmp_path / "out")
