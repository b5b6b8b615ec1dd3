"""What members search reaches the editors' reports without a write in the
member's request (search/statistics.py): counted in the cache, moved into
the database by the flush (the report page, `manage.py
flush_search_statistics`), written directly when the cache is down."""

# Fixtures imported from tests.ops; tests take them as arguments.
# ruff: noqa: F811

import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query

from search.models import SearchQueryStat
from tests.ops.test_cache_down import redis_server, resilient_cache  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/search-report/"
WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_of_search(client, q):
    """The SQL writes of one search request (and its status)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/fr/search/", {"q": q})
    assert response.status_code == 200
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(WRITES)
    ]
    return response, writes


def counted():
    return {row.query: (row.searches, row.zero_results) for row in SearchQueryStat.objects.all()}


def wagtail_hits():
    return {query.query_string: query.hits for query in Query.objects.all()}


def test_a_search_writes_nothing_and_the_flush_counts_it(member_client, guides):
    guides(title="Charte graphique", summary="Couleurs.")
    for q in ("Charte", "charte ", "xylophone"):
        response, writes = writes_of_search(member_client, q)
        assert writes == [], f"the search for {q!r} wrote:\n" + "\n".join(writes)
    assert response.context["total"] == 0

    call_command("flush_search_statistics")

    assert counted() == {"charte": (2, 0), "xylophone": (1, 1)}
    assert wagtail_hits() == {"charte": 2, "xylophone": 1}
    call_command("flush_search_statistics")  # nothing pending: nothing counted twice
    assert counted() == {"charte": (2, 0), "xylophone": (1, 1)}


def test_the_report_shows_the_searches_of_every_process_after_the_flush(
    settings, redis_server, editor, member, guides
):
    """With the production cache (Redis, shared by every worker)."""
    settings.CACHES = resilient_cache(redis_server.url)
    guides(title="Préparer la rentrée", summary="Le calendrier.")
    member_client = Client()
    member_client.force_login(member)
    for q in ("xylophone", "Xylophone", "Rentrée"):
        _response, writes = writes_of_search(member_client, q)
        assert writes == []
    assert counted() == {}  # still in Redis

    editors = Client()
    editors.force_login(editor)
    report = editors.get(REPORT_URL)

    assert report.context["top_queries"] == [
        {"query": "xylophone", "searches": 2, "zero_results": 2},
        {"query": "rentrée", "searches": 1, "zero_results": 0},  # as typed (issue 16)
    ]
    assert counted() == {"xylophone": (2, 2), "rentree": (1, 0)}  # grouped by normal form
    assert report.context["totals"]["searches"] == 3
    assert wagtail_hits() == {"xylophone": 2, "rentree": 1}
    assert editors.get(REPORT_URL).context["totals"]["searches"] == 3  # not twice


def test_with_the_cache_dead_searches_are_written_at_once(
    settings, redis_server, member_client, guides, caplog
):
    settings.CACHES = resilient_cache(redis_server.url)
    guides(title="Charte graphique", summary="Couleurs.")
    redis_server.kill()

    with caplog.at_level(logging.WARNING, logger="search.statistics"):
        for q in ("charte", "charte", "xylophone"):
            assert member_client.get("/fr/search/", {"q": q}).status_code == 200

    assert counted() == {"charte": (2, 0), "xylophone": (1, 1)}
    assert wagtail_hits() == {"charte": 2, "xylophone": 1}
    assert "Search statistics written directly" in caplog.text
    call_command("flush_search_statistics")  # Redis still dead: nothing to add, no error
    assert counted() == {"charte": (2, 0), "xylophone": (1, 1)}


def test_the_statistics_service_flushes_in_a_loop_and_survives_a_failed_flush(
    member_client, guides, monkeypatch, caplog
):
    """docker-compose's `statistics` service runs the command with --every:
    each round writes what members searched since the last one, and a round
    that fails (database gone for a moment) is logged and tried again."""
    from search import statistics

    guides(title="Charte graphique", summary="Couleurs.")
    writes_of_search(member_client, "charte")
    real_flush, rounds = statistics.flush, []

    def flaky_flush():
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise RuntimeError("database restarting")
        return real_flush()

    monkeypatch.setattr(statistics, "flush", flaky_flush)
    with caplog.at_level(logging.ERROR, logger="search.statistics"):
        call_command("flush_search_statistics", every=0, count=2)

    assert rounds == [0, 1]
    assert "Search statistics flush failed" in caplog.text
    assert counted() == {"charte": (1, 0)}


def test_the_report_and_popular_searches_show_queries_as_members_typed_them(
    member_client, guides, editor
):
    """Grouped by their normal form ("droit a l image"), shown with the
    accents and apostrophe someone typed."""
    from search import reports, service

    guides(title="Le droit à l'image", summary="Autorisations.")
    for q in ("droit a l image", "Droit à l'image", "DROIT A L'IMAGE", "droit à l'image"):
        member_client.get("/fr/search/", {"q": q})
    call_command("flush_search_statistics")
    member_client.get("/fr/search/", {"q": "droit a l'image"})  # a later flush
    call_command("flush_search_statistics")
    assert counted() == {"droit a l image": (5, 0)}
    assert reports.top_queries(7) == [
        {"query": "droit à l'image", "searches": 5, "zero_results": 0}
    ]
    assert service.popular_queries("fr") == ["droit à l'image"]
    page = Client()
    page.force_login(editor)
    assert "droit à l&#x27;image" in page.get(REPORT_URL).content.decode()
