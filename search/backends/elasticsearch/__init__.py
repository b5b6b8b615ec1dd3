"""Elasticsearch, for sites whose content outgrows the database's search.

Chosen by `search.backends.engine_class()` when `ELASTICSEARCH_URL` is set
(or with `CMHUB_SEARCH_ENGINE = "search.backends.elasticsearch.ElasticsearchEngine"`).
The engine and how it works are described in `engine.py`.
"""

from .engine import RETRY_AFTER, ElasticsearchEngine

__all__ = ["RETRY_AFTER", "ElasticsearchEngine"]
