"""What every search engine does, and what it answers."""

from dataclasses import dataclass, field


class SearchUnavailable(Exception):
    """The search engine cannot be reached or did not answer in time: the
    search page says so (503), index writes are kept for later
    (`search.models.SearchEngineBacklog`)."""


@dataclass
class SearchResults:
    total: int = 0
    # (document id, score), best first, for the asked page only.
    hits: list = field(default_factory=list)
    # facet name → {value (str): count}
    facets: dict = field(default_factory=dict)


class BaseEngine:
    """A search engine over `SearchDocument` rows.

    The rows are the truth; an engine keeps its own full-text structure in
    step (`index`, `remove`) and answers `search` and
    `autocomplete` with document ids, never with the documents themselves.
    """

    name = "base"
    # A separate service that can be down (Elasticsearch), unlike the
    # database's own full-text search, written in the same transaction.
    external = False

    def index(self, documents, generation=None):
        """(Re)index these saved `SearchDocument` rows (their tags
        prefetched) in the live index, or in the index of the generation a
        rebuild is writing."""
        raise NotImplementedError

    def remove(self, document_ids, generation=None):
        raise NotImplementedError

    # --- Rebuilding beside the live index (search.indexer.rebuild) ------
    # The database engines need nothing beyond the rows' generation column;
    # Elasticsearch builds a new index and moves its alias.

    def create_generation(self, generation):
        """An empty structure for the documents of a rebuild."""

    def switch(self, generation):
        """Make that generation the one searched (within the transaction
        that moves `SearchIndex.live`)."""

    def forget(self, document_ids):
        """Rows of a generation no longer searched are about to be deleted."""
        self.remove(document_ids)

    def drop_generation(self, generation):
        """A generation's rows are gone: drop what else it had."""

    def drop_stale(self, keep):
        """Drop structures of failed rebuilds (all but the live one and `keep`)."""

    def index_exists(self):
        """Whether there is an index to search (else it must be built)."""
        return True

    def schema_fingerprint(self):
        """What the engine bakes into an index and a rebuild alone changes."""
        return ""

    def search(self, query):
        """A `SearchResults` for a `search.query.SearchQuery`: the total, the
        hits of the asked page, and (if asked) the facet counts."""
        raise NotImplementedError

    def count(self, query):
        """How many documents match (for "did you mean" candidates)."""
        query = type(query)(**{**query.__dict__, "limit": 0, "with_facets": False})
        return self.search(query).total

    def autocomplete(self, words, locales, visibility, limit=8):
        """Ids of documents whose title has every word, the last one as a
        prefix ("gestion de cri" → "Gestion de crise…"), best first."""
        raise NotImplementedError
