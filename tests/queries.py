"""Query counts of a page, measured on the cold path and on the warm one.

A page costs one number of queries when its cached fragments are already in
the cache (the warm path: most requests) and another when every fragment is
rendered (the cold path: after a deploy, a content change, or with
FRAGMENT_CACHE_TIMEOUT=0). Measuring only the warm path hides whatever a
cached block does, such as a query per speaker. So every page is measured in
both states (the `page_queries` fixture of tests/conftest.py is parametrized
over them), each against its own bound, and every list at two data sizes:
N rows and 3N rows must cost exactly the same, so a query per row fails
whatever the state of the cache.
"""

import difflib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

#: The two states a page is measured in: fragment caching off and the cache
#: empty (every fragment rendered), or on after a first request filled it.
CACHE_OFF = "cache-off"
CACHE_ON = "cache-on"
CACHE_STATES = (CACHE_OFF, CACHE_ON)

#: How much of each query a failure shows.
SHOWN = 300

#: FRAGMENT_CACHE_TIMEOUT when caching is on (the production default).
WARM_TIMEOUT = 3600


@dataclass
class Measurement:
    """One measured request: its response and the SQL it ran."""

    response: object
    queries: list

    @property
    def count(self):
        return len(self.queries)

    def listing(self):
        return "\n".join(f"{n}. {sql}" for n, sql in enumerate(self.queries, 1))


class PageQueries:
    """Measures pages in one cache state (CACHE_OFF or CACHE_ON)."""

    def __init__(self, state, settings):
        self.state = state
        self.settings = settings

    @property
    def cold(self):
        return self.state == CACHE_OFF

    def measure(self, client, url):
        """The queries of one GET of `url`: with caching on, after a first GET
        warmed the cache; with caching off, on an empty cache (after a first
        GET too, so that what only the very first request of a site does,
        such as creating its settings row, is not counted)."""
        cache.clear()
        self.settings.FRAGMENT_CACHE_TIMEOUT = 0 if self.cold else WARM_TIMEOUT
        client.get(url)
        if self.cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        return Measurement(response, [query["sql"] for query in captured.captured_queries])

    def bound(self, cold, warm):
        return cold if self.cold else warm

    def assert_page_queries(self, client, url, cold, warm=None):
        """GET `url` in this cache state and check it costs at most `cold`
        queries with caching off, `warm` (default: `cold`) with it on.
        Returns the response."""
        bound = self.bound(cold, cold if warm is None else warm)
        measured = self.measure(client, url)
        assert measured.count <= bound, (
            f"{url} ({self.state}) ran {measured.count} queries, more than {bound}:\n"
            + measured.listing()
        )
        return measured.response

    def assert_constant(self, client, url, grow, cold, warm=None):
        """`url` costs the same number of queries before and after `grow()`
        (which should triple the rows of the page's lists), within the bounds
        of `assert_page_queries`. Returns the two measurements (small, large)."""
        bound = self.bound(cold, cold if warm is None else warm)
        small = self.measure(client, url)
        grow()
        large = self.measure(client, url)
        if small.count != large.count:
            diff = "\n".join(
                difflib.unified_diff(
                    [sql[:SHOWN] for sql in small.queries],
                    [sql[:SHOWN] for sql in large.queries],
                    "N rows",
                    "3N rows",
                    lineterm="",
                )
            )
            raise AssertionError(
                f"{url} ({self.state}) ran {small.count} queries with N rows and "
                f"{large.count} with 3N: a query per row.\n{diff}"
            )
        assert large.count <= bound, (
            f"{url} ({self.state}) ran {large.count} queries, more than {bound}:\n"
            + large.listing()
        )
        return small, large
