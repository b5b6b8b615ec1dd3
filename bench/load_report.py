"""The report of the load benchmark (bench/load.py): a table per step on
the terminal, bench/results/load.md and load.json."""

from common import table, write_results
from load_pages import KINDS, MEMBERS

#: The states a single request is measured in (bench/load_pages.py,
#: count_queries): warm, first visit after a publish, after a comment.
STATES = ("warm", "cold", "comment")


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
                " / ".join(str(single.get(f"{state}_sql", "—")) for state in STATES),
                " / ".join(str(single.get(f"{state}_cache", "—")) for state in STATES),
                " / ".join(str(single.get(f"{state}_ms", "—")) for state in STATES),
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
        "SQL warm / after publish / after comment",
        "Redis round trips warm / publish / comment",
        "1 request ms warm / publish / comment",
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
        "member first). SQL, Redis round trips (commands or pipelines sent to Redis; an MGET "
        "is one, what the request's read-ahead copy answers is none) and time of a single "
        "request in-process: "
        "warm, on the first visit after a publish (content and tree versions bumped: every "
        "cached part stale) and on the first visit after a comment (on the page shown, or on "
        "the newest guide, which the dashboard and the guides list show).",
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
    lines += ["## Goals (issue 15)", "", *goal_lines(results, queries, search, args), ""]
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


#: Page kinds held to the member-page goals; autocomplete has its own.
SHARE_GOAL, AUTOCOMPLETE_SHARE_GOAL, P99_GOAL_MS = 0.25, 0.60, 100
WARM_SQL_GOAL, WARM_CACHE_GOAL, FIRST_VISIT_GOAL_MS, SEARCH_P95_GOAL_MS = 6, 4, 60, 100


def verdict(ok):
    return "PASS" if ok else "FAIL"


def goal_lines(results, queries, search, args):
    """One PASS/FAIL line per goal and page kind."""
    lines = []
    for kind, _description in KINDS:
        if kind == "ceiling":
            continue
        figures = results[kind]
        share_goal = AUTOCOMPLETE_SHARE_GOAL if kind == "autocomplete" else SHARE_GOAL
        lines.append(
            f"- {verdict(figures['share_of_ceiling'] >= share_goal)} {kind}: "
            f"{figures['share_of_ceiling']:.1%} of the ceiling (goal ≥ {share_goal:.0%})"
        )
        if kind != "autocomplete":
            lines.append(
                f"- {verdict(figures['p99_ms'] <= P99_GOAL_MS)} {kind}: p99 "
                f"{figures['p99_ms']:.0f} ms at {args.connections} connections "
                f"(goal ≤ {P99_GOAL_MS} ms)"
            )
        single = (queries or {}).get(kind)
        if single:
            cheap = single["warm_sql"] <= WARM_SQL_GOAL and single["warm_cache"] <= WARM_CACHE_GOAL
            lines.append(
                f"- {verdict(cheap)} "
                f"{kind}: warm {single['warm_sql']} SQL, {single['warm_cache']} Redis round trips "
                f"(goal ≤ {WARM_SQL_GOAL} and ≤ {WARM_CACHE_GOAL})"
            )
            for state, change in (("cold", "a publish"), ("comment", "a comment")):
                if f"{state}_ms" in single:
                    lines.append(
                        f"- {verdict(single[f'{state}_ms'] <= FIRST_VISIT_GOAL_MS)} {kind}: "
                        f"first visit after {change} {single[f'{state}_ms']} ms in-process, "
                        f"{single[f'{state}_sql']} SQL (goal ≤ {FIRST_VISIT_GOAL_MS} ms)"
                    )
    for scale, cases in (search or {}).items():
        for case in (cases or {}).get("cases", []):
            if case["name"] == "rare word":
                continue
            lines.append(
                f"- {verdict(case['p95_ms'] <= SEARCH_P95_GOAL_MS)} search at {int(scale):,} "
                f"resources, {case['name']}: p95 {case['p95_ms']:.0f} ms "
                f"(goal ≤ {SEARCH_P95_GOAL_MS} ms)"
            )
    return lines
