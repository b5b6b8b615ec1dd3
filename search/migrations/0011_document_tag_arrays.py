"""On PostgreSQL, each document's tags also as one array per tag facet in
its row (`topic_tags`, `platform_tags`, `audience_tags`, kept inside the
row: STORAGE PLAIN), written by the engine with the vectors
(search/backends/postgres.py), so that the counts of a search are one pass
over the matching rows, never a join to the tag table. Existing rows are
filled here: no rebuild is needed."""

from django.db import migrations

FACETS = ("topic", "platform", "audience")
TABLE = "cmsearch_searchdocument"

POSTGRES = [
    *(f"ALTER TABLE {TABLE} ADD COLUMN {facet}_tags text[]" for facet in FACETS),
    *(f"ALTER TABLE {TABLE} ALTER COLUMN {facet}_tags SET STORAGE PLAIN" for facet in FACETS),
    f"UPDATE {TABLE} d SET "
    + ", ".join(
        f"{facet}_tags = ARRAY(SELECT t.value FROM cmsearch_searchdocumenttag t "
        f"WHERE t.document_id = d.id AND t.facet = '{facet}' ORDER BY 1)"
        for facet in FACETS
    ),
]
POSTGRES_REVERSE = [f"ALTER TABLE {TABLE} DROP COLUMN {facet}_tags" for facet in FACETS]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("cmsearch", "0010_bad_buzz_crisis_synonyms")]

    operations = [migrations.RunPython(run(POSTGRES), run(POSTGRES_REVERSE))]
