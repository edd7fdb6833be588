"""On PostgreSQL, a second GIN index of the search bigrams, over the published replies only: the public
search counts its matches from it (often without reading the rows) and pages them, rather than taking
every suggestion's matches from the full index and reading each row to drop the unpublished. Created
here, not in Meta.indexes, for the reason given in 0005 (SQLite has no GIN)."""

from django.db import migrations

INDEX = "sugg_published_bigrams_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON proposals_suggestion USING gin (search_bigrams) "
                              "WHERE published_at IS NOT NULL AND reply_public")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("proposals", "0008_open_published_and_similar_indexes"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
