"""On PostgreSQL, each document's tags ("topic:3", "platform:linkedin") also
as an array in its row (`facet_tags`, kept inside the row: STORAGE PLAIN),
written by the engine with the vectors (search/backends/postgres.py), so that
the tag counts of a search read the matching rows only, never the tag table.
Existing rows are filled here: no rebuild is needed."""

from django.db import migrations

POSTGRES = [
    "ALTER TABLE cmsearch_searchdocument ADD COLUMN facet_tags text[]",
    "ALTER TABLE cmsearch_searchdocument ALTER COLUMN facet_tags SET STORAGE PLAIN",
    "UPDATE cmsearch_searchdocument d SET facet_tags = ARRAY("
    "SELECT t.facet || ':' || t.value FROM cmsearch_searchdocumenttag t "
    "WHERE t.document_id = d.id ORDER BY 1)",
]
POSTGRES_REVERSE = ["ALTER TABLE cmsearch_searchdocument DROP COLUMN facet_tags"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("cmsearch", "0009_searchquerystat_typed")]

    operations = [migrations.RunPython(run(POSTGRES), run(POSTGRES_REVERSE))]
