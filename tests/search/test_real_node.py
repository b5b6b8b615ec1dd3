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


def live_index(engine):
    """The index behind the alias: (name, its settings)."""
    (name,) = engine.alias_targets()
    return name, engine.client.indices.get_settings(index=name)[name]["settings"]["index"]


def test_a_rebuilt_index_is_searched_as_the_one_it_replaces(real_search_node, guides):
    """A rebuild's index is filled without refreshes; after the switch it is
    the one searched, refreshed every second, and it counts the same total
    and facets."""
    engine = real_search_node
    for number in range(GUIDES):
        guides(title=f"Veille numéro {number}", summary="Outils de veille.")
    guides("en", title="Monitoring tools")
    before = engine.search(everything())
    old, _settings = live_index(engine)
    assert before.total == GUIDES and before.facets["type"] == {"guide": GUIDES}

    indexer.rebuild(batch_size=5)

    new, index_settings = live_index(engine)
    assert new != old and not engine.client.indices.exists(index=old)
    assert index_settings["refresh_interval"] == "1s"
    after = engine.search(everything())
    assert (after.total, after.facets) == (before.total, before.facets)
    # Written after the switch: found within the index's refresh.
    guides(title="Veille publiée après")
    assert engine.search(everything()).total == GUIDES + 1
