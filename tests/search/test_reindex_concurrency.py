"""A rebuild seen from another connection, on PostgreSQL: what the web
processes see while docker-compose's `migrate` job rebuilds the index.

This module holds only this transactional test: it starts from a fresh
installation and leaves the database of the other tests as it was
(tests/transactional.py).
"""

import threading

import pytest
from django.db import connection, connections

from home.tree import ensure_home_pages
from resources.models import GuideIndexPage
from resources.tree import ensure_resource_sections
from search import documents, indexer
from search.models import SearchDocument
from search.query import SearchQuery, parse_groups
from tests.resources.factories import make_guide
from tests.transactional import TRANSACTIONAL_MODULE

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: another connection reading while the rebuild writes",
    ),
    *TRANSACTIONAL_MODULE,
]


def search_elsewhere(words):
    """The total of a search run on another connection, in another thread:
    it sees only what the rebuild has committed."""
    found = []

    def run():
        try:
            query = SearchQuery(groups=parse_groups(words), visibility=None, limit=20)
            found.append(indexer.get_engine().search(query).total)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return found[0]


def test_other_connections_search_the_old_index_until_the_switch(monkeypatch):
    sections = ensure_resource_sections(*ensure_home_pages())
    parent = sections[(GuideIndexPage, "fr")]
    guides = [make_guide(parent, 9000 + n, title=f"Veille numéro {n}") for n in range(5)]
    type(guides[0]).objects.filter(pk=guides[0].pk).update(title="Nouveauté")
    assert search_elsewhere("veille") == 5
    original = documents.page_document
    seen = []

    def hooked(page, *args, **kwargs):
        seen.append((search_elsewhere("veille"), search_elsewhere("nouveauté")))
        return original(page, *args, **kwargs)

    monkeypatch.setattr(documents, "page_document", hooked)
    indexer.rebuild(batch_size=2)
    assert seen[:5] == [(5, 0)] * 5
    assert (search_elsewhere("veille"), search_elsewhere("nouveauté")) == (4, 1)
    assert SearchDocument.objects.values("generation").distinct().count() == 1
