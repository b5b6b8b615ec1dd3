"""Rebuilding the index without emptying search (search.indexer.rebuild):
members search the old, complete index until the switch, the new one
after; a failed or killed rebuild leaves the old one serving; what is
published meanwhile is not lost. On SQLite and PostgreSQL (DATABASE_URL)."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from search import indexer
from search.backends import get_engine
from search.models import SearchDocument, SearchIndex

pytestmark = pytest.mark.django_db


def total(client, q):
    """How many results a member's search finds, asked afresh (no cached
    answer: the engine runs)."""
    cache.clear()
    response = client.get("/fr/search/", {"q": q})
    assert response.status_code == 200
    return response.context["total"]


def titles(client, q):
    cache.clear()
    return sorted(hit.document.title for hit in client.get("/fr/search/", {"q": q}).context["hits"])


def suggestions(client, q):
    cache.clear()
    return len(client.get("/fr/search/suggest/", {"q": q}).json()["results"])


def fts_rows():
    """Rows of SQLite's FTS table (0 on PostgreSQL, where vectors are columns)."""
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cmsearch_fts")
        return cursor.fetchone()[0]


@pytest.fixture
def five_guides(guides):
    return [guides(title=f"Veille numéro {n}", summary="Une fiche.") for n in range(5)]


def test_search_answers_with_the_old_index_during_a_rebuild(
    member_client, five_guides, during_rebuild
):
    assert total(member_client, "veille") == 5
    assert suggestions(member_client, "veil") == 5
    old_ids = set(SearchDocument.objects.values_list("pk", flat=True))
    # Changed without the signals: only the rebuild will see it.
    type(five_guides[0]).objects.filter(pk=five_guides[0].pk).update(title="Nouveauté")
    seen = []

    def check(page, draft):
        seen.append(
            (
                total(member_client, "veille"),
                total(member_client, "nouveauté"),
                suggestions(member_client, "veil"),
            )
        )

    during_rebuild(check)
    assert indexer.rebuild(batch_size=2) > 0
    # Every search during the rebuild found the old index, complete.
    assert seen == [(5, 0, 5)] * 5
    # After the switch, the new content; the old generation is gone.
    assert total(member_client, "veille") == 4
    assert titles(member_client, "nouveauté") == ["Nouveauté"]
    live = SearchIndex.objects.get().live
    assert set(SearchDocument.objects.values_list("generation", flat=True)) == {live}
    assert not old_ids & set(SearchDocument.objects.values_list("pk", flat=True))
    if connection.vendor == "sqlite" and not get_engine().external:
        assert fts_rows() == SearchDocument.objects.count()


def test_a_rebuild_that_fails_midway_leaves_search_intact(
    member_client, five_guides, rebuild_dies_midway
):
    before = titles(member_client, "veille")
    documents_before = SearchDocument.objects.count()
    rebuild_dies_midway()
    assert titles(member_client, "veille") == before
    assert suggestions(member_client, "veil") == 5
    # What it had written is gone, and nothing says a rebuild is running.
    assert SearchDocument.objects.count() == documents_before
    assert SearchIndex.objects.get().building is None
    assert fts_rows() in (0, documents_before)


def test_a_killed_rebuild_is_cleaned_up_by_the_next_run(
    member_client, five_guides, guides, rebuild_killed
):
    call_command("update_index", "--members-search-only", stdout=io.StringIO())
    documents_before = SearchDocument.objects.count()
    rebuild_killed(at=3)
    state = SearchIndex.objects.get()
    assert state.building == state.live + 1
    assert SearchDocument.objects.count() > documents_before  # its rows are still there
    assert total(member_client, "veille") == 5
    # The dead rebuild stops receiving changes once it is known dead.
    SearchIndex.objects.update(heartbeat=timezone.now() - datetime.timedelta(hours=1))
    guides(title="Veille publiée après")
    assert total(member_client, "veille") == 6
    assert not SearchDocument.objects.filter(
        generation=state.building, title="Veille publiée après"
    ).exists()
    out = io.StringIO()
    call_command("update_index", "--members-search-only", "--if-needed", stdout=out)
    assert f"Dropped generation {state.building}" in out.getvalue()
    assert set(SearchDocument.objects.values_list("generation", flat=True)) == {state.live}
    assert SearchDocument.objects.count() == documents_before + 1
    assert fts_rows() in (0, documents_before + 1)
    assert total(member_client, "veille") == 6


def test_a_killed_rebuild_is_dropped_by_the_next_rebuild(
    member_client, five_guides, rebuild_killed, monkeypatch
):
    rebuild_killed()
    monkeypatch.undo()
    indexer.rebuild(batch_size=2)
    state = SearchIndex.objects.get()
    assert set(SearchDocument.objects.values_list("generation", flat=True)) == {state.live}
    assert total(member_client, "veille") == 5


def test_changes_published_during_a_rebuild_are_not_lost(
    member_client, five_guides, guides, during_rebuild
):
    first, second = five_guides[0], five_guides[1]
    done = set()

    def publish_meanwhile(page, draft):
        # Publishing indexes the page, which calls this hook again: act once.
        if done >= {"first", "second", "new"}:
            return
        if page.pk == first.pk and "first" not in done:
            # The rebuild holds a draft of the old version; the editor
            # publishes a new one before it is written.
            done.add("first")
            page = type(page).objects.get(pk=page.pk)
            page.title = "Veille, deuxième version"
            page.save_revision().publish()
        elif page.pk == second.pk and "second" not in done:
            done.add("second")
            type(page).objects.get(pk=page.pk).unpublish()
        elif "new" not in done:
            done.add("new")
            guides(title="Infolettre publiée pendant la reconstruction")

    during_rebuild(publish_meanwhile)
    indexer.rebuild(batch_size=2)
    assert titles(member_client, "infolettre") == ["Infolettre publiée pendant la reconstruction"]
    assert titles(member_client, "deuxième version") == ["Veille, deuxième version"]
    found = titles(member_client, "veille")
    assert "Veille numéro 0" not in found and "Veille numéro 1" not in found
    assert len(found) == 4  # numbers 2, 3, 4 and the second version
    state = SearchIndex.objects.get()
    assert set(SearchDocument.objects.values_list("generation", flat=True)) == {state.live}
    assert SearchDocument.objects.filter(key=f"page:{first.pk}").count() == 1


def test_update_index_if_needed_rebuilds_only_a_missing_or_outdated_index(five_guides, monkeypatch):
    def run():
        out = io.StringIO()
        call_command("update_index", "--members-search-only", "--if-needed", stdout=out)
        return out.getvalue()

    assert "Rebuilding: the index was never built" in run()
    ids = set(SearchDocument.objects.values_list("pk", flat=True))
    assert "nothing to rebuild" in run()
    assert set(SearchDocument.objects.values_list("pk", flat=True)) == ids
    monkeypatch.setattr(indexer, "SCHEMA_VERSION", indexer.SCHEMA_VERSION + 1)
    assert "Rebuilding: the index was built with schema" in run()
    assert not ids & set(SearchDocument.objects.values_list("pk", flat=True))
    assert SearchDocument.objects.filter(kind="guide").count() == 5


def test_of_two_rebuilds_at_once_the_later_wins(member_client, five_guides, during_rebuild):
    started = []

    def start_another(page, draft):
        if not started:  # while the first rebuild runs, a second one runs through
            started.append(True)
            indexer.rebuild(batch_size=2)

    during_rebuild(start_another)
    with pytest.raises(indexer.RebuildSuperseded):
        indexer.rebuild(batch_size=2)
    state = SearchIndex.objects.get()
    assert state.building is None
    assert set(SearchDocument.objects.values_list("generation", flat=True)) == {state.live}
    assert total(member_client, "veille") == 5
    assert fts_rows() in (0, 5)
