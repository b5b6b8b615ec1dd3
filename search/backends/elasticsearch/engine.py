"""`ElasticsearchEngine`: members' search on Elasticsearch.

`settings.CMHUB_SEARCH_INDEX` names an alias; the index behind it is
`<alias>_gen<N>`, N the generation of the rows it holds
(search.models.SearchIndex). A rebuild fills `<alias>_gen<N+1>` while the
alias still points at `<alias>_gen<N>`, then moves the alias in one
`_aliases` request and deletes the old index: search answers throughout.
What is sent is built by `mappings` (the index, the documents) and
`queries` (searches, autocomplete).
"""

import contextlib
import hashlib
import json
import logging
import time

from django.conf import settings

from ..base import BaseEngine, SearchResults, SearchUnavailable
from .mappings import REFRESH_INTERVAL, document_body, index_settings
from .queries import build_autocomplete, build_query

# One logger for the package, under the name operators filter on.
logger = logging.getLogger(__package__)

# After a failed request, how long the engine is taken as down: searches
# and writes fail at once (no request waits for a timeout), then one
# request tries again. Also the Retry-After of the search page's 503.
RETRY_AFTER = 30


def _body(response):
    """The decoded body of a client response (or a plain dict)."""
    return getattr(response, "body", response)


def parse_results(response):
    """A `SearchResults` from a search response: hits as (id, score), facet
    buckets as {str(value): count}."""
    response = _body(response)
    hits = response.get("hits", {})
    total = hits.get("total", 0)
    if isinstance(total, dict):
        total = total.get("value", 0)
    results = SearchResults(total=int(total))
    results.hits = [
        (int(hit["_id"]), float(hit.get("_score") or 0)) for hit in hits.get("hits", [])
    ]
    for facet, aggregation in (response.get("aggregations") or {}).items():
        buckets = {
            str(bucket["key"]): bucket["doc_count"] for bucket in aggregation.get("buckets", [])
        }
        if buckets:
            results.facets[facet] = buckets
    return results


class ElasticsearchEngine(BaseEngine):
    """Members' search on Elasticsearch (see the module docstring).

    The client is created on first use from `settings.ELASTICSEARCH_URL`
    and `settings.ELASTICSEARCH_TIMEOUT`; the index name is read from
    `settings.CMHUB_SEARCH_INDEX` at each call, so tests may override it.
    `refresh` (default `settings.CMHUB_SEARCH_REFRESH`, False) makes writes
    visible to searches before they return: for tests only, it costs a
    refresh per write. True waits for the index's next periodic refresh
    (within a second); "true" refreshes at once, what a test run on a real
    node wants.
    """

    name = "elasticsearch"
    external = True
    # What the messages call the engine, and the setting of its URL(s).
    product = "Elasticsearch"
    url_setting = "ELASTICSEARCH_URL"

    def __init__(self, client=None, index_name=None, refresh=None):
        self._client = client
        self._index_name = index_name
        self._refresh = refresh
        self._ensured = set()
        self._down_until = 0.0

    def available(self):
        """False while a recent failure makes the engine taken as down."""
        return time.monotonic() >= self._down_until

    @contextlib.contextmanager
    def reaching(self):
        """Around the requests of a search or a write: the node refusing
        connections, not answering within `ELASTICSEARCH_TIMEOUT` or
        answering that it cannot serve (5xx, 429) raises `SearchUnavailable`,
        logs one warning and makes the next `RETRY_AFTER` seconds fail at
        once without a request."""
        if not self.available():
            raise SearchUnavailable(f"{self.product} was unreachable moments ago")
        try:
            yield
        except self.client_errors() as error:
            if not self.is_outage(error):
                raise
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning(
                "%s is unavailable (%s: %s); search answers 503 and index "
                "writes are kept for later for the next %s s",
                self.product,
                type(error).__name__,
                error,
                RETRY_AFTER,
            )
            raise SearchUnavailable(str(error)) from error

    # --- The transport: what differs between Elasticsearch's client and
    # OpenSearch's (search.backends.opensearch overrides these) -------------

    def client_errors(self):
        """The client's exceptions `reaching` looks at."""
        from elasticsearch import ApiError, TransportError

        return (TransportError, ApiError)

    def is_outage(self, error):
        """Whether a client error means the engine cannot serve (no answer,
        a 5xx or a 429), not a bad request."""
        from elasticsearch import ApiError

        status = getattr(getattr(error, "meta", None), "status", None)
        return not isinstance(error, ApiError) or status == 429 or (status or 0) >= 500

    def urls(self):
        return getattr(settings, self.url_setting)

    def timeout(self):
        return getattr(settings, "ELASTICSEARCH_TIMEOUT", 5)

    def new_client(self, urls, timeout, max_retries):
        from elasticsearch import Elasticsearch

        return Elasticsearch(urls, request_timeout=timeout, max_retries=max_retries)

    def create_index(self, name, body, alias=None):
        """Create an index from `index_settings()`'s body, under `alias`;
        False when it exists already (made meanwhile by another process)."""
        from elasticsearch import BadRequestError

        try:
            self.client.indices.create(
                index=name, **body, **({"aliases": {alias: {}}} if alias else {})
            )
        except BadRequestError as error:
            if getattr(error, "error", "") != "resource_already_exists_exception":
                raise
            return False
        return True

    def delete_index(self, name):
        """Delete an index; one already gone is no error."""
        self.client.options(ignore_status=404).indices.delete(index=name)

    def update_aliases(self, actions):
        """One `_aliases` request: every action applies, or none."""
        self.client.indices.update_aliases(actions=actions)

    def put_index_settings(self, name, values):
        """Change dynamic settings of an index (`{"refresh_interval": …}`)."""
        self.client.indices.put_settings(index=name, settings={"index": values})

    def bulk_helper(self):
        from elasticsearch.helpers import bulk

        return bulk

    @property
    def client(self):
        if self._client is None:
            urls = self.urls()
            self._client = self.new_client(
                urls,
                self.timeout(),
                # A failed request is tried again on another node, never on
                # the same one: a dead single node fails at once (one
                # warning, see `reaching`), not after retries logging a
                # traceback each.
                max(0, len(urls) - 1) if isinstance(urls, list | tuple) else 0,
            )
        return self._client

    @property
    def index_name(self):
        return self._index_name or getattr(settings, "CMHUB_SEARCH_INDEX", "cmhub_search_documents")

    @property
    def refresh(self):
        if self._refresh is not None:
            return self._refresh
        return getattr(settings, "CMHUB_SEARCH_REFRESH", False)

    # --- The index ----------------------------------------------------------

    def concrete_name(self, generation):
        """The index holding a generation's documents, behind the alias."""
        return f"{self.index_name}_gen{generation}"

    def alias_targets(self):
        """The indexes the alias points at (one, or none before the first
        index was made)."""
        name = self.index_name
        if not self.client.indices.exists_alias(name=name):
            return []
        return sorted(_body(self.client.indices.get_alias(name=name)))

    def ensure_index(self):
        """Create the live index, with the current synonyms, if there is
        none: `<alias>_gen<live>` under the alias."""
        name = self.index_name
        if name in self._ensured:
            return
        if not self.client.indices.exists(index=name):  # an alias or an index
            from ...models import SearchIndex

            live = SearchIndex.objects.filter(pk=1).values_list("live", flat=True).first() or 1
            self.create_index(self.concrete_name(live), index_settings(), alias=name)
        self._ensured.add(name)

    def target(self, generation):
        """Where writes go: the alias for the live index, else the index of
        the generation being built."""
        if generation is None:
            self.ensure_index()
            return self.index_name
        return self.concrete_name(generation)

    def index(self, documents, generation=None):
        """(Re)index these documents: one bulk request per 500."""
        documents = list(documents)
        if not documents:
            return
        from ...models import SearchDocumentTag

        with self.reaching():
            name = self.target(generation)
        tags = {document.pk: [] for document in documents}
        prefetched = all(
            "tags" in getattr(document, "_prefetched_objects_cache", {}) for document in documents
        )
        if not prefetched:
            for tag in SearchDocumentTag.objects.filter(document_id__in=list(tags)):
                tags[tag.document_id].append(tag)
        actions = (
            {
                "_op_type": "index",
                "_index": name,
                "_id": str(document.pk),
                "_source": document_body(document, None if prefetched else tags[document.pk]),
            }
            for document in documents
        )
        with self.reaching():
            self._bulk(actions)

    def remove(self, document_ids, generation=None):
        """Delete these documents; those already gone are no error."""
        ids = list(document_ids)
        if not ids:
            return
        with self.reaching():
            name = self.target(generation)
            actions = ({"_op_type": "delete", "_index": name, "_id": str(pk)} for pk in ids)
            self._bulk(actions, ignore_status=(404,))

    def _bulk(self, actions, **options):
        """Send ``actions`` in bulk requests of 500 (waiting for them to be
        searchable when the engine is set to refresh)."""
        if self.refresh:
            options["refresh"] = self.refresh if isinstance(self.refresh, str) else "wait_for"
        self.bulk_helper()(self.client, actions, chunk_size=500, **options)

    # --- Rebuilding beside the live index ------------------------------------

    def create_generation(self, generation):
        """A new, empty index for a rebuild, with the analyzers and synonyms
        of now (one left by a failed run under that name goes first). Nothing
        searches it before the switch: it is not refreshed meanwhile."""
        name = self.concrete_name(generation)
        self.delete_index(name)
        self.create_index(name, index_settings(building=True))

    def switch(self, generation):
        """Point the alias at the new index, away from the old one, in one
        `_aliases` request: no search sees both or neither. An index named
        as the alias (made before aliases were used) is deleted in the same
        request."""
        name = self.index_name
        new = self.concrete_name(generation)
        # Searched from now on: writes become visible again within a second.
        self.put_index_settings(new, {"refresh_interval": REFRESH_INTERVAL})
        self.client.indices.refresh(index=new)
        targets = self.alias_targets()
        actions = [{"remove": {"index": old, "alias": name}} for old in targets if old != new]
        if not targets and self.client.indices.exists(index=name):
            actions.append({"remove_index": {"index": name}})
        actions.append({"add": {"index": new, "alias": name}})
        self.update_aliases(actions)
        self._ensured.add(name)

    def forget(self, document_ids):
        """The old index is deleted whole (drop_generation)."""

    def drop_generation(self, generation):
        """Delete the index of a generation no longer searched."""
        name = self.concrete_name(generation)
        if name not in self.alias_targets():
            self.delete_index(name)

    def drop_stale(self, keep):
        """Delete the indexes of failed rebuilds: every `<alias>_…` index
        the alias does not point at, except generation `keep`'s."""
        targets = set(self.alias_targets())
        if keep is not None:
            targets.add(self.concrete_name(keep))
        found = _body(self.client.indices.get_alias(index=f"{self.index_name}_*"))
        for name in sorted(found):
            if name not in targets:
                self.delete_index(name)

    def index_exists(self):
        return bool(self.client.indices.exists(index=self.index_name))

    def schema_fingerprint(self):
        """A digest of the analyzers (synonyms included) and the mappings:
        an index built with others must be rebuilt."""
        body = index_settings(replicas=0)
        digest = json.dumps([body["settings"]["analysis"], body["mappings"]], sort_keys=True)
        return hashlib.sha256(digest.encode()).hexdigest()[:16]

    # --- Answering ------------------------------------------------------------

    def search(self, query):
        with self.reaching():
            self.ensure_index()  # a site searched before its first indexing
            response = self.client.search(index=self.index_name, body=build_query(query))
        return parse_results(response)

    def autocomplete(self, words, locales, visibility, limit=8):
        body = build_autocomplete(words, locales, visibility, limit)
        if body is None or not limit:
            return []
        with self.reaching():
            self.ensure_index()
            response = _body(self.client.search(index=self.index_name, body=body))
        return [int(hit["_id"]) for hit in response["hits"]["hits"]]
