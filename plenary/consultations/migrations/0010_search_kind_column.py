"""The FTS5 table names each entry's kind in a column of its own, so that a search grouped by kind can ask for the
few issues or members that match beside a hundred thousand contributions, from the index (`kind : "issues"`),
without walking every match. PostgreSQL has the entry's `source` column and its index already."""

from django.db import migrations

FORWARD = [
    "CREATE VIRTUAL TABLE consultations_searchentry_fts_new USING fts5("
    "index_title, index_body, kind, tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO consultations_searchentry_fts_new (rowid, index_title, index_body, kind) "
    "SELECT f.rowid, f.index_title, f.index_body, e.source FROM consultations_searchentry_fts f "
    "JOIN consultations_searchentry e ON e.id = f.rowid",
    "DROP TABLE consultations_searchentry_fts",
    "ALTER TABLE consultations_searchentry_fts_new RENAME TO consultations_searchentry_fts",
]
BACKWARD = [
    "CREATE VIRTUAL TABLE consultations_searchentry_fts_old USING fts5("
    "index_title, index_body, tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO consultations_searchentry_fts_old (rowid, index_title, index_body) "
    "SELECT rowid, index_title, index_body FROM consultations_searchentry_fts",
    "DROP TABLE consultations_searchentry_fts",
    "ALTER TABLE consultations_searchentry_fts_old RENAME TO consultations_searchentry_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("consultations", "0009_questionnaires")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
