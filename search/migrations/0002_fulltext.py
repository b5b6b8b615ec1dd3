"""The full-text structures of the database engines.

PostgreSQL: the `unaccent` extension, the text search configurations
`cmhub_french`, `cmhub_english` (unaccent, then the Snowball stemmer) and
`cmhub_simple` (unaccent, no stemming: autocomplete), and GIN indexes.
SQLite: the FTS5 tables of stems and of titles.
"""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS cmhub_french",
    "CREATE TEXT SEARCH CONFIGURATION cmhub_french (COPY = french)",
    "ALTER TEXT SEARCH CONFIGURATION cmhub_french ALTER MAPPING FOR "
    "hword, hword_part, word, asciihword, asciiword, hword_asciipart WITH unaccent, french_stem",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS cmhub_english",
    "CREATE TEXT SEARCH CONFIGURATION cmhub_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION cmhub_english ALTER MAPPING FOR "
    "hword, hword_part, word, asciihword, asciiword, hword_asciipart WITH unaccent, english_stem",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS cmhub_simple",
    "CREATE TEXT SEARCH CONFIGURATION cmhub_simple (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION cmhub_simple ALTER MAPPING FOR "
    "hword, hword_part, word, asciihword, asciiword, hword_asciipart WITH unaccent, simple",
    "CREATE INDEX cmsearch_document_vector ON cmsearch_searchdocument "
    "USING gin (search_vector)",
    "CREATE INDEX cmsearch_document_title_vector ON cmsearch_searchdocument "
    "USING gin (title_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS cmsearch_document_title_vector",
    "DROP INDEX IF EXISTS cmsearch_document_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS cmhub_simple",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS cmhub_english",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS cmhub_french",
]
SQLITE = [
    "CREATE VIRTUAL TABLE cmsearch_fts USING fts5("
    "title, summary, keywords, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE cmsearch_fts_title USING fts5("
    "title, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS cmsearch_fts_title", "DROP TABLE IF EXISTS cmsearch_fts"]


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in statements.get(vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("cmsearch", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
