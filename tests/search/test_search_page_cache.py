"""The search page's results part (facets, count, editors' picks, hits,
pages, "did you mean") is rendered once and cached (search.views.results_part):
a repeated search reads no row and one cache entry, and still shows every
change at once and only what the member may see."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from search import statistics
from search.models import SearchQueryStat
from tests.cache_calls import record_cache_calls
from tests.community.comment_helpers import without_per_request_values
from tests.queries import WARM_TIMEOUT

pytestmark = pytest.mark.django_db

MANY = "/fr/search/?q=veille"
NONE = "/fr/search/?q=xylophonique"


def search(client, url=MANY):
    response = client.get(url)
    assert response.status_code == 200
    return response


def shown(response):
    """The titles of the results a member sees, in order (from the HTML:
    a cached part has no hits in its context)."""
    html = response.content.decode()
    titles = []
    for chunk in html.split('<h2 class="search-result__title"><a href="')[1:]:
        titles.append(chunk.split(">", 1)[1].split("</a>", 1)[0])
    return titles


def results_part(response):
    """The results part of a search page's HTML."""
    html = without_per_request_values(response.content.decode())
    return html.split('<div class="search-layout">', 1)[1].split("</main>", 1)[0]


@pytest.fixture
def round_trips(monkeypatch):
    """Every call that would reach the cache server, as (method, key or
    keys): a get_many is one, whatever the number of keys; what the request's
    read-ahead copy answers is none (as in tests/core/test_readahead.py)."""
    return record_cache_calls(monkeypatch, "read-ahead get_many")


def searched_keys(calls):
    """The calls of the search itself (its results, its part, the
    counters they are built on), not the read-ahead's (which reads every
    entry of the request at once), the member's, the header's, the rate
    limit's or the statistics'."""
    return [
        (name, key)
        for name, key in calls
        if name != "read-ahead get_many"
        and "cmsearch" in str(key)
        and statistics.PENDING_KEY not in str(key)
    ]


# --- Cost --------------------------------------------------------------------


@pytest.mark.parametrize("url", [MANY, NONE])
def test_a_repeated_search_costs_the_same_with_5_or_15_results(
    member_client, guides, page_queries, round_trips, url
):
    """Cold (fragment caching off: every part rendered) and warm, at two
    sizes, in SQL queries and in cache round trips: warm, a repeated search
    reads no row of its own (the one query is the test client's session,
    which the tests keep in the database), and its own cache reads (the part
    and the counters it is stamped with) come with the request's read-ahead:
    none reaches the cache."""

    def add(count):
        for _ in range(count):
            guides(title="Veille", summary="veille")

    def calls_of_one_more_request():
        round_trips.clear()
        search(member_client, url)
        return list(round_trips)

    add(5)
    cold = (21 if connection.vendor == "postgresql" else 17) if url == MANY else 18
    small = page_queries.assert_page_queries(member_client, url, cold=cold, warm=1)
    small_calls = calls_of_one_more_request()
    add(10)
    large = page_queries.assert_page_queries(member_client, url, cold=cold, warm=1)
    large_calls = calls_of_one_more_request()
    assert len(large_calls) == len(small_calls), (small_calls, large_calls)
    if url == MANY:
        assert small.context["total"] == 5
        assert large.context["total"] == 15
        assert shown(large) == ["Veille"] * 15
    if page_queries.cold:
        return
    assert searched_keys(large_calls) == []
    # The session, the member's read-ahead (two get_many), the rate limit
    # (add and incr here; one pipeline on Redis) and the count of the
    # search (get and set of the pending list here; one RPUSH on Redis).
    assert len(large_calls) <= 7, large_calls


def test_a_repeated_suggestion_reads_no_row_and_no_cache_entry_of_its_own(
    member_client, guides, settings, round_trips, django_assert_max_num_queries
):
    """The member's groups come with the cached member (no query), and the
    suggestions with the generation they were built on come with the
    read-ahead."""
    settings.FRAGMENT_CACHE_TIMEOUT = WARM_TIMEOUT
    guides(title="Veille sociale", summary="veille")
    url = "/fr/search/suggest/?q=vei"
    member_client.get(url)
    member_client.get(url)
    round_trips.clear()
    with django_assert_max_num_queries(1):  # the test client's session
        response = member_client.get(url)
    assert [s["title"] for s in response.json()["results"]] == ["Veille sociale"]
    assert searched_keys(round_trips) == []


def test_without_the_read_ahead_a_suggestion_is_read_in_one_call(
    member_client, guides, settings, round_trips
):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "core.readahead.ReadAheadMiddleware"
    ]
    guides(title="Veille sociale", summary="veille")
    url = "/fr/search/suggest/?q=vei"
    member_client.get(url)
    round_trips.clear()
    assert member_client.get(url).json()["results"]
    assert [name for name, _key in searched_keys(round_trips)] == ["get_many"]


def test_a_suggestion_shows_a_new_page_at_once(member_client, guides):
    guides(title="Veille sociale", summary="veille")
    url = "/fr/search/suggest/?q=vei"
    assert len(member_client.get(url).json()["results"]) == 1
    guides(title="Veille concurrentielle", summary="veille")
    assert len(member_client.get(url).json()["results"]) == 2


def test_without_the_read_ahead_the_search_reads_its_part_in_one_call(
    member_client, guides, settings, round_trips
):
    """The part's key carries no counter: the counters and the part are read
    in one get_many, where a key built on them needed them read first."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "core.readahead.ReadAheadMiddleware"
    ]
    settings.FRAGMENT_CACHE_TIMEOUT = WARM_TIMEOUT
    guides(title="Veille", summary="veille")
    search(member_client)
    round_trips.clear()
    search(member_client)
    assert [name for name, _key in searched_keys(round_trips)] == ["get_many"]


def test_the_part_is_the_same_with_fragment_caching_off_and_on(member_client, guides, settings):
    guides(title="Veille des réseaux", summary="Une veille quotidienne.")
    guides(title="Veille concurrentielle", summary="La veille des autres.")
    settings.FRAGMENT_CACHE_TIMEOUT = 0
    off = results_part(search(member_client))
    settings.FRAGMENT_CACHE_TIMEOUT = WARM_TIMEOUT
    first = results_part(search(member_client))
    cached = results_part(search(member_client))
    assert off == first == cached
    assert "<mark>veille</mark>" in cached.lower()


def test_a_repeated_search_is_still_counted_for_the_editors(member_client, guides, settings):
    settings.FRAGMENT_CACHE_TIMEOUT = WARM_TIMEOUT
    guides(title="Veille", summary="veille")
    for _ in range(3):
        search(member_client)
    search(member_client, NONE)
    search(member_client, NONE)
    statistics.flush()
    stats = {row.query: row for row in SearchQueryStat.objects.all()}
    assert stats["veille"].searches == 3
    assert stats["xylophonique"].searches == 2
    assert stats["xylophonique"].zero_results == 2


def test_a_search_first_or_repeated_writes_nothing_in_the_database(member_client, guides, settings):
    settings.FRAGMENT_CACHE_TIMEOUT = WARM_TIMEOUT
    guides(title="Veille", summary="veille")
    member_client.get("/fr/")  # the member's session, as when browsing
    with CaptureQueriesContext(connection) as captured:
        for url in (MANY, NONE, MANY + "&page=2", "/fr/search/suggest/?q=vei"):
            for _ in range(2):  # the first time, then from the cache
                assert member_client.get(url).status_code == 200
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


# --- Never stale ---------------------------------------------------------------


@pytest.fixture
def cached(settings):
    settings.FRAGMENT_CACHE_TIMEOUT = WARM_TIMEOUT


def test_a_newly_published_page_shows_at_once(member_client, guides, cached):
    guides(title="Veille sociale", summary="veille")
    assert shown(search(member_client)) == ["Veille sociale"]
    guides(title="Veille concurrentielle", summary="veille")
    response = search(member_client)
    assert sorted(shown(response)) == ["Veille concurrentielle", "Veille sociale"]
    assert response.context["total"] == 2


def test_an_unpublished_page_goes_at_once(member_client, guides, cached):
    gone = guides(title="Veille retirée", summary="veille")
    guides(title="Veille sociale", summary="veille")
    assert len(shown(search(member_client))) == 2
    gone.unpublish()
    response = search(member_client)
    assert shown(response) == ["Veille sociale"]
    assert "2 résultats" not in response.content.decode()


def test_a_new_restriction_hides_the_page_at_once(member_client, guides, cached):
    secret = guides(title="Veille réservée", summary="veille")
    guides(title="Veille pour tous", summary="veille")
    assert len(shown(search(member_client))) == 2
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    response = search(member_client)
    assert shown(response) == ["Veille pour tous"]
    assert response.context["total"] == 1
    restriction.delete()
    assert len(shown(search(member_client))) == 2


@pytest.mark.parametrize("first", ["member", "editor"])
def test_members_of_other_groups_never_get_each_others_results(
    client, member, editor, guides, cached, first
):
    """Whoever searches first, the other gets the results and the count of
    their own groups (and the facets' counts with them)."""
    restricted = guides(title="Veille des éditeurs", summary="veille")
    guides(title="Veille pour tous", summary="veille")
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    expected = {
        "member": (["Veille pour tous"], 1),
        "editor": (["Veille des éditeurs", "Veille pour tous"], 2),
    }
    people = {"member": member, "editor": editor}
    order = [first, "editor" if first == "member" else "member"]
    for _round in range(2):  # the second round from the cache
        for who in order:
            client.force_login(people[who])
            response = search(client)
            titles, total = expected[who]
            assert sorted(shown(response)) == titles
            assert response.context["total"] == total
            html = response.content.decode()
            if who == "member":
                assert "éditeurs" not in html
                assert 'aria-label="2 résultats"' not in html  # no facet counts it


def test_an_editors_pick_shows_and_goes_at_once(member_client, guides, cached):
    guides(title="Veille sociale", summary="veille")
    picked = guides(title="Charte graphique", summary="Couleurs.")
    assert "Recommandé par la rédaction" not in search(member_client).content.decode()
    query = Query.get("veille")
    pick = SearchPromotion.objects.create(
        query=query, page=picked, sort_order=0, description="À lire d'abord."
    )
    html = search(member_client).content.decode()
    assert "À lire d&#x27;abord." in html
    assert picked.url in html
    pick.delete()
    assert "À lire d&#x27;abord." not in search(member_client).content.decode()


def test_pages_and_sorts_are_cached_apart(member_client, guides, cached):
    for number in range(25):
        guides(title=f"Veille {number}", summary="veille")
    first = shown(search(member_client))
    second = shown(search(member_client, MANY + "&page=2"))
    assert len(first) == 20
    assert len(second) == 5
    assert not set(first) & set(second)
    assert shown(search(member_client)) == first
    assert shown(search(member_client, MANY + "&page=2")) == second


def test_a_member_who_joins_a_group_finds_its_pages_at_once(member_client, member, guides, cached):
    restricted = guides(title="Veille des éditeurs", summary="veille")
    guides(title="Veille pour tous", summary="veille")
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    assert shown(search(member_client)) == ["Veille pour tous"]
    member.groups.add(Group.objects.get(name="Editors"))
    assert sorted(shown(search(member_client))) == ["Veille des éditeurs", "Veille pour tous"]
    member.groups.remove(Group.objects.get(name="Editors"))
    assert shown(search(member_client)) == ["Veille pour tous"]
