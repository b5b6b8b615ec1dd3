"""A member page reads its cache entries in two round trips (core/readahead.py),
serves exactly the page it served without, and never reads stale data."""

import pytest
from django.core.cache import cache

from core import readahead
from events.models import EventIndexPage
from resources.models import GuideIndexPage
from tests.cache_calls import record_cache_calls
from tests.community.comment_helpers import add_comment, without_per_request_values
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db

MIDDLEWARE = "core.readahead.ReadAheadMiddleware"


@pytest.fixture
def round_trips(monkeypatch):
    """Every call that would reach the cache server, as (method, key or keys):
    a get_many is one, whatever the number of keys."""
    return record_cache_calls(monkeypatch)


@pytest.fixture
def pages(sections, home_pages, member):
    guides = sections[(GuideIndexPage, "fr")]
    guide = make_guide(guides, 1, title="Guide des lives")
    add_comment(guide, member, "Très utile.")
    events = EventIndexPage(title="Événements", slug="evenements", summary="Les ateliers.")
    home_pages[0].add_child(instance=events)
    return {"home": "/fr/", "guide": guide.url, "list": guides.url, "events": events.url}


@pytest.mark.parametrize("kind", ["home", "guide", "list", "events"])
def test_a_warm_member_page_reads_the_cache_in_two_round_trips(
    member_client, pages, round_trips, kind
):
    url = pages[kind]
    member_client.get(url)  # fills the fragments, the route, the plan
    member_client.get(url)
    round_trips.clear()
    response = member_client.get(url)
    assert response.status_code == 200
    assert [name for name, _keys in round_trips] == ["get_many", "get_many"], round_trips


@pytest.mark.parametrize("kind", ["home", "guide", "list", "events"])
def test_the_page_is_the_same_with_or_without_the_read_ahead(member_client, pages, settings, kind):
    url = pages[kind]
    member_client.get(url)
    with_it = member_client.get(url).content.decode()
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]
    cache.clear()
    member_client.get(url)
    without = member_client.get(url).content.decode()
    assert without_per_request_values(with_it) == without_per_request_values(without)


def test_a_change_between_two_requests_is_on_the_second(member_client, pages, member):
    """The plan still names the old thread's entry: it misses, the thread
    is rendered anew, and the plan follows."""
    from wagtail.models import Page

    url = pages["guide"]
    member_client.get(url)
    assert "Un deuxième avis" not in member_client.get(url).content.decode()
    guide = Page.objects.get(title="Guide des lives").specific
    add_comment(guide, member, "Un deuxième avis")
    assert "Un deuxième avis" in member_client.get(url).content.decode()
    assert "Un deuxième avis" in member_client.get(url).content.decode()


def test_a_request_reads_its_own_writes():
    copy = readahead._Copy({("counter", None): 1, ("absent", None): readahead._MISSING})
    token = readahead._copy.set(copy)
    try:
        assert cache.get("counter") == 1  # from the copy (the cache has nothing)
        assert cache.get("absent", "default") == "default"
        cache.set("counter", 5)
        assert cache.get("counter") == 5
        cache.add("absent", "now here")
        assert cache.get("absent") == "now here"
        cache.incr("counter")
        assert cache.get("counter") == 6
        cache.delete("counter")
        assert cache.get("counter") is None
    finally:
        readahead._copy.reset(token)
    cache.set("counter", 7)  # outside a request there is no copy
    assert cache.get("counter") == 7
