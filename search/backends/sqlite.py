"""SQLite full-text search (FTS5), the embedded default.

FTS5 has no French stemmer, so CM Hub stems in Python (Snowball, the same
algorithm as PostgreSQL) and stores the stems of each document's title,
summary, keywords and body in the FTS5 table `cmsearch_fts`; queries are
stemmed the same way. Ranking is FTS5's BM25 with the title weighing ten
times the body. A second table, `cmsearch_fts_title`, keeps the unstemmed
titles with prefix indexes for autocomplete.
"""

from django.db import connection

from .. import text
from .sql import DOC, KIND_WEIGHT, SQLEngine

FTS = "cmsearch_fts"
TITLES = "cmsearch_fts_title"
BM25 = f"bm25({FTS}, 10.0, 4.0, 3.0, 1.0)"


def quote(token):
    return '"' + token.replace('"', "") + '"'


def autocomplete_text(document):
    """Titles, and an institution's acronym ("UQAM")."""
    if document.kind == "institution":
        return f"{document.title} {document.keywords}"
    return document.title


class SQLiteEngine(SQLEngine):
    name = "sqlite"
    # CROSS JOIN fixes the join order in SQLite: from the matching rows to
    # their tags, not the whole tag table probed against the matches (a rare
    # word's facets at 50,000 documents: 512 ms → 3 ms).
    TAG_JOIN = "CROSS JOIN"

    def group_expression(self, group, query):
        """A group as an FTS5 expression: its alternatives' stems, OR-ed."""
        alternatives = []
        for phrase in group:
            for language in query.languages:
                stems = [
                    text.stem(word, language)
                    for word in phrase
                    if not text.is_stop_word(word, language) or len(phrase) == 1
                ]
                alternative = quote(" ".join(stems)) if stems else ""
                if alternative and alternative not in alternatives:
                    alternatives.append(alternative)
        return "(" + " OR ".join(alternatives) + ")" if alternatives else ""

    def fts_query(self, query):
        groups = [self.group_expression(group, query) for group in query.groups]
        return (" OR " if query.any_group else " AND ").join(group for group in groups if group)

    def phrase_sql(self, query, total):
        """The stems of the typed words (stop words aside, as indexed) as
        one FTS5 phrase, in each language in scope."""
        words = text.words(query.text)
        phrases = []
        for language in query.languages:
            stems = [
                text.stem(word, language) for word in words if not text.is_stop_word(word, language)
            ]
            if stems and quote(" ".join(stems)) not in phrases:
                phrases.append(quote(" ".join(stems)))
        return (
            f"d.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)",
            [" OR ".join(phrases) or '""'],
        )

    def group_sql(self, group, query):
        return (
            f"d.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)",
            [self.group_expression(group, query) or '""'],
        )

    def match(self, query):
        expression = self.fts_query(query) or '""'
        return (
            f"{FTS} JOIN {DOC} d ON d.id = {FTS}.rowid",
            f"{FTS} MATCH %s",
            [expression],
            f"-{BM25} * {KIND_WEIGHT}",
            [],
        )

    def index(self, documents, generation=None):
        """The FTS rows are keyed by document id, which differs between
        generations: both live in the same tables."""
        if not documents:
            return
        self.remove([document.pk for document in documents])
        rows, titles = [], []
        for document in documents:
            language = document.language
            rows.append(
                (
                    document.pk,
                    text.stemmed_text(document.title, language),
                    text.stemmed_text(document.summary, language),
                    text.stemmed_text(document.keywords, language),
                    text.stemmed_text(document.body, language),
                )
            )
            titles.append((document.pk, autocomplete_text(document)))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS} (rowid, title, summary, keywords, body) "
                "VALUES (%s, %s, %s, %s, %s)",
                rows,
            )
            cursor.executemany(f"INSERT INTO {TITLES} (rowid, title) VALUES (%s, %s)", titles)

    def remove(self, document_ids, generation=None):
        ids = list(document_ids)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", chunk)
                cursor.execute(f"DELETE FROM {TITLES} WHERE rowid IN ({marks})", chunk)

    def autocomplete_match(self, words):
        """The unstemmed titles of `cmsearch_fts_title` against a prefix
        query: "gestion de cri" → "gestion" AND "de" AND "cri"*."""
        expression = " AND ".join(quote(word) for word in words[:-1])
        expression = (expression + " AND " if expression else "") + quote(words[-1]) + "*"
        return (
            f"{TITLES} JOIN {DOC} d ON d.id = {TITLES}.rowid",
            f"{TITLES} MATCH %s",
            [expression],
        )

    def starts_with(self, word):
        """An FTS5 initial-token query on the titles' table, whose tokenizer
        folds accents as the typed words are folded."""
        return (
            f"d.id IN (SELECT rowid FROM {TITLES} WHERE {TITLES} MATCH %s)",
            ["^ " + quote(word) + "*"],
        )
