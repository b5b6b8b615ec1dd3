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
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    BENCH_DIR,
    DATA_DIR,
    ROOT,
    emit,
    postgres_base_url,
    postgres_reachable,
    recreate_postgres_database,
    run_worker,
    setup_django,
    table,
    with_database_name,
    write_results,
)

DATABASE = "cmhub_bench_load"
REDIS_DEFAULT = "redis://127.0.0.1:6379/7"
MEMBERS = 8

#: Page kinds in the order of the table, with what they show.
KINDS = [
    ("ceiling", "bare Django view, same stack (the ceiling)"),
    ("home", "member dashboard, French and English"),
    ("resource_index", "guides list with topic and platform filters"),
    ("guide_300", "a guide with 300 comments"),
    ("guide", "guides, talks, job profiles, case studies"),
    ("compare", "two job profiles compared"),
    ("event_index", "events list, upcoming, pages 1-3"),
    ("event", "event pages"),
    ("search_many", "search, common words (thousands of hits)"),
    ("search_none", "search that finds nothing"),
    ("autocomplete", "autocomplete, 3-letter prefixes"),
]
SEARCH_KINDS = ("search_many", "search_none", "autocomplete")


# --- the parent ---------------------------------------------------------------


def server_env(database_url, redis_url, static_root):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cmhub.settings.production",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "False",
            "SECURE_HSTS_SECONDS": "0",
            "ELASTICSEARCH_URL": "",
            "TASKS_BACKEND": "immediate",
            "STATIC_ROOT": str(static_root),
            "BENCH_CEILING_VIEW": "True",
            # 8 members sending thousands of searches a minute is the point
            # here: lift the per-member limits (docs/security.md).
            "SEARCH_RATE_LIMIT": "1000000",
            "SEARCH_AUTOCOMPLETE_RATE_LIMIT": "1000000",
            "LOG_LEVEL": "WARNING",
            "CONN_MAX_AGE": "600",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def manage(env, *args, quiet=False):
    started = time.monotonic()
    print(f"$ manage.py {' '.join(args)}", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    print(f"  ({time.monotonic() - started:.0f} s)", flush=True)


def data_env(env):
    """`env` with the development settings and DEBUG off, for load_demo and
    bench/scale.py: same database and cache, but the demo app installed
    (the production settings do not install it)."""
    return {**env, "DJANGO_SETTINGS_MODULE": "cmhub.settings.dev", "DEBUG": "False"}


def scale(env, resources):
    """Grow the data set to `resources` resources (bench/scale.py)."""
    started = time.monotonic()
    print(f"$ bench/scale.py {resources}", flush=True)
    subprocess.run(
        [sys.executable, str(BENCH_DIR / "scale.py"), str(resources)],
        env=data_env(env),
        cwd=ROOT,
        check=True,
    )
    print(f"  ({time.monotonic() - started:.0f} s)", flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn as in production (the Dockerfile's command), 2 workers."""

    def __init__(self, env, port, workers):
        self.env, self.port, self.workers = env, port, workers
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "cmhub.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(  # noqa: S310 - our own local server
                    f"http://127.0.0.1:{self.port}/healthz/", timeout=2
                ) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        raise SystemExit("gunicorn did not answer /healthz/ within 60 s")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


LUA = """
local urls = {%(urls)s}
local cookies = {%(cookies)s}
counter = 0
errors = 0
threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = math.random(0, #urls)
end

function request()
  counter = counter + 1
  local url = urls[(counter %% #urls) + 1]
  local cookie = cookies[(counter %% #cookies) + 1]
  return wrk.format("GET", url, {["Cookie"] = cookie, ["Accept-Language"] = "fr"})
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("errors")
  end
  io.write(string.format("NON200 %%d\\n", total))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("P%%d %%f\\n", p, latency:percentile(p) / 1000.0))
  end
end
"""


def lua_string(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(port, urls, cookies, duration, connections, threads=2):
    script = LUA % {
        "urls": ", ".join(lua_string(url) for url in urls),
        "cookies": ", ".join(lua_string(cookie) for cookie in cookies),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
        path = handle.name
    try:
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            path,
            f"http://127.0.0.1:{port}",
        ]
        finished = subprocess.run(command, capture_output=True, text=True, check=False)
        if finished.returncode != 0:
            raise SystemExit(f"wrk failed: {finished.stdout}{finished.stderr}")
        output = finished.stdout
    finally:
        os.unlink(path)
    figures = {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": int(re.search(r"NON200 (\d+)", output).group(1)),
    }
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        figures["socket_errors"] = socket_errors.group(1)
        numbers = [int(n) for n in re.findall(r"\d+", socket_errors.group(1))]
        figures["errors"] += sum(numbers)
    for percentile in (50, 90, 99):
        value = re.search(rf"P{percentile} ([\d.]+)", output)
        figures[f"p{percentile}_ms"] = round(float(value.group(1)), 1)
    return figures


def warm(port, urls, cookies):
    """Visit every URL once as every member, 8 at a time: the figures are
    those of a site in use, whose caches hold what members read (the cost of
    a first visit is measured apart, in the SQL step)."""

    def visit(pair):
        url, cookie = pair
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{url}", headers={"Cookie": cookie}
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - local
            response.read()

    pairs = [(url, cookie) for url in urls for cookie in cookies]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(visit, pairs))


def load_run(port, plan, duration, connections, kinds, warmup=2):
    results = {}
    for kind in kinds:
        urls = plan["urls"][kind]
        warm(port, urls, plan["cookies"])
        run_wrk(port, urls, plan["cookies"], warmup, connections)
        figures = run_wrk(port, urls, plan["cookies"], duration, connections)
        figures["urls"] = len(urls)
        results[kind] = figures
        print(
            f"  {kind:<15} {figures['requests_per_s']:8.1f} req/s  p50 {figures['p50_ms']:7.1f} ms"
            f"  p99 {figures['p99_ms']:7.1f} ms  errors {figures['errors']}",
            flush=True,
        )
    return results


def ratio(results):
    ceiling = results["ceiling"]["requests_per_s"]
    for figures in results.values():
        figures["share_of_ceiling"] = round(figures["requests_per_s"] / ceiling, 4)


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

    timings = {}
    if not args.reuse:
        recreate_postgres_database(database_url)
        step = time.monotonic()
        manage(env, "migrate", "--noinput", "-v0")
        manage(data_env(env), "load_demo", "--allow-production")
        scale(env, args.scale)
        manage(env, "collectstatic", "--noinput", "-v0")
        timings["build_s"] = round(time.monotonic() - step)

    plan = run_worker(__file__, ["--worker", "plan"], database_url, "plan", env=env)
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
    queries = run_worker(__file__, ["--worker", "queries"], database_url, "queries", env=env)
    search = {
        str(args.scale): run_worker(
            __file__, ["--worker", "search"], database_url, "search", env=env
        )
    }

    big = None
    if not args.skip_big and args.big_scale > args.scale:
        step = time.monotonic()
        scale(env, args.big_scale)
        timings["grow_s"] = round(time.monotonic() - step)
        search[str(args.big_scale)] = run_worker(
            __file__, ["--worker", "search"], database_url, "search", env=env
        )
        big_plan = run_worker(__file__, ["--worker", "plan"], database_url, "plan", env=env)
        with Server(env, port, args.workers):
            big = load_run(
                port, big_plan, args.duration, args.connections, ["ceiling", *SEARCH_KINDS]
            )
        ratio(big)
    timings["total_s"] = round(time.monotonic() - started)
    report(args, plan, results, queries, search, big, timings, uncached)


def report(args, plan, results, queries, search, big, timings, uncached=None):
    descriptions = dict(KINDS)
    ceiling = results["ceiling"]["requests_per_s"]
    rows = []
    for kind, _description in KINDS:
        figures = results[kind]
        single = (queries or {}).get(kind, {})
        rows.append(
            [
                kind,
                descriptions[kind],
                f"{figures['requests_per_s']:.0f}",
                f"{figures['share_of_ceiling']:.1%}",
                f"{figures['p50_ms']:.0f}",
                f"{figures['p99_ms']:.0f}",
                figures["errors"],
                f"{single.get('warm_sql', '—')} / {single.get('cold_sql', '—')}",
                f"{single.get('warm_ms', '—')} / {single.get('cold_ms', '—')}",
            ]
        )
        if uncached:
            off = uncached[kind]
            rows[-1] += [
                f"{off['requests_per_s']:.0f}",
                f"{off['p50_ms']:.0f}",
                f"{off['p99_ms']:.0f}",
            ]
    headers = [
        "page",
        "what",
        "req/s",
        "of ceiling",
        "p50 ms",
        "p99 ms",
        "errors",
        "SQL warm / first",
        "1 request ms warm / first",
    ]
    if uncached:
        headers += ["req/s, no fragment cache", "p50 ms", "p99 ms"]
    lines = [
        "# Load benchmark",
        "",
        f"Data set: `load_demo` + `bench/scale.py {args.scale}` — {plan['counts']}.",
        f"gunicorn {args.workers} workers (production settings, PostgreSQL, Redis); "
        f"wrk {args.connections} connections, {args.duration} s per page after 2 s warm-up, "
        f"as {MEMBERS} logged-in members. Ceiling: {ceiling:.0f} req/s.",
        "",
        table(headers, rows),
        "",
        "req/s, p50 and p99 under load, caches warm (every URL visited once by every "
        "member first). SQL and time of a single request in-process: warm, and on a "
        "first visit (every cached part stale).",
        "",
        "## Search engine latency (no cache, facets on)",
        "",
    ]
    search_rows = []
    for scale, cases in search.items():
        if not cases:
            continue
        for case in cases["cases"]:
            search_rows.append(
                [
                    f"{int(scale):,} resources",
                    case["name"],
                    case["hits"],
                    f"{case['p50_ms']:.0f}",
                    f"{case['p95_ms']:.0f}",
                ]
            )
    lines += [table(["data set", "query", "hits", "p50 ms", "p95 ms"], search_rows), ""]
    if big:
        lines += [
            f"## Search pages at {args.big_scale:,} resources",
            "",
            table(
                ["page", "req/s", "of ceiling", "p50 ms", "p99 ms", "errors"],
                [
                    [
                        kind,
                        f"{f['requests_per_s']:.0f}",
                        f"{f['share_of_ceiling']:.1%}",
                        f"{f['p50_ms']:.0f}",
                        f"{f['p99_ms']:.0f}",
                        f["errors"],
                    ]
                    for kind, f in big.items()
                ],
            ),
            "",
        ]
    lines.append(f"Timings: {timings}.")
    markdown = "\n".join(lines) + "\n"
    print()
    print(markdown)
    write_results(
        "load",
        {
            "args": vars(args),
            "counts": plan["counts"],
            "results": results,
            "queries": queries,
            "search": search,
            "big": big,
            "timings": timings,
            "uncached": uncached,
        },
        markdown,
    )


# --- workers (Django processes on the bench database) ---------------------------


def worker(name):
    setup_django()
    emit({"plan": plan, "queries": count_queries, "search": time_search}[name]())


def members():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    demo = list(User.objects.filter(email="membre@cmhub.example"))
    others = list(
        User.objects.filter(email__endswith="@scale.cmhub.example").order_by("pk")[
            : MEMBERS - len(demo)
        ]
    )
    return demo + others


def session_cookie(user):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    # A browser keeps the CSRF cookie it was given; without it every page
    # would mint a new one and nothing per member could be cached.
    csrf = get_random_string(32)
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"


def plan_urls():
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.http import urlencode

    from community.models import Platform, Topic
    from events.models import EventIndexPage, EventPage
    from resources.models import (
        CaseStudyPage,
        GuideIndexPage,
        GuidePage,
        JobProfileIndexPage,
        JobProfilePage,
        TalkPage,
    )

    urls = {"ceiling": ["/bench/ceiling/"], "home": ["/fr/", "/en/"]}
    guides = GuideIndexPage.objects.get(locale__language_code="fr").url
    topics = list(Topic.objects.filter(locale__language_code="fr").values_list("slug", flat=True))
    platforms = list(Platform.objects.values_list("slug", flat=True))
    urls["resource_index"] = [guides] + [
        f"{guides}?{urlencode({'topic': topic, 'platform': platform})}"
        for topic in topics[:5]
        for platform in platforms[:2]
    ]
    big = GuidePage.objects.get(import_key="scale-guidepage-0")
    urls["guide_300"] = [big.url]
    pages = []
    for model in (GuidePage, TalkPage, JobProfilePage, CaseStudyPage):
        pages += list(model.objects.live().filter(import_key__startswith="scale-")[1:11])
    urls["guide"] = [page.url for page in pages]
    jobs = JobProfileIndexPage.objects.get(locale__language_code="fr")
    profiles = list(
        JobProfilePage.objects.live().filter(locale=jobs.locale).values_list("pk", flat=True)[:20]
    )
    compare = jobs.url + jobs.reverse_subpage("compare")
    urls["compare"] = [
        f"{compare}?{urlencode({'profiles': [a, b]}, doseq=True)}"
        for a, b in zip(profiles[::2], profiles[1::2], strict=False)
    ]
    events = EventIndexPage.objects.get(locale__language_code="fr").url
    urls["event_index"] = [events, f"{events}?page=2", f"{events}?page=3"]
    upcoming = EventPage.objects.live().filter(start__gte=timezone.now())
    urls["event"] = [page.url for page in upcoming[:20]]
    search = reverse("search")
    words = ["réseaux", "étudiants", "communauté", "engagement", "campagne", "vidéo"]
    urls["search_many"] = [f"{search}?{urlencode({'q': word})}" for word in words]
    urls["search_none"] = [
        f"{search}?{urlencode({'q': f'zorglub{n} quixotique'})}" for n in range(20)
    ]
    suggest = reverse("search_autocomplete")
    urls["autocomplete"] = [
        f"{suggest}?{urlencode({'q': prefix})}"
        for prefix in ["rés", "étu", "com", "eng", "cam", "vid", "lin", "ins", "cri", "for"]
    ]
    return urls


def plan():
    from django.contrib.auth import get_user_model
    from django.utils import translation
    from django_comments_xtd.models import XtdComment

    from events.models import EventPage, Registration
    from resources.models import RESOURCE_MODELS

    translation.activate("fr")
    counts = (
        f"{sum(model.objects.count() for model in RESOURCE_MODELS):,} resources, "
        f"{EventPage.objects.count():,} events, {Registration.objects.count():,} registrations, "
        f"{XtdComment.objects.count():,} comments, {get_user_model().objects.count():,} members"
    )
    return {
        "urls": plan_urls(),
        "cookies": [session_cookie(user) for user in members()],
        "counts": counts,
    }


def count_queries():
    """Per page kind, as the demo member: the SQL queries and the time of a
    first visit (every cached part stale: the content version is bumped) and
    of the next one (cached parts fresh)."""
    import time as clock

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from core import fragments

    translation.activate("fr")
    client = Client()
    client.force_login(members()[0])
    client.get("/fr/")  # the CSRF cookie, as a member who has been browsing
    figures = {}
    for kind, urls in plan_urls().items():
        row = {}
        for label in ("cold", "warm"):
            if label == "cold":
                fragments.bump()
            started = clock.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(urls[-1])
            row[f"{label}_ms"] = round((clock.perf_counter() - started) * 1000, 1)
            row[f"{label}_sql"] = len(captured)
            row["status"] = response.status_code
        figures[kind] = row
    return figures


def time_search(runs=20):
    """CM Hub's engine on the whole data set, facets on, as a member."""
    from django.db import connection

    from resources.models import RESOURCE_MODELS
    from search.backends import get_engine
    from search.query import SearchQuery, parse_groups

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from search.service import visibility_of

    engine = get_engine()
    member = visibility_of(members()[0])
    french, english = ("fr", ""), ("en", "")
    cases = [
        ("réseaux", "réseaux", french, {}),
        ("étudiants campagne", "étudiants campagne", french, {}),
        ("students (English)", "students", english, {}),
        ("réseaux + 2 facets", "réseaux", french, {"type": "guide", "platform": "instagram"}),
        ("rare word", "mastodon", french, {}),
    ]
    results = []
    for name, text, locales, filters in cases:
        query = SearchQuery(
            text=text,
            groups=parse_groups(text, locales[0]),
            locales=locales,
            filters=filters,
            visibility=member,
            sort="relevance",
            limit=20,
            with_facets=True,
        )
        timings, hits = [], 0
        for number in range(runs + 2):
            started = time.perf_counter()
            page = engine.search(query)
            elapsed = (time.perf_counter() - started) * 1000
            hits = page.total
            if number >= 2:
                timings.append(elapsed)
        timings.sort()
        results.append(
            {
                "name": name,
                "hits": hits,
                "p50_ms": round(timings[len(timings) // 2], 1),
                "p95_ms": round(
                    timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))], 1
                ),
            }
        )
        print(f"{name}: {hits} hits, p95 {results[-1]['p95_ms']} ms", flush=True)
    pages = sum(model.objects.live().count() for model in RESOURCE_MODELS)
    return {"resources": pages, "cases": results}


if __name__ == "__main__":
    main()
