"""The search engine in use (`settings.SEARCH_ENGINE`, docs/search.md):
OpenSearch or Elasticsearch when chosen or when only its URL is set, else
the database's own full-text search (PostgreSQL or SQLite)."""

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
    choice = getattr(settings, "SEARCH_ENGINE", "")
    opensearch = getattr(settings, "OPENSEARCH_URL", None)
    elasticsearch = getattr(settings, "ELASTICSEARCH_URL", None)
    if choice == "opensearch" or (not choice and opensearch and not elasticsearch):
        return import_string("search.backends.opensearch.OpenSearchEngine")
    if choice == "elasticsearch" or (not choice and elasticsearch):
        return import_string("search.backends.elasticsearch.ElasticsearchEngine")
    try:
        return import_string(ENGINES[connection.vendor])
    except KeyError:
        raise NotImplementedError(
            f"CM Hub search runs on PostgreSQL, SQLite, Elasticsearch or OpenSearch, "
            f"not {connection.vendor}."
        ) from None


@functools.cache
def _engine(path):
    return import_string(path)()


def get_engine():
    cls = engine_class()
    return _engine(f"{cls.__module__}.{cls.__qualname__}")
