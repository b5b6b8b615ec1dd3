"""The site keeps working when its cache (Redis) dies, and shows nothing
stale when it comes back (core/cache.py).

Each test starts its own redis-server on a free port and kills it: the
shared Redis on 6379 is never touched. Without redis-server these tests are
skipped, unless CMHUB_E2E_REQUIRED is set (CI), where they fail.
"""

import logging
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.test import Client

from tests.community.comment_helpers import post_comment, set_site_settings
from tests.conftest import PASSWORD
from tests.resources.factories import make_guide
from tests.security import conftest as security

pytestmark = pytest.mark.django_db

#: Pages of every kind, members, comments, events (tests/security/conftest.py).
world = security.world

#: Seconds the cache leaves a dead Redis alone (short, for the tests).
RETRY_AFTER = 0.5


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server of our own, persisted to an append-only file so that
    a restart brings back what it held (the hard case for staleness)."""

    def __init__(self, binary, folder):
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def dbsize(self):
        return redis.Redis.from_url(self.url).dbsize()


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (Debian: apt-get install redis-server)"
        if os.environ.get("CMHUB_E2E_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    server = RedisServer(binary, tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


def resilient_cache(url, **options):
    return {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "cmhub",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "RETRY_AFTER": RETRY_AFTER,
                **options,
            },
        }
    }


@pytest.fixture
def production_cache(settings, redis_server):
    """The production cache configuration (base.py with REDIS_URL), on our
    own Redis; setting CACHES resets Django's cache connections."""
    settings.CACHES = resilient_cache(redis_server.url)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return redis_server


def member_pages(w):
    """One URL of every kind of page a member opens."""
    return [
        "/fr/",
        "/en/",
        w.pages["resources"].url,
        w.pages["guides"].url,
        w.pages["talks"].url,
        w.pages["jobs"].url,
        w.pages["cases"].url,
        w.pages["guide"].url,
        w.pages["talk"].url,
        w.pages["job"].url,
        w.pages["case"].url,
        w.pages["events"].url,
        w.pages["event"].url,
        "/fr/search/?q=guide",
        "/fr/search/suggest/?q=guid",
        "/fr/me/",
        "/fr/me/profile/",
        "/fr/me/events/",
        "/fr/me/share/",
        "/fr/me/share/guide/",
        "/fr/members/",
        f"/fr/members/{w.users['outsider'].pk}/",
    ]


def crawl(client, urls):
    return {url: client.get(url).status_code for url in urls}


def test_every_page_works_while_the_cache_is_dead_and_nothing_is_stale_after(
    production_cache, world, client, caplog
):
    set_site_settings(hold_first_comments=0)
    urls = member_pages(world)
    client.force_login(world.users["outsider"])
    guides = world.pages["guides"]

    before = crawl(client, urls)
    assert set(before.values()) == {200}, before
    assert "Ouvrir un compte Instagram" in client.get(guides.url).content.decode()
    assert production_cache.dbsize() > 0  # fragments and sessions are in Redis

    production_cache.kill()
    with caplog.at_level(logging.WARNING, logger="cmhub.cache"):
        during = crawl(client, urls)
        # Writes work too: a comment (rate-limited in the cache), a new
        # resource (its content version bump is lost with the cache).
        assert (
            post_comment(client, world.pages["guide"], "Écrit pendant la panne").status_code == 302
        )
        make_guide(guides, 7, title="Guide publié pendant la panne")
        assert "Guide publié pendant la panne" in client.get(guides.url).content.decode()
        # A visitor can still sign in (rate limits fail open, see core/cache.py).
        visitor = Client()
        response = visitor.post(
            "/fr/account/login/", {"login": world.users["author"].email, "password": PASSWORD}
        )
        assert response.status_code == 302
        assert visitor.get("/fr/").status_code == 200
    assert during == before
    warnings = [r for r in caplog.records if r.name == "cmhub.cache"]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]  # one, not one per call
    assert "Cache unreachable" in warnings[0].getMessage()

    # Redis comes back with everything it held before (append-only file):
    # fragments of the old content version included.
    production_cache.start()
    time.sleep(RETRY_AFTER + 0.1)
    after = crawl(client, urls)
    assert after == before
    guide_list = client.get(guides.url).content.decode()
    assert "Guide publié pendant la panne" in guide_list
    assert "Écrit pendant la panne" in client.get(world.pages["guide"].url).content.decode()
    assert production_cache.dbsize() > 0  # and the cache is used again


def test_signing_out_while_the_cache_is_dead_is_not_undone_when_it_returns(
    production_cache, member
):
    client = Client()
    client.force_login(member)  # the session is in the database and in Redis
    assert client.get("/fr/me/").status_code == 200
    session_cookie = client.cookies["sessionid"].value

    production_cache.kill()
    assert client.post("/fr/account/logout/").status_code == 302

    # Redis comes back with the session it held: it must not sign the
    # member in again.
    production_cache.start()
    time.sleep(RETRY_AFTER + 0.1)
    stolen = Client()
    stolen.cookies["sessionid"] = session_cookie
    response = stolen.get("/fr/me/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_a_hung_redis_costs_one_timeout_not_one_per_call(settings):
    # A server that accepts connections and never answers: every command
    # waits for the socket timeout.
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(100)
        port = hung.getsockname()[1]
        settings.CACHES = resilient_cache(
            f"redis://127.0.0.1:{port}/0", socket_timeout=1, RETRY_AFTER=30
        )
        start = time.monotonic()
        for number in range(20):
            assert cache.get(f"key-{number}", "missing") == "missing"
            cache.set(f"key-{number}", "value")
        elapsed = time.monotonic() - start
    # 40 calls: one waits its 1 s timeout, the others skip Redis.
    assert elapsed < 3, elapsed


def test_counters_never_raise_and_never_restart_from_an_old_value(settings, redis_server):
    from core import fragments

    settings.CACHES = resilient_cache(redis_server.url)
    first = fragments.version()
    fragments.bump()
    assert fragments.version() == first + 1

    redis_server.kill()
    during = {fragments.version() for _ in range(3)}  # no cache: fresh every time
    fragments.bump()  # lost, without raising
    assert first + 1 not in during

    redis_server.start()
    time.sleep(RETRY_AFTER + 0.1)
    # The lost bump invalidated the counter: a new random number, not the
    # value Redis brought back.
    after = fragments.version()
    assert after not in (first, first + 1)
    assert fragments.version() == after


def test_cache_calls_share_one_redis_client_that_reconnects_after_a_restart(
    production_cache, monkeypatch
):
    """Every cache call used to build a new redis.Redis (Django's client
    does); the pooled client builds one and keeps it, and that one serves
    again once a dead Redis is back."""
    built = []
    original_init = redis.Redis.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting_init)
    for number in range(20):
        cache.set(f"key-{number}", number)
        assert cache.get(f"key-{number}") == number
    assert cache.get_many(["key-1", "key-2"]) == {"key-1": 1, "key-2": 2}
    assert len(built) == 1, f"{len(built)} Redis clients for 41 cache calls"

    production_cache.kill()
    assert cache.get("key-1", "missing") == "missing"
    production_cache.start()  # its own client, to wait for the server
    built.clear()
    time.sleep(RETRY_AFTER + 0.1)
    assert cache.get("key-1") == 1  # persisted, and reached with the same client
    cache.set("key-after", "back")
    assert cache.get("key-after") == "back"
    assert built == []
