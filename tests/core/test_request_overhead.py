"""What every member page pays before its own content: the links' site
lookups, the member's groups and permissions, the header. Each is counted
per request (SQL queries and cache calls), with fragment caching off and on
and at two data sizes (tests/queries.py), so a cost per link, per card or
per request that creeps back in fails here."""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY

from resources.models import GuideIndexPage
from tests.community.comment_helpers import add_comment
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_calls(monkeypatch):
    """Every cache call, in order, as (method, key)."""
    calls = []
    for name in ("get", "get_many", "set", "add", "delete", "incr", "set_many", "has_key"):
        original = getattr(LocMemCache, name)

        def counting(self, key, *args, _original=original, _name=name, **kwargs):
            calls.append((_name, key))
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(LocMemCache, name, counting)
    return calls


def measure_calls(page_queries, client, url, cache_calls):
    """The cache calls of one GET of `url` in the state of `page_queries`
    (after the warm-up request it makes), and the response."""
    page_queries.measure(client, url)
    cache_calls.clear()
    response = client.get(url)
    assert response.status_code == 200
    return list(cache_calls), response.content.decode()


def site_lookups(calls):
    return sum(1 for name, key in calls if name == "get" and key == SITE_ROOT_PATHS_CACHE_KEY)


@pytest.fixture
def discussed_guides(sections, member):
    """Adds `count` guides with a comment each."""
    guides = sections[(GuideIndexPage, "fr")]
    numbers = iter(range(1000))

    def add(count):
        for _ in range(count):
            guide = make_guide(guides, next(numbers))
            add_comment(guide, member, "Un avis.")

    return add


@pytest.mark.parametrize("url", ["/fr/", "/fr/ressources/fiches-conseil/"])
def test_links_look_the_site_up_once_per_request_however_many_there_are(
    member_client, discussed_guides, page_queries, cache_calls, url
):
    """The dashboard's discussions and every card's comment count link to a
    page: each link read Wagtail's site root paths from the cache (`page.url`
    has no request to keep them on); now the request keeps them."""
    discussed_guides(2)
    small_calls, small_html = measure_calls(page_queries, member_client, url, cache_calls)
    discussed_guides(4)
    large_calls, large_html = measure_calls(page_queries, member_client, url, cache_calls)
    # The links are there, more of them on the larger page...
    assert 'href="/fr/ressources/fiches-conseil/guide-5/#' in large_html
    assert small_html.count("/#c") < large_html.count("/#c")  # #c<pk>, #comments
    # ...and the site root paths are read once per request, whatever their number.
    assert (site_lookups(small_calls), site_lookups(large_calls)) == (1, 1)
