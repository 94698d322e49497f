"""Storing many new rows of a model fast: the path of a bulk import, where Django's `bulk_create` spends more time
assembling its INSERT statements than the database spends storing them.

`insert_many()` writes model instances built in memory (their defaults already set by `__init__`) with one COPY on
PostgreSQL (psycopg 3) or one `executemany` on SQLite, and gives each instance its primary key, as
`bulk_create` would. It sends no signal and runs no `save()`: the caller (a service) writes what signals would
have written (events, search entries, counts) itself. Values are prepared once per field kind: plain text, number
and boolean columns go as they are, the rest through the field's own `get_db_prep_save`, so JSON, dates and
times are stored exactly as the ORM stores them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

from plenary.core.pagecache import record_changed

# Field kinds whose Python value is already what both drivers store.
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Primary keys for `count` new rows. PostgreSQL: from the table's sequence (safe under concurrency). SQLite:
    after the highest ever given, which is safe because the caller holds the database's write lock (a write
    transaction began IMMEDIATE, and the service has written before this)."""
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')  # noqa: S608 (model's own names)
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def insert_many(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Insert these new instances in one statement (COPY on PostgreSQL) and set their primary keys.

    Must run inside a transaction (`transaction.atomic()`), as a service's bulk write does."""
    if not objects:
        return
    fields = _columns(model)
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objects:
                field.pre_save(obj, add=True)
    columns = [[getattr(obj, field.attname) for obj in objects] for field in fields]
    ids = insert_rows(model, [f.name for f in fields], list(zip(*columns, strict=True)))
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_rows(model: type[models.Model], names: list[str], rows: Sequence[tuple]) -> list[int]:
    """Insert rows given as tuples of Python values of the named fields (no instance is built: the cheapest way
    to store thousands of events); the other columns must have a database default or be nullable. Returns the
    new primary keys in order. Must run inside a transaction."""
    if not rows:
        return []
    fields = [model._meta.get_field(name) for name in names]
    prepared = []
    for index, field in enumerate(fields):
        values = [row[index] for row in rows]
        if field.get_internal_type() not in _PLAIN:
            values = [field.get_db_prep_save(value, connection) for value in values]
        prepared.append(values)
    ids = _reserve_ids(model, len(rows))
    table = model._meta.db_table
    quoted = ", ".join(f'"{n}"' for n in [model._meta.pk.column, *(f.column for f in fields)])
    values = list(zip(ids, *prepared, strict=True))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in values:
                    copy.write_row(row)
            record_changed()  # COPY does not pass through the execute wrapper that sees every other write
        else:
            marks = ", ".join(["%s"] * (len(fields) + 1))
            cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', values)  # noqa: S608
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if cursor.fetchone():  # AUTOINCREMENT tables remember the highest id given
                cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [ids[-1], table])
    return ids
