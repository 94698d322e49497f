"""Reading records from JSONL, CSV or Parquet as a stream of chunks, and writing the four outputs."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from insight.model import Record, RecordResult

if TYPE_CHECKING:
    from insight.pipeline import Analysis

FIELDS = ("id", "text", "language", "stakeholder_group", "country", "region", "submitted_at", "title")


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
    )


def read_records(path: str | Path, chunk_size: int = 4000) -> Iterator[list[Record]]:
    """Chunks of records from a .jsonl/.ndjson, .csv or .parquet file, read as a stream."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        f = pq.ParquetFile(p)
        for batch in f.iter_batches(batch_size=chunk_size):
            yield [record_from_dict(d) for d in batch.to_pylist()]
        return
    with open(p, encoding="utf-8", newline="") as fh:
        if suffix == ".csv":
            rows = (record_from_dict(d) for d in csv.DictReader(fh))
        else:
            rows = (record_from_dict(json.loads(line)) for line in fh if line.strip())
        chunk: list[Record] = []
        for r in rows:
            chunk.append(r)
            if len(chunk) >= chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


class JsonlSink:
    """Writes record results as they come, so a run of millions never holds them all."""

    def __init__(self, path: str | Path) -> None:
        self._fh = open(path, "w", encoding="utf-8")  # noqa: SIM115 (held open across calls; close() ends it)

    def __call__(self, results: list[RecordResult]) -> None:
        self._fh.write("".join(json.dumps(r.as_json(), ensure_ascii=False) + "\n" for r in results))

    def close(self) -> None:
        self._fh.close()


def write_outputs(analysis: Analysis, out_dir: str | Path, *, records: bool = True) -> None:
    os.makedirs(out_dir, exist_ok=True)
    d = Path(out_dir)
    if records:
        sink = JsonlSink(d / "records.jsonl")
        sink(analysis.records)
        sink.close()
    with open(d / "campaigns.json", "w", encoding="utf-8") as f:
        json.dump({"campaigns": [c.as_json() for c in analysis.campaigns]}, f, ensure_ascii=False, indent=1)
    with open(d / "issues.json", "w", encoding="utf-8") as f:
        json.dump(
            {
                "group": analysis.taxonomy.group,
                "stats": analysis.stats,
                "issues": [i.as_json() for i in analysis.issues],
            },
            f,
            ensure_ascii=False,
            indent=1,
        )
    from insight.report import render_report

    (d / "report.html").write_text(render_report(analysis), encoding="utf-8")
