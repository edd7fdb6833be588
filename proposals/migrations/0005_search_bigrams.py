"""The suggestions' search bigrams (proposals/search.py), filled for existing rows, and on PostgreSQL
their GIN index. The index is created here rather than in Meta.indexes because SQLite has no GIN
(there the search falls back to the substring test)."""

from django.db import migrations

import proposals.search

INDEX = "sugg_search_bigrams_gin"
BATCH = 2000


def fill(apps, schema_editor):
    from proposals.search import bigram_vector

    Suggestion = apps.get_model("proposals", "Suggestion")
    rows = Suggestion.objects.using(schema_editor.connection.alias).only("pk", "title", "number").order_by("pk")
    batch = []
    for s in rows.iterator(chunk_size=BATCH):
        s.search_bigrams = bigram_vector(s.title, s.number)
        batch.append(s)
        if len(batch) == BATCH:
            Suggestion.objects.using(schema_editor.connection.alias).bulk_update(batch, ["search_bigrams"])
            batch = []
    if batch:
        Suggestion.objects.using(schema_editor.connection.alias).bulk_update(batch, ["search_bigrams"])


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON proposals_suggestion USING gin (search_bigrams)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0004_unit_workbench_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='suggestion',
            name='search_bigrams',
            field=proposals.search.BigramVectorField(blank=True, default='', editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_index, drop_index),
    ]
