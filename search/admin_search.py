"""Wagtail's own search (what editors use in the admin), made French-aware.

Wagtail's database backend searches the admin's page list with
`autocomplete()`: a prefix query on unstemmed words, so "formations" did
not find "formation". This backend is Wagtail's for the database in use
(`wagtail.search.backends.database`), with the typed words put through CM
Hub's light French plural rule (`search.text.normalise`: "formations" →
"formation", whose prefix finds both) and folded (accents ignored), and,
on PostgreSQL, the text search configurations of migration
`cmsearch.0002` (SEARCH_CONFIG `cmhub_french`: accents folded, then the
French stemmer; AUTOCOMPLETE_CONFIG `cmhub_simple`: accents folded).
SQLite's FTS5 table already folds accents; it has no stemmer.
"""

import functools

from django.db import connection
from wagtail.search.backends import database
from wagtail.search.query import And, Or, PlainText

from . import text


def french_words(query):
    """A query (a string or Wagtail's parsed query: the admin parses what
    editors type into `PlainText`, `And`…) with each word folded and
    without its French plural mark."""
    if isinstance(query, str):
        return " ".join(text.normalise(word, "fr") for word in text.words(query))
    if isinstance(query, PlainText):
        return PlainText(french_words(query.query_string), query.operator, query.boost)
    if isinstance(query, And | Or):
        return type(query)([french_words(subquery) for subquery in query.subqueries])
    return query


class FrenchWords:
    """Typed words reduced as CM Hub reduces them, for prefix searches."""

    def autocomplete(self, query, *args, **kwargs):
        return super().autocomplete(french_words(query), *args, **kwargs)


@functools.cache
def _french(backend_class):
    return type(f"French{backend_class.__name__}", (FrenchWords, backend_class), {})


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for)
    """Wagtail's database backend for this database, French-aware."""
    backend = database.SearchBackend(params)
    backend.__class__ = _french(type(backend))
    if connection.vendor == "postgresql" and params.get("AUTOCOMPLETE_CONFIG"):
        backend.autocomplete_config = params["AUTOCOMPLETE_CONFIG"]
    return backend
