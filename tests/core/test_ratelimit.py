"""One per-minute rate limit (core/ratelimit.py) for comments, searches and
suggestions: the member sees the same refusals as before, each action has
its own budget, and a cache that cannot count never refuses anyone."""

# Fixtures come from comment_helpers; tests take them as arguments.
# ruff: noqa: F811

import pytest
import redis.client
from django.core.cache.backends.locmem import LocMemCache
from django.test import RequestFactory
from django.utils import translation
from django_comments_xtd.models import XtdComment

from community.comments import RATE_LIMITED as COMMENTS_RATE_LIMITED
from core.ratelimit import over_rate_limit
from search.views import RATE_LIMITED as SEARCH_RATE_LIMITED
from tests.community.comment_helpers import (  # noqa: F401 - fixtures
    guide,
    post_comment,
    set_site_settings,
)
from tests.ops.test_cache_down import redis_server, resilient_cache  # noqa: F401 - fixture

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


@pytest.fixture
def redis_round_trips(monkeypatch):
    """How many times the process talked to Redis: a command, or a pipeline."""
    trips = []
    command, execute = redis.client.Redis.execute_command, redis.client.Pipeline.execute

    def counted_command(client, *args, **kwargs):
        if not isinstance(client, redis.client.Pipeline):
            trips.append(args[0])
        return command(client, *args, **kwargs)

    def counted_pipeline(pipeline, *args, **kwargs):
        trips.append("pipeline")
        return execute(pipeline, *args, **kwargs)

    monkeypatch.setattr(redis.client.Redis, "execute_command", counted_command)
    monkeypatch.setattr(redis.client.Pipeline, "execute", counted_pipeline)
    return trips


def test_on_redis_each_count_is_one_round_trip_and_refuses_as_before(
    member, member_client, settings, redis_server, redis_round_trips
):
    settings.CACHES = resilient_cache(redis_server.url)
    settings.SEARCH_RATE_LIMIT = 3
    request = RequestFactory().get("/fr/search/")
    request.user = member

    answers = []
    for _ in range(4):
        redis_round_trips.clear()
        answers.append(over_rate_limit(request, "search", 3))
        assert len(redis_round_trips) == 1, redis_round_trips
    assert answers == [False, False, False, True]

    # The pages share the budget django-ratelimit would have counted.
    response = member_client.get("/fr/search/", {"q": "guide"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_on_a_dead_redis_the_limit_fails_open(member, member_client, settings, redis_server):
    settings.CACHES = resilient_cache(redis_server.url)
    settings.SEARCH_RATE_LIMIT = 1
    assert member_client.get("/fr/search/", {"q": "guide"}).status_code == 200
    assert member_client.get("/fr/search/", {"q": "guide"}).status_code == 429
    redis_server.kill()

    for _ in range(3):
        assert member_client.get("/fr/search/", {"q": "guide"}).status_code == 200
