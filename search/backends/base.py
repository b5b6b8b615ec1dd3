"""What every search engine does, and what it answers."""

from dataclasses import dataclass, field


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
    step (`index`, `remove`, `clear`) and answers `search` and
    `autocomplete` with document ids, never with the documents themselves.
    """

    name = "base"

    def index(self, documents):
        """(Re)index these saved `SearchDocument` rows (their tags prefetched)."""
        raise NotImplementedError

    def remove(self, document_ids):
        raise NotImplementedError

    def clear(self):
        """Forget everything (before a full rebuild)."""
        raise NotImplementedError

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
