"""Search latency of CM Hub's engines at 10,000 and 50,000 documents.

    .venv/bin/python bench/search_latency.py [--sizes 10000,50000] [--runs 30] [--no-postgres]

The documents are GENERATED DIRECTLY as search documents (`search.documents.Draft`
saved by `search.indexer.save_drafts`, in batches), not as Wagtail pages:
titles, summaries and bodies of ~150-400 words from bench/corpus.py's word
lists, facet values spread over 40 institutions, 10 topics, 9 platforms,
4 audiences, 8 years and both locales. Each database is the bench's own:
bench/.data/latency.sqlite3 and PostgreSQL `<name>_latency`, <name> being the
database of BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cmhub_bench,
hence `cmhub_bench_latency`), so that two checkouts given two names never
drop each other's database.

For every case, `search.backends.get_engine().search(query)` is called
directly (no Django cache) with with_facets=True and limit 20, 3 warm-up runs
then --runs timed runs (time.perf_counter); autocomplete cases call
`engine.autocomplete()`. Besides the whole call, the facet query and the
ranked query are timed apart (the engine's own `facet_counts()` and
`ranked()`), and on PostgreSQL the slowest case at the largest size gets an
EXPLAIN (ANALYZE, BUFFERS). Targets: p95 < 100 ms at 50,000 documents on
PostgreSQL; no query over 1 s on SQLite at 10,000.
"""

import argparse
import datetime
import random
import statistics
import sys
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
import corpus  # noqa: E402

PG_SUFFIX = "_latency"
BATCH = 1000
KINDS = ["guide", "guide", "talk", "case_study", "job_profile", "event"]
TOPICS = [f"topic-{n}" for n in range(1, 11)]
PLATFORMS = [
    "facebook",
    "instagram",
    "linkedin",
    "x-twitter",
    "youtube",
    "tiktok",
    "blog",
    "newsletter",
    "document-sharing",
]
AUDIENCES = ["students", "staff", "teachers", "community_managers"]
INSTITUTION_KINDS = [
    "university",
    "business_school",
    "grande_ecole",
    "engineering_school",
    "cegep",
    "training_institute",
]
FR_REGIONS = [
    "Auvergne-Rhône-Alpes",
    "Hauts-de-France",
    "Occitanie",
    "Pays de la Loire",
    "Île-de-France",
    "Bretagne",
]
QC_REGIONS = ["Québec", "Montréal", "Estrie", "Laurentides"]
#: Words put in a few documents only, for the "rare word" cases (< 1 %).
RARE = {"fr": ["mastodon", "hackathon", "sérendipité"], "en": ["mastodon", "hackathon"]}
RARE_RATE = 0.004


def institutions():
    """40 made-up institutions: id → (name, kind, country, region)."""
    rng = random.Random(40)  # noqa: S311
    result = {}
    for pk in range(1, 41):
        country = "CA" if pk % 4 == 0 else "FR"
        region = rng.choice(QC_REGIONS if country == "CA" else FR_REGIONS)
        kind = "cegep" if country == "CA" and pk % 8 == 0 else rng.choice(INSTITUTION_KINDS[:4])
        result[10_000 + pk] = (f"Établissement {pk} de {region}", kind, country, region)
    return result


INSTITUTIONS = institutions()


def draft(rng, number):
    from search.documents import Draft

    language = "en" if rng.random() < 0.33 else "fr"
    _theme, title, summary, paragraphs = corpus.text_for(rng, language)
    body = " ".join(paragraphs)
    if rng.random() < RARE_RATE * len(RARE[language]):
        body += f" {rng.choice(RARE[language])} "
    institution_id = rng.choice(list(INSTITUTIONS))
    name, kind, country, region = INSTITUTIONS[institution_id]
    year = rng.randint(2019, 2026)
    date = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
    topics = rng.sample(TOPICS, rng.randint(1, 3))
    tags = [("topic", topic) for topic in topics]
    tags += [("platform", platform) for platform in rng.sample(PLATFORMS, rng.randint(1, 3))]
    tags += [("audience", audience) for audience in rng.sample(AUDIENCES, rng.randint(1, 2))]
    return Draft(
        f"bench:{number}",
        {
            "kind": rng.choice(KINDS),
            "object_id": number,
            "locale": language,
            "language": language,
            "title": title[:255],
            "summary": summary,
            "keywords": f"{name} " + " ".join(topics),
            "body": body,
            "url": f"/bench/{number}/",
            "date": date,
            "year": year,
            "institution_id": institution_id,
            "institution_kind": kind,
            "country": country,
            "region": region,
            "groups": "|1|" if rng.random() < 0.05 else "",
        },
        tags,
    )


def generate(start, stop, seed):
    """Save documents start..stop-1 (numbered), in batches; returns seconds."""
    from search.indexer import save_drafts

    rng = random.Random(seed + start)  # noqa: S311
    started = time.monotonic()
    for first in range(start, stop, BATCH):
        save_drafts([draft(rng, number) for number in range(first, min(first + BATCH, stop))])
        done = min(first + BATCH, stop)
        if done % 10_000 == 0 or done == stop:
            print(f"  {done} documents ({time.monotonic() - started:.0f} s)", flush=True)
    return time.monotonic() - started


def cases():
    """(name, category, kind, payload): kind "search" with SearchQuery fields,
    or "autocomplete" with (words, locales)."""
    fr, en = ("fr", ""), ("en", "")
    return [
        ("rare: mastodon", "rare word", "search", {"text": "mastodon", "locales": fr}),
        ("rare: hackathon (en)", "rare word", "search", {"text": "hackathon", "locales": en}),
        ("common: réseaux", "common word", "search", {"text": "réseaux", "locales": fr}),
        ("common: étudiants", "common word", "search", {"text": "étudiants", "locales": fr}),
        ("common: students (en)", "common word", "search", {"text": "students", "locales": en}),
        (
            "two words: réseaux étudiants",
            "two words",
            "search",
            {"text": "réseaux étudiants", "locales": fr},
        ),
        (
            "two words: formation publication",
            "two words",
            "search",
            {"text": "formation publication", "locales": fr},
        ),
        (
            "two words: social networks (en)",
            "two words",
            "search",
            {"text": "social networks", "locales": en},
        ),
        ("synonym: infolettre", "synonym", "search", {"text": "infolettre", "locales": fr}),
        ("all languages: podcast", "all languages", "search", {"text": "podcast", "locales": None}),
        (
            "2 facets: réseaux + topic + institution",
            "query + 2 facets",
            "search",
            {
                "text": "réseaux",
                "locales": fr,
                "filters": {"topic": "topic-3", "institution": 10_007},
            },
        ),
        (
            "2 facets: étudiants + platform + year",
            "query + 2 facets",
            "search",
            {
                "text": "étudiants",
                "locales": fr,
                "filters": {"platform": "instagram", "year": 2024},
            },
        ),
        (
            "sort by date: étudiants",
            "sort by date",
            "search",
            {"text": "étudiants", "locales": fr, "sort": "date"},
        ),
        (
            "no query, 1 facet (browse)",
            "browse",
            "search",
            {"text": "", "locales": fr, "filters": {"topic": "topic-5"}},
        ),
        ("autocomplete: ré", "autocomplete", "autocomplete", (["re"], fr)),
        ("autocomplete: pod", "autocomplete", "autocomplete", (["pod"], fr)),
        ("autocomplete: guide pra", "autocomplete", "autocomplete", (["guide", "pra"], fr)),
        ("autocomplete: la", "autocomplete", "autocomplete", (["la"], fr)),
    ]


def build_query(payload, member):
    from search.query import SearchQuery, parse_groups

    language = "en" if payload.get("locales") == ("en", "") else "fr"
    return SearchQuery(
        text=payload["text"],
        groups=parse_groups(payload["text"], language),
        locales=payload.get("locales"),
        filters=payload.get("filters", {}),
        visibility=member,
        sort=payload.get("sort", "relevance"),
        limit=20,
        with_facets=True,
    )


def timed(function, runs, warmup=3, budget=None):
    """Times in ms of `runs` calls after `warmup` calls; with a `budget` (s),
    fewer runs (never under 10) when the warm-up shows the case is slow."""
    started = time.perf_counter()
    for _ in range(warmup):
        function()
    if budget and warmup:
        per_call = (time.perf_counter() - started) / warmup
        runs = min(runs, max(10, int(budget / max(per_call, 1e-6))))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def parts(engine, query, runs):
    """Median ms of the facet query and of the ranked query, run apart
    (None, None on an external engine, which answers both in one request)."""
    from django.db import connection

    if engine.external:
        return None, None

    from_sql, where_sql, params, score_sql, score_params = engine.base_sql(query)
    # The planner settings the engine searches with (PostgreSQL: no
    # sequential scan for a text match).
    planner = getattr(engine, "planner", lambda query: nullcontext())

    def facets():
        with planner(query), connection.cursor() as cursor:
            engine.facet_counts(cursor, from_sql, where_sql, params)

    def ranked():
        with planner(query), connection.cursor() as cursor:
            engine.ranked(cursor, query, from_sql, where_sql, params, score_sql, score_params)

    return (
        statistics.median(timed(facets, runs, warmup=1)),
        statistics.median(timed(ranked, runs, warmup=1)),
    )


def measure(runs, budget):
    from search.backends import get_engine

    engine = get_engine()
    member = (1,)
    rows = []
    for name, category, kind, payload in cases():
        if kind == "search":
            query = build_query(payload, member)
            total = engine.search(query).total
            times = timed(lambda q=query: engine.search(q), runs, budget=budget)
            facets_ms, ranked_ms = parts(engine, query, 5)
        else:
            words, locales = payload
            total = len(engine.autocomplete(words, locales, member, 8))
            times = timed(
                lambda w=words, loc=locales: engine.autocomplete(w, loc, member, 8),
                runs,
                budget=budget,
            )
            facets_ms = ranked_ms = None
        rows.append(
            {
                "case": name,
                "category": category,
                "matches": total,
                "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(common.percentile(times, 0.95), 2),
                "max_ms": round(max(times), 2),
                "facets_ms": None if facets_ms is None else round(facets_ms, 2),
                "ranked_ms": None if ranked_ms is None else round(ranked_ms, 2),
                "runs": len(times),
            }
        )
        print(
            f"    {name:42} {total:>6} matches  median {rows[-1]['median_ms']:8.2f} ms"
            f"  p95 {rows[-1]['p95_ms']:8.2f} ms",
            flush=True,
        )
    return rows


def explain(case_name, runs_rows):
    """EXPLAIN (ANALYZE, BUFFERS) of the facet and ranked queries of a case."""
    from django.db import connection

    from search.backends import get_engine

    engine = get_engine()
    payload = next(p for n, _c, k, p in cases() if n == case_name and k == "search")
    query = build_query(payload, (1,))
    from_sql, where_sql, params, score_sql, score_params = engine.base_sql(query)
    plans = {}
    planner = getattr(engine, "planner", lambda query: nullcontext())
    with planner(query), connection.cursor() as cursor:
        captured = []
        real_execute = cursor.execute

        def capture(sql, args=None):
            captured.append((sql, args))
            return real_execute(sql, args)

        cursor.execute = capture
        engine.facet_counts(cursor, from_sql, where_sql, params)
        engine.ranked(cursor, query, from_sql, where_sql, params, score_sql, score_params)
        cursor.execute = real_execute
        for label, (sql, args) in zip(("facets", "ranked"), captured, strict=True):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, args)
            plans[label] = "\n".join(row[0] for row in cursor.fetchall())
    return plans


def worker(args):
    common.setup_django()
    from django.core.management import call_command
    from django.db import connection

    from search.backends import get_engine
    from search.models import SearchDocument

    started = time.monotonic()
    call_command("migrate", "--noinput", verbosity=0)
    print(f"migrated in {time.monotonic() - started:.0f} s", flush=True)
    synonyms = common.ensure_synonyms()
    engine = get_engine()
    print(f"engine: {engine.name}; {synonyms}", flush=True)
    print("documents are generated directly as search documents (Drafts), not pages", flush=True)
    sizes = [int(size) for size in args.sizes.split(",")]
    results, generation, count = [], {}, 0
    for size in sizes:
        seconds = generate(count, size, seed=7)
        count = size
        generation[size] = round(seconds, 1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if engine.external:
            engine.client.indices.refresh(index=engine.index_name)
        total = SearchDocument.objects.count()
        print(
            f"  {total} documents in the index (+{seconds:.0f} s to generate); measuring…",
            flush=True,
        )
        rows = measure(args.runs, args.budget)
        results.append({"documents": total, "generation_s": generation[size], "cases": rows})
    profile = None
    if connection.vendor == "postgresql":
        last = results[-1]["cases"]
        searches = [row for row in last if row["category"] != "autocomplete"]
        slowest = max(searches, key=lambda row: row["p95_ms"])
        profile = {"case": slowest["case"], "plans": explain(slowest["case"], last)}
        over = [row["case"] for row in searches if row["p95_ms"] >= 100]
        profile["over_target"] = over
        for extra in over[:3]:
            if extra != slowest["case"]:
                profile.setdefault("more", {})[extra] = explain(extra, last)
    common.emit(
        {
            "database": connection.vendor,
            "engine": engine.name,
            "synonyms": synonyms,
            "sizes": results,
            "profile": profile,
            "runtime_s": round(time.monotonic() - started),
        }
    )


# --- Parent ------------------------------------------------------------------


def report(results, runs):
    lines = [
        "# Search latency",
        "",
        "Documents are **generated directly as search documents** "
        "(`search.indexer.save_drafts` of `Draft`s), not as Wagtail pages. "
        f"`get_engine().search()` called directly (no cache), with_facets=True, limit 20, "
        f"3 warm-up runs then {runs} timed runs (fewer, at least 10, when a case's "
        "warm-up shows it would take over --budget seconds: see `runs`); "
        "visibility = a member of one group. "
        "`facets` and `ranked` are the medians of the engine's facet query and ranked "
        "query run apart (search = count/facets + ranked).",
        "",
    ]
    for label, data in results.items():
        for size in data["sizes"]:
            lines += [
                f"## {label}, {size['documents']:,} documents "
                f"(generated in {size['generation_s']} s)",
                "",
            ]
            rows = []
            for row in size["cases"]:
                rows.append(
                    [
                        row["case"],
                        row["matches"],
                        f"{row['median_ms']:.1f}",
                        f"{row['p95_ms']:.1f}",
                        f"{row['max_ms']:.1f}",
                        "" if row["facets_ms"] is None else f"{row['facets_ms']:.1f}",
                        "" if row["ranked_ms"] is None else f"{row['ranked_ms']:.1f}",
                        row["runs"],
                    ]
                )
            lines.append(
                common.table(
                    [
                        "case",
                        "matches",
                        "median ms",
                        "p95 ms",
                        "max ms",
                        "facets ms",
                        "ranked ms",
                        "runs",
                    ],
                    rows,
                )
            )
            lines.append("")
    lines += ["## Targets", ""]
    pg = results.get("PostgreSQL")
    if pg:
        big = max(pg["sizes"], key=lambda s: s["documents"])
        over = [row["case"] for row in big["cases"] if row["p95_ms"] >= 100]
        lines.append(
            verdict("PostgreSQL, p95 < 100 ms", big, "p95_ms", 100, "worst p95")
            + f"; over target: {', '.join(over) or 'none'}"
        )
    node = results.get("OpenSearch")
    if node:
        big = max(node["sizes"], key=lambda s: s["documents"])
        lines.append(verdict("OpenSearch, p95 < 100 ms", big, "p95_ms", 100, "worst p95"))
    sqlite = results.get("SQLite")
    if sqlite:
        small = min(sqlite["sizes"], key=lambda s: s["documents"])
        lines.append(
            verdict("SQLite, no query over 1 s", small, "max_ms", 1000, "slowest single run")
        )
    lines.append("")
    if pg and pg.get("profile"):
        profile = pg["profile"]
        lines += [
            f"## PostgreSQL profile of the slowest case: {profile['case']}",
            "",
        ]
        for part, plan in profile["plans"].items():
            lines += [f"### {part} query", "", "```", plan, "```", ""]
    return "\n".join(lines) + "\n"


def verdict(target, size, figure, limit_ms, worst_is):
    """A line of the Targets section: `target` is met at `size` when no case's
    `figure` (p95_ms, max_ms) reaches `limit_ms`; names the worst case."""
    worst = max(size["cases"], key=lambda row: row[figure])
    met = "met" if worst[figure] < limit_ms else "MISSED"
    return (
        f"- {target} at {size['documents']:,} documents: **{met}** "
        f"({worst_is} {worst[figure]:.1f} ms, {worst['case']})"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--budget",
        type=float,
        default=25.0,
        help="seconds per case: a slower case gets fewer runs (at least 10)",
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--search-url",
        default="",
        help="also measure a real OpenSearch node (default: BENCH_SEARCH_URL; bin/search-node)",
    )
    common.command(parser, worker=worker, parent=run_all)


def run_all(args):
    """The parent: one worker per database, then the report."""
    started = time.monotonic()
    worker_args = [
        "--worker",
        "--sizes",
        args.sizes,
        "--runs",
        str(args.runs),
        "--budget",
        str(args.budget),
    ]
    results = {}
    if not args.no_sqlite:
        data = common.run_on_sqlite(__file__, worker_args, "latency.sqlite3")
        if data:
            results["SQLite"] = data
    base = common.postgres_base_url()
    pg_url = common.with_database_name(base, base.rpartition("/")[2] + PG_SUFFIX)
    if not args.no_postgres and common.postgres_reachable(pg_url):
        data = common.run_on_postgres(__file__, worker_args, pg_url)
        if data:
            results["PostgreSQL"] = data
    node = args.search_url or common.search_node_url()
    if node:
        data = common.run_on_search_node(__file__, worker_args, "latency-node.sqlite3", node)
        if data:
            results["OpenSearch"] = data
    if not results:
        raise SystemExit("No backend produced results.")
    markdown = report(results, args.runs)
    print()
    print(markdown)
    common.write_results(
        "search-latency",
        {"backends": results, "runs": args.runs, "runtime_s": round(time.monotonic() - started)},
        markdown,
    )


if __name__ == "__main__":
    main()
