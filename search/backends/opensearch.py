"""OpenSearch, for sites that run it rather than Elasticsearch (many
universities' cloud providers sell it).

Chosen by `search.backends.engine_class()` when `SEARCH_ENGINE=opensearch`
(or when only `OPENSEARCH_URL` is set). OpenSearch 2.x answers the requests
CM Hub sends as Elasticsearch does: the index settings, mappings, analyzers,
documents and query bodies are the Elasticsearch engine's
(`search.backends.elasticsearch`), and so are the alias and its
generations through rebuilds. Only the client differs (opensearch-py), and
the few calls whose arguments it spells otherwise: this class.
"""

from .elasticsearch.engine import ElasticsearchEngine


class OpenSearchEngine(ElasticsearchEngine):
    """Members' search on OpenSearch: `ElasticsearchEngine` over
    opensearch-py, its URLs from `settings.OPENSEARCH_URL`."""

    name = "opensearch"
    product = "OpenSearch"
    url_setting = "OPENSEARCH_URL"

    def client_errors(self):
        from opensearchpy import TransportError

        return (TransportError,)

    def is_outage(self, error):
        # No answer at all (ConnectionError, its status "N/A"), or one saying
        # the cluster cannot serve.
        status = error.status_code
        return not isinstance(status, int) or status == 429 or status >= 500

    def new_client(self, urls, timeout, max_retries):
        from opensearchpy import OpenSearch

        return OpenSearch(
            urls,
            timeout=timeout,
            max_retries=max_retries,
            # A node that stops answering is tried again on another one.
            retry_on_timeout=max_retries > 0,
        )

    def create_index(self, name, body, alias=None):
        from opensearchpy import RequestError

        if alias:
            body = {**body, "aliases": {alias: {}}}
        try:
            self.client.indices.create(index=name, body=body)
        except RequestError as error:
            if error.error != "resource_already_exists_exception":
                raise
            return False
        return True

    def delete_index(self, name):
        self.client.indices.delete(index=name, ignore=404)

    def update_aliases(self, actions):
        self.client.indices.update_aliases(body={"actions": actions})

    def put_index_settings(self, name, values):
        self.client.indices.put_settings(index=name, body={"index": values})

    def bulk_helper(self):
        from opensearchpy.helpers import bulk

        return bulk
