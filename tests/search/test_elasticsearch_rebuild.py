"""Rebuilding on Elasticsearch: a new index beside the live one, then the
alias moved in one `_aliases` request, then the old index deleted. The
official client talks over HTTP to a stand-in node
(tests/search/fake_elasticsearch.py) that keeps indexes, aliases and
documents as Elasticsearch does and logs every request."""

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command

from search import backends, indexer
from search.models import SearchDocument, SearchIndex, Synonym
from tests.search.fake_elasticsearch import FakeNode

# A stand-in engine of its own, on the real-node run too.
pytestmark = [pytest.mark.django_db, pytest.mark.own_engine]
ALIAS = "cmhub_test_documents"


@pytest.fixture
def node(settings):
    """The stand-in node, and the Elasticsearch engine in use against it."""
    fake = FakeNode().start()
    settings.CMHUB_SEARCH_ENGINE = "search.backends.elasticsearch.ElasticsearchEngine"
    settings.ELASTICSEARCH_URL = [fake.url]
    settings.CMHUB_SEARCH_INDEX = ALIAS
    settings.CMHUB_SEARCH_REFRESH = False
    backends._engine.cache_clear()
    yield fake
    backends.get_engine().client.close()
    backends._engine.cache_clear()
    fake.stop()


@pytest.fixture
def five_guides(node, guides):
    return [guides(title=f"Veille numéro {n}") for n in range(5)]


def total(client):
    cache.clear()
    return client.get("/fr/search/", {"q": "veille"}).context["total"]


def live_ids():
    return sorted(
        SearchDocument.objects.filter(generation=SearchIndex.objects.get().live).values_list(
            "pk", flat=True
        )
    )


def alias_requests(node):
    return [json.loads(body)["actions"] for method, path, body in node.log if path == "/_aliases"]


def test_rebuild_fills_a_new_index_then_moves_the_alias_in_one_request(
    node, five_guides, member_client, during_rebuild
):
    # Indexing before any rebuild made the live generation's index, aliased.
    assert node.alias_targets(ALIAS) == [f"{ALIAS}_gen1"]
    assert node.documents(ALIAS) == live_ids()
    assert total(member_client) == 5
    old_ids = live_ids()
    seen = []
    during_rebuild(
        lambda page, draft: seen.append((node.alias_targets(ALIAS), total(member_client)))
    )
    node.log.clear()
    indexer.rebuild(batch_size=2)
    # Searches went to the old, complete index until the switch.
    assert seen == [([f"{ALIAS}_gen1"], 5)] * 5
    assert node.alias_targets(ALIAS) == [f"{ALIAS}_gen2"]
    assert sorted(node.indices) == [f"{ALIAS}_gen2"]
    assert node.documents(ALIAS) == live_ids()
    assert not set(old_ids) & set(live_ids())
    assert total(member_client) == 5
    # One atomic request moved the alias; the index was complete and
    # refreshed before it, and the old one was deleted after.
    assert alias_requests(node) == [
        [
            {"remove": {"index": f"{ALIAS}_gen1", "alias": ALIAS}},
            {"add": {"index": f"{ALIAS}_gen2", "alias": ALIAS}},
        ]
    ]
    calls = node.calls()
    created = calls.index(("PUT", f"/{ALIAS}_gen2"))
    refreshed = calls.index(("POST", f"/{ALIAS}_gen2/_refresh"))
    switched = calls.index(("POST", "/_aliases"))
    deleted = calls.index(("DELETE", f"/{ALIAS}_gen1"))
    bulks = [i for i, call in enumerate(calls) if call[1] == "/_bulk"]
    assert created < min(bulks) and max(bulks) < refreshed < switched < deleted
    created_body = json.loads(node.log[created][2])
    assert {"settings", "mappings"} <= set(created_body)
    assert not any(index.get("auto_created") for index in node.indices.values())
    # The new index is filled without periodic refreshes, nothing searching
    # it; it gets them back before the refresh that precedes the switch.
    assert created_body["settings"]["index"]["refresh_interval"] == "-1"
    restored = calls.index(("PUT", f"/{ALIAS}_gen2/_settings"))
    assert max(bulks) < restored < refreshed
    assert json.loads(node.log[restored][2]) == {"index": {"refresh_interval": "1s"}}


def test_an_index_named_as_the_alias_is_replaced_in_the_same_request(node, guides, member_client):
    """Sites indexed before aliases were used have an index named ALIAS."""
    node.create(ALIAS, {})
    guides(title="Veille ancienne")
    assert node.alias_targets(ALIAS) == [] and node.documents(ALIAS) != []
    indexer.rebuild()
    generation = SearchIndex.objects.get().live
    assert alias_requests(node) == [
        [
            {"remove_index": {"index": ALIAS}},
            {"add": {"index": f"{ALIAS}_gen{generation}", "alias": ALIAS}},
        ]
    ]
    assert node.alias_targets(ALIAS) == [f"{ALIAS}_gen{generation}"]
    assert node.documents(ALIAS) == live_ids()


def test_a_failed_rebuild_leaves_the_live_index_and_deletes_its_own(
    node, five_guides, member_client, rebuild_dies_midway
):
    rebuild_dies_midway()
    assert node.alias_targets(ALIAS) == [f"{ALIAS}_gen1"]
    assert sorted(node.indices) == [f"{ALIAS}_gen1"]
    assert node.documents(ALIAS) == live_ids()
    assert total(member_client) == 5
    assert alias_requests(node) == []


def test_a_killed_rebuild_leaves_an_index_the_next_run_deletes(
    node, five_guides, member_client, rebuild_killed, monkeypatch
):
    rebuild_killed()
    assert sorted(node.indices) == [f"{ALIAS}_gen1", f"{ALIAS}_gen2"]
    assert total(member_client) == 5
    monkeypatch.undo()
    indexer.rebuild(batch_size=2)
    assert sorted(node.indices) == [f"{ALIAS}_gen3"]
    assert node.alias_targets(ALIAS) == [f"{ALIAS}_gen3"]
    assert node.documents(ALIAS) == live_ids()


def test_a_page_published_during_a_rebuild_reaches_both_indexes(
    node, five_guides, guides, member_client, during_rebuild
):
    published = []

    def publish(page, draft):
        if not published:  # publishing calls this hook again: once only
            published.append(None)
            published[0] = guides(title="Veille publiée pendant la reconstruction")

    during_rebuild(publish)
    indexer.rebuild(batch_size=2)
    (page,) = published
    (document,) = SearchDocument.objects.filter(key=f"page:{page.pk}")
    assert document.pk in node.documents(ALIAS)
    assert node.documents(ALIAS) == live_ids()
    assert total(member_client) == 6


def test_if_needed_rebuilds_when_the_index_or_its_synonyms_changed(node, five_guides):
    def run():
        out = io.StringIO()
        call_command("update_index", "--members-search-only", "--if-needed", stdout=out)
        return out.getvalue()

    assert "Rebuilding" in run()
    assert "nothing to rebuild" in run()
    # The synonyms are part of the index's analyzers: a new list needs a new index.
    Synonym.objects.create(terms="veille, monitoring")
    assert "Rebuilding: the index was built with schema" in run()
    assert "nothing to rebuild" in run()
    # An index that disappeared (a new, empty Elasticsearch volume) is rebuilt.
    node.indices.clear()
    assert "Rebuilding: the index does not exist" in run()
    assert node.documents(ALIAS) == live_ids()
