"""Open data: the public record of a published contribution, and its CSV and JSON renderings.

Pure functions of what they are given. Only what is public goes in: never the e-mail, never a name without
consent, never an unpublished contribution (the caller passes selectors' public lists, and `public_record`
refuses anything else).
"""

import csv
import io
import json

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
]


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
    }


def _csv_safe(value) -> str:
    # Spreadsheets run cells that start with = + - @ as formulas: a leading quote keeps them text.
    text = str(value if value is not None else "")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        row = dict(record)
        row["issues"] = ";".join(record["issues"])
        row["attachments"] = " ".join(a["url"] for a in record["attachments"])
        writer.writerow([_csv_safe(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def render_json(records: list[dict], *, meta: dict | None = None) -> str:
    return json.dumps({"meta": meta or {}, "contributions": records}, ensure_ascii=False, indent=1)
