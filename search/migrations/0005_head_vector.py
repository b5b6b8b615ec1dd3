"""A small vector of the title, summary and keywords, kept in the row, and
on PostgreSQL a narrow heap: every long value (body, vectors) is stored out
of line, so that counting and faceting thousands of matches reads a few
megabytes of facet columns, never the texts."""

import django.contrib.postgres.search
from django.db import migrations

POSTGRES = [
    "ALTER TABLE cmsearch_searchdocument SET (toast_tuple_target = 128)",
    "ALTER TABLE cmsearch_searchdocument ALTER COLUMN head_vector SET STORAGE PLAIN",
]
POSTGRES_REVERSE = ["ALTER TABLE cmsearch_searchdocument RESET (toast_tuple_target)"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("cmsearch", "0004_synonym_verbose_name")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="head_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(run(POSTGRES), run(POSTGRES_REVERSE)),
    ]
