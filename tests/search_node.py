"""The real search node of the third test run (docs/testing.md).

`CMHUB_TEST_SEARCH_URL` (the URL of an OpenSearch node, as `bin/search-node
start` prints it; several separated by commas) makes every test run on that
node instead of the database's search: `make test` sets it for its third
run, after starting the node. Each pytest worker has its own index, and the
indexes a test made are deleted after it, so tests neither see each other's
documents nor collide.

Tests that set up their own engine (a stand-in node, a closed port) are
marked `own_engine` and keep it.
"""

import os
import re
import threading
import time

import pytest

from search import backends

URLS = [url for url in os.environ.get("CMHUB_TEST_SEARCH_URL", "").split(",") if url]
# What `bin/search-node start` printed: an address and nothing else (a first
# build once let Maven's colour codes into it, and every test failed deep
# inside the client with "argument of type 'NoneType' is not iterable").
for _url in URLS:
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d+)?/?", _url):
        raise pytest.UsageError(f"CMHUB_TEST_SEARCH_URL is not an address: {_url!r}")

requires_real_node = pytest.mark.skipif(
    not URLS, reason="needs a real search node: CMHUB_TEST_SEARCH_URL (bin/search-node start)"
)


def index_name(worker):
    return f"cmhub_test_{worker}_{os.getpid()}_search"


def use_real_node(settings, worker):
    """Point the settings at the real node, on the worker's own index, with
    writes visible to the next search; the engine in use."""
    settings.SEARCH_ENGINE = "opensearch"
    settings.OPENSEARCH_URL = URLS
    settings.CMHUB_SEARCH_ENGINE = None
    settings.CMHUB_SEARCH_INDEX = index_name(worker)
    # Refreshed at each write rather than waiting for the next periodic
    # refresh (up to a second per write).
    settings.CMHUB_SEARCH_REFRESH = "true"
    settings.ELASTICSEARCH_REPLICAS = 0
    engine = backends.get_engine()
    engine._ensured.clear()
    return engine


def drop_indexes(engine, name):
    """Delete every index of this name (the alias's generations)."""
    if engine._client is not None:
        engine.client.indices.delete(index=f"{name}*", ignore=404)
    engine._ensured.clear()
    engine._down_until = 0.0


class Searcher(threading.Thread):
    """Searches without pause until stopped, noting each answer's time and
    total, and each error's. Touches only the engine (no database), as a
    member's request reaches it."""

    def __init__(self, engine, query):
        super().__init__(daemon=True)
        self.engine = engine
        self.query = query
        self.answers = []  # (time.monotonic(), total)
        self.errors = []  # (time.monotonic(), error)
        self.stopping = threading.Event()

    @property
    def totals(self):
        return [total for _at, total in self.answers]

    def run(self):
        while not self.stopping.is_set():
            try:
                self.answers.append((time.monotonic(), self.engine.search(self.query).total))
            except Exception as error:  # noqa: BLE001 - every failure is what a test counts
                self.errors.append((time.monotonic(), error))

    def count(self):
        return len(self.answers) + len(self.errors)

    def wait_for_answers(self, count, timeout=10):
        """Until `count` more answers (or errors) than now arrived."""
        goal = self.count() + count
        deadline = time.monotonic() + timeout
        while self.count() < goal and time.monotonic() < deadline:
            time.sleep(0.005)

    def stop(self):
        self.stopping.set()
        self.join(timeout=30)
