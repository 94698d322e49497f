"""The cache that every web process shares, for the counters of the rate limits (`caches["limits"]`).

The embedded default has no Redis, so the counters live in a table of the site's own database (SQLite or
PostgreSQL), which all processes see. Django's `DatabaseCache.incr` reads and then writes, so two processes can
both read 4 and both write 5 (django-ratelimit refuses that backend for this reason); `AtomicDatabaseCache`
increments under a row lock instead. Production may set `PLENARY_CACHE_URL` to a Redis server instead.

The table is created after every `migrate` (the `post_migrate` hook below runs `createcachetable`, which skips
tables that exist), so a new site or test database has it without a separate step.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now


class AtomicDatabaseCache(DatabaseCache):
    """Django's database cache with an `incr` that cannot lose an increment between processes."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, value_col, expires_col, key_col = (quote(n) for n in (self._table, "value", "expires", "cache_key"))
        # PostgreSQL locks the row; SQLite transactions here begin IMMEDIATE, which takes the write lock at once.
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {value_col}, {expires_col} FROM {table} WHERE {key_col} = %s{lock}",  # noqa: S608 (quoted names)
                [key],
            )
            row = cursor.fetchone()
            if row is None or self._expired(connection, row[1]):
                raise ValueError(f"Key '{key}' not found.")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode(), validate=True))  # noqa: S301 (our own table)
            value += delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value_col} = %s WHERE {key_col} = %s", [encoded, key])  # noqa: S608
        return value

    @staticmethod
    def _expired(connection, expires) -> bool:
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(connection):
            expires = converter(expires, expression, connection)
        return expires < now()


def create_cache_tables(sender, using: str = "default", **kwargs) -> None:
    """`post_migrate` hook: create the tables of the database caches (idempotent)."""
    from django.conf import settings
    from django.core.management import call_command

    if any("DatabaseCache" in c["BACKEND"] for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)
