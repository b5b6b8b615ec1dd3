"""Elasticsearch, for sites whose content outgrows the database's search.

Chosen by `search.backends.engine_class()` when `ELASTICSEARCH_URL` is set
(or by `CMHUB_SEARCH_ENGINE = "search.backends.elasticsearch.ElasticsearchEngine"`).
The `SearchDocument` rows stay the truth: the engine keeps one index with
one Elasticsearch document per row and answers with the rows' ids.

In four parts, the first three pure functions building what is sent,
unit-tested without a server:

- `analysis`: how words are analysed (elision, folding, stop words,
  stemming, the editors' synonyms, autocomplete prefixes);
- `mappings`: what the index holds: its settings and mappings
  (`index_settings`) and the document of each row (`document_body`);
- `queries`: the request bodies of a search (`build_query`) and of
  autocomplete (`build_autocomplete`);
- `engine`: `ElasticsearchEngine`, which sends them, reads the answers and
  keeps the index behind its alias through rebuilds.
"""

from .engine import RETRY_AFTER, ElasticsearchEngine

__all__ = ["RETRY_AFTER", "ElasticsearchEngine"]
