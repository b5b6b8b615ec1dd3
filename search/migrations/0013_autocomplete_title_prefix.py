"""On PostgreSQL, what autocomplete needs to answer a short prefix ("ré",
"la") without reading and sorting every title that has a word starting
with it (`SQLEngine.autocomplete`):

- `cmhub_fold(text)`: the folded title (`lower(unaccent(…))`, as
  `PostgresEngine.starts_with` compares it), IMMUTABLE so that it can be
  indexed (unaccent's own function is only STABLE: its dictionary could
  change; CM Hub never changes it);
- `cmsearch_document_title_prefix`: a btree of the folded titles
  (`text_pattern_ops`, for `LIKE 're%'`): the titles starting with the first
  word typed, read alone;
- the title and its autocomplete vector stay inside the row (STORAGE MAIN):
  with the table's `toast_tuple_target` of 128 (migration 0005), every
  value longer than a pointer went out of line, titles included, and
  reading a title cost four more page reads (the TOAST index and table).

Only the catalog changes and one index is built (reading each title once):
no row is rewritten here. Rows keep their out-of-line titles until written
again; `search.indexer.SCHEMA_VERSION` 6 makes the deploy's `update_index
--if-needed` rebuild them once (searches answer meanwhile)."""

from django.db import migrations

TABLE = "cmsearch_searchdocument"


def postgres(schema_editor):
    return schema_editor.connection.vendor == "postgresql"


def forwards(apps, schema_editor):
    if not postgres(schema_editor):
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        )
        (schema,) = cursor.fetchone()
    for statement in (
        # The schema unaccent was installed in, written out: an index's
        # function must not depend on the search_path.
        "CREATE OR REPLACE FUNCTION cmhub_fold(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
        f"AS $$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$",
        f"CREATE INDEX cmsearch_document_title_prefix ON {TABLE} "
        "(cmhub_fold(title) text_pattern_ops)",
        f"ALTER TABLE {TABLE} ALTER COLUMN title SET STORAGE MAIN, "
        "ALTER COLUMN title_vector SET STORAGE MAIN",
    ):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if not postgres(schema_editor):
        return
    for statement in (
        f"ALTER TABLE {TABLE} ALTER COLUMN title SET STORAGE EXTENDED, "
        "ALTER COLUMN title_vector SET STORAGE EXTENDED",
        "DROP INDEX IF EXISTS cmsearch_document_title_prefix",
        "DROP FUNCTION IF EXISTS cmhub_fold(text)",
    ):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cmsearch", "0012_searchdocument_prose")]

    operations = [migrations.RunPython(forwards, backwards)]
