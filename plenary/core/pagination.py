"""Keyset (cursor) pagination: a page is found by the sort values of the row before it, not by counting rows.

OFFSET makes page 5,000 cost what 100,000 rows cost; a keyset page costs one index range scan whatever its depth.
The cursor is opaque to the reader (URL-safe base64 of the boundary row's sort values) and tampering with it gives
a clear 400, never a 500. Django's Paginator stays for short lists where page numbers help.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import BadRequest
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str | None
    previous_cursor: str | None
    per_page: int

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def _field(model: type[models.Model], name: str) -> models.Field:
    if name in ("pk", "id"):
        return model._meta.pk
    return model._meta.get_field(name)


def _encode(direction: str, values: list[Any]) -> str:
    data = json.dumps([direction, [v.isoformat() if hasattr(v, "isoformat") else v for v in values]])
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def _decode(model: type[models.Model], ordering: list[str], cursor: str) -> tuple[str, list[Any]]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        direction, raw = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if direction not in ("n", "p") or not isinstance(raw, list) or len(raw) != len(ordering):
            raise ValueError(cursor)
        values = [_field(model, name.lstrip("-")).to_python(value) for name, value in zip(ordering, raw, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadRequest(_("This page link is damaged: go back to the first page.")) from error
    except Exception as error:  # a field's to_python refusing the value (ValidationError)
        raise BadRequest(_("This page link is damaged: go back to the first page.")) from error
    return direction, values


def _after(ordering: list[str], values: list[Any], *, forward: bool) -> Q:
    """Rows strictly after (or before) the boundary row in the given ordering: (a, b) > (x, y) written out."""
    condition = Q()
    for i, name in enumerate(ordering):
        field = name.lstrip("-")
        descending = name.startswith("-")
        op = "lt" if descending == forward else "gt"
        step = Q(**{f"{field}__{op}": values[i]})
        for earlier, value in zip(ordering[:i], values[:i], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        condition |= step
    return condition


def _values(obj: models.Model, ordering: list[str]) -> list[Any]:
    return [getattr(obj, name.lstrip("-")) for name in ordering]


def keyset_page(queryset: models.QuerySet, *, ordering: list[str], cursor: str | None, per_page: int) -> KeysetPage:
    """One page of `queryset` in `ordering` (which must end in a unique field, e.g. "-id"), after `cursor`."""
    model = queryset.model
    reverse = [name[1:] if name.startswith("-") else f"-{name}" for name in ordering]
    backwards = False
    if cursor:
        direction, values = _decode(model, ordering, cursor)
        backwards = direction == "p"
        queryset = queryset.filter(_after(ordering, values, forward=not backwards))
    rows = list(queryset.order_by(*(reverse if backwards else ordering))[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
    has_next = more if not backwards else True
    has_previous = bool(cursor) and (more if backwards else True)
    return KeysetPage(
        object_list=rows,
        next_cursor=_encode("n", _values(rows[-1], ordering)) if rows and has_next else None,
        previous_cursor=_encode("p", _values(rows[0], ordering)) if rows and has_previous else None,
        per_page=per_page,
    )


def count_bounded(queryset: models.QuerySet, *, cap: int = 10_000) -> tuple[int, bool]:
    """How many rows, counting no further than `cap` + 1: (count, exact). A page says "more than 10,000"."""
    n = queryset.order_by()[: cap + 1].count()
    return (min(n, cap), n <= cap)


# Several querysets as one list ---------------------------------------------------------------------------------------


def _merged_after(rank: int, boundary: tuple, field: str, *, forward: bool) -> Q:
    """Rows of the queryset with this rank strictly after (or before) the boundary in (field, rank, id) order."""
    value, boundary_rank, pk = boundary
    op = "gt" if forward else "lt"
    if rank == boundary_rank:
        return Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"id__{op}": pk})
    ahead = rank > boundary_rank if forward else rank < boundary_rank
    return Q(**{f"{field}__{op}e" if ahead else f"{field}__{op}": value})


def _merged_encode(direction: str, key: tuple) -> str:
    value, rank, pk = key
    data = json.dumps([direction, value.isoformat() if hasattr(value, "isoformat") else value, rank, pk])
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def _merged_decode(cursor: str, field: models.Field) -> tuple[str, tuple]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        direction, raw, rank, pk = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if direction not in ("n", "p") or not isinstance(rank, int) or not isinstance(pk, int):
            raise ValueError(cursor)
        value = field.to_python(raw)
    except Exception as error:  # malformed base64, JSON, shape or value: all the same damaged link
        raise BadRequest(_("This page link is damaged: go back to the first page.")) from error
    return direction, (value, rank, pk)


def keyset_page_merged(
    querysets: list[tuple[int, models.QuerySet]], *, field: str, cursor: str | None, per_page: int
) -> KeysetPage:
    """One page of several querysets (of different models) read as one list in (field, rank, id) order, ascending.

    `querysets` are (rank, queryset) pairs; the rank orders rows of equal `field` and must be unique. Each queryset
    reads at most `per_page` + 1 (pk, field) rows after the cursor, by its own index, and the reads are merged: a
    page costs one range scan per queryset whatever its depth. The page holds (rank, pk) pairs, for the caller to
    read the rows it shows in bulk.
    """
    direction, boundary = ("n", None)
    if cursor and querysets:
        direction, boundary = _merged_decode(cursor, querysets[0][1].model._meta.get_field(field))
    forward = direction == "n"
    keys: list[tuple] = []
    for rank, queryset in querysets:
        if boundary is not None:
            queryset = queryset.filter(_merged_after(rank, boundary, field, forward=forward))
        order = [field, "id"] if forward else [f"-{field}", "-id"]
        keys += [(value, rank, pk) for pk, value in queryset.order_by(*order).values_list("pk", field)[: per_page + 1]]
    keys.sort(reverse=not forward)
    more = len(keys) > per_page
    keys = keys[:per_page]
    if not forward:
        keys.reverse()
    has_next = more if forward else True
    has_previous = boundary is not None and (more if not forward else True)
    return KeysetPage(
        object_list=[(rank, pk) for _value, rank, pk in keys],
        next_cursor=_merged_encode("n", keys[-1]) if keys and has_next else None,
        previous_cursor=_merged_encode("p", keys[0]) if keys and has_previous else None,
        per_page=per_page,
    )
