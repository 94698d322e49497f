"""The search index keeps no copy of the text (the FTS5 table or the tsvector holds it) and names its object by an
integer key, so visibility is asked with a join on the source's table. The index is derived data: it is emptied
here, and `manage.py reindex` (run by `make db` when the index is empty) rebuilds it."""

from django.db import migrations, models


def empty_index(apps, schema_editor):
    schema_editor.execute("DELETE FROM consultations_searchentry")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DELETE FROM consultations_searchentry_fts")


class Migration(migrations.Migration):
    dependencies = [("consultations", "0004_tallies")]

    operations = [
        migrations.RunPython(empty_index, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="searchentry", name="unique_search_entry"),
        migrations.RemoveField(model_name="searchentry", name="object_id"),
        migrations.RemoveField(model_name="searchentry", name="body"),
        migrations.RemoveField(model_name="searchentry", name="index_body"),
        migrations.RemoveField(model_name="searchentry", name="index_title"),
        migrations.AddField(
            model_name="searchentry", name="object_pk", field=models.BigIntegerField(default=0), preserve_default=False
        ),
        migrations.AddConstraint(
            model_name="searchentry",
            constraint=models.UniqueConstraint(fields=("source", "object_pk"), name="unique_search_entry_pk"),
        ),
    ]
