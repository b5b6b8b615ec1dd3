"""On the real node only (CMHUB_TEST_SEARCH_URL, tests/search_node.py): what
only a real engine can show. Members' search answers, complete, all through
a rebuild (`manage.py update_index`): the new index is filled beside the
live one and the alias moves in one request."""

import pytest

from search import indexer
from search.query import SearchQuery, parse_groups
from tests.search_node import Searcher, requires_real_node

pytestmark = [pytest.mark.django_db, requires_real_node]

GUIDES = 12


def everything():
    """A search every guide matches, as the search page asks it."""
    return SearchQuery(text="veille", groups=parse_groups("veille", "fr"), visibility=None)


def test_search_answers_every_document_throughout_a_rebuild(
    real_search_node, guides, during_rebuild
):
    engine = real_search_node
    for number in range(GUIDES):
        guides(title=f"Veille numéro {number}", summary="Outils de veille.")
    assert engine.search(everything()).total == GUIDES
    before = engine.alias_targets()

    searcher = Searcher(engine, everything())
    searcher.start()
    pages_seen = []

    def search_meanwhile(page, draft):
        # At each page the rebuild reads, members search twice more.
        pages_seen.append(page)
        searcher.wait_for_answers(2)

    during_rebuild(search_meanwhile)
    try:
        assert indexer.rebuild(batch_size=2) >= GUIDES
        searcher.wait_for_answers(3)
    finally:
        searcher.stop()

    assert len(pages_seen) >= GUIDES
    assert searcher.errors == []
    # Never an empty answer, never a half-built index: every search found
    # every guide, before, during and after the switch.
    assert len(searcher.totals) >= 2 * GUIDES
    assert set(searcher.totals) == {GUIDES}
    # A new index answers now; the old one is gone.
    after = engine.alias_targets()
    assert len(after) == 1 and after != before
    assert not engine.client.indices.exists(index=before[0])
    assert engine.search(everything()).total == GUIDES
