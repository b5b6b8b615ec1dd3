"""Load benchmark: CM Hub under gunicorn, driven by wrk as logged-in members.

    .venv/bin/python bench/load.py [--scale 10000] [--big-scale 50000]
        [--duration 10] [--connections 8] [--reuse] [--skip-big]

1. Builds a PostgreSQL database `cmhub_bench_load` (BENCH_DATABASE_URL's
   server): migrate, `manage.py load_demo --allow-production`, then
   `bench/scale.py N` (N resources and, in proportion, events, members and
   comments), and collects the static files. The demo and the data set are
   loaded with the development settings and DEBUG off: the production
   settings do not install the demo app.
2. Starts gunicorn the way production does (cmhub.settings.production, DEBUG
   off, 2 workers, Redis cache and cached sessions) on 127.0.0.1.
3. For each page kind, wrk drives a list of its URLs at concurrency 8 for a
   fixed time with the session cookies of 8 members, after a short warm-up;
   any answer other than 200 counts as an error (a redirect to the login page
   would otherwise look like a fast page). The same run measures the bare
   Django view /bench/ceiling/ on the same stack: each page's requests/s is
   also given as a share of that ceiling.
4. Counts the SQL queries of one request per page kind (warm cache), and
   times CM Hub's search engine directly (no cache) on common words.
5. Grows the data set to --big-scale resources and times search again, and
   the search pages under wrk.

Writes bench/results/load.json and load.md. Needs wrk (Debian package `wrk`)
and PostgreSQL; Redis at REDIS_URL (default redis://127.0.0.1:6379/7).

Each step has its module:

    bench/load_dataset.py   1. the data set (migrate, load_demo, bench/scale.py N)
    bench/load_server.py    2. gunicorn as in production
    bench/load_wrk.py       3. the load, with wrk
    bench/load_pages.py     the page kinds, their URLs and the members'
                            cookies; 4. SQL per request and search timings,
                            in Django processes on the bench database
    bench/load_report.py    the tables, bench/results/load.md and load.json
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load_dataset  # noqa: E402
from common import (  # noqa: E402
    DATA_DIR,
    postgres_base_url,
    postgres_reachable,
    run_worker,
    with_database_name,
)
from load_pages import KINDS, SEARCH_KINDS, worker  # noqa: E402
from load_report import report  # noqa: E402
from load_server import Server, free_port, server_env  # noqa: E402
from load_wrk import load_run, ratio  # noqa: E402

DATABASE = "cmhub_bench_load"
REDIS_DEFAULT = "redis://127.0.0.1:6379/7"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10_000)
    parser.add_argument("--big-scale", type=int, default=50_000)
    parser.add_argument("--skip-big", action="store_true", help="no run at --big-scale")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page kind")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--reuse", action="store_true", help="keep the database of a last run")
    parser.add_argument(
        "--also-uncached",
        action="store_true",
        help="first load every page with fragment caching off (the figures before it)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker)

    started = time.monotonic()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (Debian's package).")
    base = postgres_base_url()
    if not postgres_reachable(base):
        raise SystemExit("The load benchmark needs PostgreSQL (BENCH_DATABASE_URL).")
    database_url = with_database_name(base, DATABASE)
    redis_url = os.environ.get("BENCH_REDIS_URL", REDIS_DEFAULT)
    static_root = DATA_DIR / "static"
    env = server_env(database_url, redis_url, static_root)
    subprocess.run(["redis-cli", "-u", redis_url, "FLUSHDB"], check=False, capture_output=True)

    def in_django(name):
        """The figures of `load.py --worker NAME` (bench/load_pages.py)."""
        return run_worker(__file__, ["--worker", name], database_url, name, env=env)

    timings = {}
    if args.reuse:
        timings["refresh_s"] = load_dataset.refresh(env)
    else:
        timings["build_s"] = load_dataset.build(env, database_url, args.scale)

    plan = in_django("plan")
    port = free_port()
    print(f"gunicorn on 127.0.0.1:{port}, {args.workers} workers; wrk -c{args.connections}")
    uncached = None
    if args.also_uncached:
        print("Fragment caching off (FRAGMENT_CACHE_TIMEOUT=0, COMMENT_THREAD_CACHE_TIMEOUT=0):")
        off = {**env, "FRAGMENT_CACHE_TIMEOUT": "0", "COMMENT_THREAD_CACHE_TIMEOUT": "0"}
        with Server(off, port, args.workers):
            uncached = load_run(port, plan, args.duration, args.connections, [k for k, _ in KINDS])
        ratio(uncached)
        print("Fragment caching on:")
    with Server(env, port, args.workers):
        results = load_run(port, plan, args.duration, args.connections, [k for k, _ in KINDS])
    ratio(results)
    queries = in_django("queries")
    search = {str(args.scale): in_django("search")}

    big = None
    if not args.skip_big and args.big_scale > args.scale:
        step = time.monotonic()
        load_dataset.scale(env, args.big_scale)
        timings["grow_s"] = round(time.monotonic() - step)
        search[str(args.big_scale)] = in_django("search")
        big_plan = in_django("plan")
        with Server(env, port, args.workers):
            big = load_run(
                port, big_plan, args.duration, args.connections, ["ceiling", *SEARCH_KINDS]
            )
        ratio(big)
    timings["total_s"] = round(time.monotonic() - started)
    report(args, plan, results, queries, search, big, timings, uncached)


if __name__ == "__main__":
    main()
