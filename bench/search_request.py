"""The search page's request, measured in-process: milliseconds, SQL queries
(and how many of them write) and cache round trips, warm, for a word with
many hits and one with none, as the demo member.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perfsearch \\
    REDIS_URL=redis://127.0.0.1:6379/11 .venv/bin/python bench/search_request.py

Run it on a data set of bench/scale.py (bench/README.md). With REDIS_URL the
cache is the production one (core.cache.ResilientRedisCache, key prefix
"cmhub"); its keys are only read and written, never flushed. A cache round
trip is one Redis command, or one pipeline.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmhub.settings.dev")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "ERROR")
os.environ.setdefault("ELASTICSEARCH_URL", "")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

from common import setup_django  # noqa: E402

WORDS = (("many hits", "réseaux"), ("no hit", "xylophonique"))
RUNS = 30
WRITES = ("INSERT", "UPDATE", "DELETE")


class RoundTrips:
    """Counts Redis round trips: commands outside pipelines, and pipelines."""

    def __init__(self):
        import redis.client

        self.count = 0
        counter = self
        single, execute = redis.client.Redis.execute_command, redis.client.Pipeline.execute

        def execute_command(client, *args, **kwargs):
            if not isinstance(client, redis.client.Pipeline):
                counter.count += 1
            return single(client, *args, **kwargs)

        def pipeline_execute(pipeline, *args, **kwargs):
            counter.count += 1
            return execute(pipeline, *args, **kwargs)

        redis.client.Redis.execute_command = execute_command
        redis.client.Pipeline.execute = pipeline_execute


def main():
    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.SEARCH_RATE_LIMIT = 10**6
    round_trips = RoundTrips()
    client = Client()
    client.force_login(get_user_model().objects.get(email="membre@cmhub.example"))
    client.get("/fr/")
    print(f"{connection.vendor}, cache {settings.CACHES['default']['BACKEND']}")
    print(f"| search | ms (median of {RUNS}) | SQL | writes | cache round trips |")
    print("| --- | --- | --- | --- | --- |")
    for label, word in WORDS:
        url = f"/fr/search/?q={word}"
        for _ in range(3):  # warm
            assert client.get(url).status_code == 200
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        before = round_trips.count
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        trips = round_trips.count - before
        sql = [query["sql"] for query in captured.captured_queries]
        writes = sum(1 for query in sql if query.lstrip().upper().startswith(WRITES))
        print(
            f"| {label} ({word}) | {statistics.median(times):.1f} | {len(sql)} | {writes} "
            f"| {trips} |"
        )


if __name__ == "__main__":
    main()
