"""One per-minute rate limit (core/ratelimit.py) for comments, searches and
suggestions: the member sees the same refusals as before, each action has
its own budget, and a cache that cannot count never refuses anyone."""

# Fixtures come from comment_helpers; tests take them as arguments.
# ruff: noqa: F811

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.utils import translation
from django_comments_xtd.models import XtdComment

from community.comments import RATE_LIMITED as COMMENTS_RATE_LIMITED
from search.views import RATE_LIMITED as SEARCH_RATE_LIMITED
from tests.community.comment_helpers import (  # noqa: F401 - fixtures
    guide,
    post_comment,
    set_site_settings,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mid_minute")]


class CacheLosingItsKeys(LocMemCache):
    """A cache whose counters vanish between ``add`` and ``incr``: what
    ResilientRedisCache does when Redis dies between the two calls."""

    def add(self, *args, **kwargs):
        return False

    def incr(self, key, delta=1, version=None):
        raise ValueError(f"Key '{key}' not found (the cache is unreachable).")


def test_searching_too_fast_is_refused_with_a_clear_message(member_client, settings):
    settings.SEARCH_RATE_LIMIT = 2
    assert member_client.get("/fr/search/", {"q": "guide"}).status_code == 200
    assert member_client.get("/fr/search/", {"q": "live"}).status_code == 200

    response = member_client.get("/fr/search/", {"q": "charte"})

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    with translation.override("fr"):
        assert str(SEARCH_RATE_LIMITED) in response.content.decode()


def test_suggestions_have_their_own_budget_and_a_json_refusal(member_client, settings):
    settings.SEARCH_RATE_LIMIT = 1
    settings.SEARCH_AUTOCOMPLETE_RATE_LIMIT = 2
    assert member_client.get("/fr/search/", {"q": "guide"}).status_code == 200
    assert member_client.get("/fr/search/suggest/", {"q": "gu"}).status_code == 200
    assert member_client.get("/fr/search/suggest/", {"q": "gui"}).status_code == 200

    response = member_client.get("/fr/search/suggest/", {"q": "guid"})

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    with translation.override("fr"):
        assert response.json() == {"error": str(SEARCH_RATE_LIMITED), "results": []}
    assert member_client.get("/fr/search/", {"q": "x"}).status_code == 429


def test_each_member_has_their_own_budget(member_client, make_member, client, settings):
    settings.SEARCH_RATE_LIMIT = 1
    assert member_client.get("/fr/search/", {"q": "guide"}).status_code == 200
    assert member_client.get("/fr/search/", {"q": "guide"}).status_code == 429

    client.force_login(make_member("lea@univ-test.example"))
    assert client.get("/fr/search/", {"q": "guide"}).status_code == 200


def test_a_cache_that_cannot_count_lets_members_comment_and_search(member_client, guide, settings):
    set_site_settings(hold_first_comments=0, comments_per_minute=1)
    settings.SEARCH_RATE_LIMIT = 1
    settings.CACHES = {
        "default": {"BACKEND": f"{__name__}.CacheLosingItsKeys", "LOCATION": "losing"}
    }

    for text in ("Un", "Deux", "Trois"):
        assert post_comment(member_client, guide, text).status_code == 302
    for _ in range(3):
        assert member_client.get("/fr/search/", {"q": "guide"}).status_code == 200
    assert XtdComment.objects.count() == 3


def test_the_comment_refusal_is_unchanged(member_client, guide, settings):
    set_site_settings(hold_first_comments=0, comments_per_minute=1)
    assert post_comment(member_client, guide, "Un").status_code == 302

    response = post_comment(member_client, guide, "Deux")

    assert response.status_code == 429
    with translation.override("fr"):
        assert str(COMMENTS_RATE_LIMITED) in response.content.decode()
