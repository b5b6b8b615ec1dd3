"""The search engine in use: Elasticsearch when ELASTICSEARCH_URL is set,
else the database's own full-text search (PostgreSQL or SQLite)."""

import functools

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

ENGINES = {
    "postgresql": "search.backends.postgres.PostgresEngine",
    "sqlite": "search.backends.sqlite.SQLiteEngine",
}


def engine_class():
    if getattr(settings, "CMHUB_SEARCH_ENGINE", None):
        return import_string(settings.CMHUB_SEARCH_ENGINE)
    if getattr(settings, "ELASTICSEARCH_URL", None):
        return import_string("search.backends.elasticsearch.ElasticsearchEngine")
    try:
        return import_string(ENGINES[connection.vendor])
    except KeyError:
        raise NotImplementedError(
            f"CM Hub search runs on PostgreSQL, SQLite or Elasticsearch, not {connection.vendor}."
        ) from None


@functools.cache
def _engine(path):
    return import_string(path)()


def get_engine():
    cls = engine_class()
    return _engine(f"{cls.__module__}.{cls.__qualname__}")
