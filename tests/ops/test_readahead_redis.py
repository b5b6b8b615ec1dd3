"""On the production cache (Redis), a warm member page costs two commands
to Redis: the read-ahead's two MGETs (core/readahead.py; the first reads
the session too), whatever the page holds. Counted by Redis itself."""

import pytest
import redis
from django.test import Client

from events.models import EventIndexPage
from resources.models import GuideIndexPage
from tests.community.comment_helpers import add_comment
from tests.ops.test_cache_down import production_cache, redis_server  # noqa: F401
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db


class Commands:
    """Redis's own count of the commands it ran, read on one connection."""

    def __init__(self, url):
        self.connection = redis.Redis.from_url(url)
        self.connection.ping()  # the connection's handshake, before counting

    def count(self):
        return self.connection.info("stats")["total_commands_processed"]


@pytest.mark.parametrize("kind", ["home", "guide", "list", "events"])
def test_a_warm_member_page_costs_two_redis_commands(
    production_cache,  # noqa: F811 - the fixture
    sections,
    home_pages,
    member,
    kind,
):
    guides = sections[(GuideIndexPage, "fr")]
    guide = make_guide(guides, 1, title="Guide des lives")
    add_comment(guide, member, "Très utile.")
    events = EventIndexPage(title="Événements", slug="evenements", summary="Les ateliers.")
    home_pages[0].add_child(instance=events)
    url = {"home": "/fr/", "guide": guide.url, "list": guides.url, "events": events.url}[kind]
    client = Client()
    client.force_login(member)
    for _ in range(2):  # fills the cache, then the read-ahead's plan
        assert client.get(url).status_code == 200
    redis_commands = Commands(production_cache.url)
    before = redis_commands.count()
    response = client.get(url)
    used = redis_commands.count() - before - 1  # the first INFO itself
    assert (
        response.status_code == 200
        and "Guide des lives" in response.content.decode()
        or (kind == "events")
    )
    assert used <= 2, used  # the read-ahead's two MGETs, the session in the first
