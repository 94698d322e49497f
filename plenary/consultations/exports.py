"""Open data: the public record of a published contribution, and its CSV, JSON and JSON Lines renderings.

Pure functions of what they are given, written as generators so that an export of a million contributions streams
row by row with flat memory. Only what is public goes in: never the e-mail, never a name without consent, never
an unpublished contribution (the caller passes `contribution_list(viewer=None)`, which asks core.visibility).
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator

from .models import Contribution

CSV_COLUMNS = [
    "reference",
    "url",
    "group",
    "call",
    "kind",
    "title",
    "text",
    "language",
    "author",
    "organisation",
    "on_behalf_of",
    "stakeholder_group",
    "country",
    "region",
    "issues",
    "submitted_at",
    "published_at",
    "attachments",
    "illustrative",
    "answers",
]


def public_records(contributions, *, base_url: str = "", chunk_size: int = 250):
    """`public_record` for each of these contributions, read `chunk_size` at a time from a server-side cursor.

    Each contribution's prefetched files point back at it (a reference cycle), so without the `pop` below no row
    was freed before a full garbage collection: a 10 MB export left a worker ~60 MB larger for good."""
    for contribution in contributions.iterator(chunk_size=chunk_size):
        record = public_record(contribution, base_url=base_url)
        contribution.__dict__.pop("_prefetched_objects_cache", None)
        yield record


def public_record(contribution: Contribution, *, base_url: str = "") -> dict:
    """The open-data fields of a contribution the caller took from `contribution_list(viewer=None)`."""
    return {
        "reference": contribution.reference,
        "url": base_url + contribution.get_absolute_url(),
        "group": contribution.group.slug,
        "call": contribution.call.slug,
        "kind": contribution.kind,
        "title": contribution.title,
        "text": contribution.text,
        "language": contribution.language,
        "author": contribution.public_name,
        "organisation": contribution.public_organisation,
        "on_behalf_of": contribution.on_behalf_of,
        "stakeholder_group": contribution.stakeholder_group.slug if contribution.stakeholder_group else "",
        "country": contribution.country,
        "region": contribution.region,
        "issues": [issue.slug for issue in contribution.issues.all()],
        "submitted_at": contribution.submitted_at.isoformat(),
        "published_at": contribution.published_at.isoformat() if contribution.published_at else None,
        "attachments": [
            {
                "name": attachment.original_name,
                "url": base_url + attachment.get_download_url(),
                "content_type": attachment.content_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
                "pages": attachment.pages,
            }
            for attachment in contribution.attachments.all()
        ],
        "illustrative": contribution.is_illustrative,
        "answers": contribution.answers or {},
    }


def _csv_safe(value) -> str:
    # Spreadsheets run cells that start with = + - @ as formulas: a leading quote keeps them text.
    text = str(value if value is not None else "")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_line(values: list) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(values)
    return out.getvalue()


def csv_lines(records: Iterable[dict]) -> Iterator[str]:
    yield _csv_line(CSV_COLUMNS)
    for record in records:
        row = dict(record)
        row["issues"] = ";".join(record["issues"])
        row["attachments"] = " ".join(a["url"] for a in record["attachments"])
        row["answers"] = json.dumps(record["answers"], ensure_ascii=False) if record["answers"] else ""
        yield _csv_line([_csv_safe(row[column]) for column in CSV_COLUMNS])


def json_chunks(records: Iterable[dict], *, meta: dict | None = None) -> Iterator[str]:
    """One JSON document {"meta": ..., "contributions": [...]}, written a record at a time."""
    yield '{"meta": ' + json.dumps(meta or {}, ensure_ascii=False, default=str) + ', "contributions": ['
    for n, record in enumerate(records):
        yield ("," if n else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"


def jsonl_lines(records: Iterable[dict]) -> Iterator[str]:
    """JSON Lines: one contribution a line, the format bulk users load best."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def render_csv(records: Iterable[dict]) -> str:
    return "".join(csv_lines(records))


def render_json(records: Iterable[dict], *, meta: dict | None = None) -> str:
    return "".join(json_chunks(records, meta=meta))
