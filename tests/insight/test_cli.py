import csv
import json
import os
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from insight_samples import UNIQUES, campaign_variants

from insight.cli import main


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


def _check(out):
    recs = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 12
    assert set(recs[0]) == {"id", "language", "campaign", "issues"}
    assert recs[0]["campaign"] == "C00001" and recs[-1]["campaign"] is None
    assert set(recs[0]["issues"][0]) == {"issue", "cluster", "score"} and 1 <= recs[0]["issues"][0]["cluster"] <= 4
    camps = json.loads((out / "campaigns.json").read_text(encoding="utf-8"))["campaigns"]
    assert camps[0]["size"] == 6 and camps[0]["variants"] == 6 and camps[0]["representative_text"]
    issues = json.loads((out / "issues.json").read_text(encoding="utf-8"))["issues"]
    assert len(issues) == 27
    assert {"raw", "voices", "raw_by_stakeholder_group", "voices_by_region"} <= set(issues[0]["counts"])
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "C00001" in html
    return recs


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_cli_reads_each_format(tmp_path, suffix):
    src = tmp_path / f"in{suffix}"
    _write(src, _rows())
    assert main(["analyze", str(src), "--out", str(tmp_path / "out"), "--workers", "1"]) == 0
    _check(tmp_path / "out")


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
        [exe, "analyze", str(src), "--out", str(tmp_path / "out"), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""  # quiet when not on a terminal
    _check(tmp_path / "out")
