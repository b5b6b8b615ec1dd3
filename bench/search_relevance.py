"""Search relevance: CM Hub's search against Wagtail's default database search.

    .venv/bin/python bench/search_relevance.py [--corpus 300] [--postgres | --no-postgres] [--reuse]

For each database (SQLite always, in bench/.data/relevance.sqlite3;
PostgreSQL too when reachable — database `cmhub_bench` on
BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/cmhub_bench) a
worker process builds its own site: migrate, load_demo, the bench's
synonyms if the editors' list is empty, N generated distractor pages
(bench/corpus.py, through the importer), update_index. Then, for every
query of bench/search_queries.json:

* CM Hub: the first 10 results as the search page lists them
  (`search.service.answer` then `more_results`: the documents with every
  word, then those with most of the words), with locales = the query's
  language + "" (language-neutral documents) and visibility None
  (everything): resources, events, institutions, speakers and members, each
  at its true position;
* Wagtail: `Page.objects.live().filter(locale=...).search(q)[:10]` on the
  project's WAGTAILSEARCH_BACKENDS["default"] (wagtail.search.backends.database);

both mapped to the same stable ids (resource import keys, event slugs, page
slugs), scored by recall@10 and MRR (reciprocal rank of the first expected
page, 0 if none in the top 10). Writes bench/results/search-relevance.json
and .md.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

QUERIES_FILE = common.BENCH_DIR / "search_queries.json"
TOP = 10


# --- Worker ------------------------------------------------------------------


def build_site(corpus_size, reuse):
    import io

    from django.core.management import call_command

    from search.models import SearchDocument

    if reuse and SearchDocument.objects.exists():
        print("reusing the existing database (--reuse)", flush=True)
        return {"reused": True, "synonyms": common.ensure_synonyms()}
    timings = {}
    started = time.monotonic()
    call_command("migrate", "--noinput", verbosity=0)
    timings["migrate_s"] = round(time.monotonic() - started, 1)
    print(f"migrated in {timings['migrate_s']} s", flush=True)
    started = time.monotonic()
    # The worker runs with DEBUG off (common.worker_env): load_demo asks for
    # the flag there, and no account needs a password for these queries.
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    timings["load_demo_s"] = round(time.monotonic() - started, 1)
    print(f"demo loaded in {timings['load_demo_s']} s", flush=True)
    synonyms = common.ensure_synonyms()
    print(synonyms, flush=True)
    started = time.monotonic()
    import corpus

    corpus.add_pages(corpus_size, report=lambda line: print(line, flush=True))
    timings["corpus_s"] = round(time.monotonic() - started, 1)
    print(f"{corpus_size} distractor pages in {timings['corpus_s']} s", flush=True)
    started = time.monotonic()
    call_command("update_index", stdout=io.StringIO())
    timings["update_index_s"] = round(time.monotonic() - started, 1)
    print(f"update_index in {timings['update_index_s']} s", flush=True)
    return {"reused": False, "synonyms": synonyms, "timings": timings}


def stable_id(page):
    """The id a judgement uses for a (specific) page."""
    key = getattr(page, "import_key", "")
    if key:
        return key
    locale = page.locale.language_code
    prefix = "event" if page._meta.model_name == "eventpage" else "page"
    return f"{prefix}:{locale}/{page.slug}"


def page_ids():
    """{page pk: (stable id, title)} for every page."""
    from wagtail.models import Page

    return {
        page.pk: (stable_id(page), page.title)
        for page in Page.objects.select_related("locale").specific().iterator()
    }


def cmhub_top(raw, language, ids):
    from search import service
    from search.query import SearchQuery, parse_groups

    query = SearchQuery(
        text=raw,
        groups=parse_groups(raw, language),
        locales=(language, ""),
        visibility=None,
        limit=TOP,
        with_facets=False,
    )
    # As the search page lists them: the documents with every word (or,
    # when none has them all, those with most words), then, on the last
    # page of those, the documents with most of the words.
    results, _some_words = service.answer(query)
    more = service.more_results(query, results)
    hits = service.load_hits(results, query) + (service.load_hits(more, query) if more else [])
    top = []
    for hit in hits[:TOP]:
        document, score = hit.document, hit.score
        if document.kind in ("institution", "person", "member"):
            top.append((f"{document.kind}:{document.object_id}", document.title, score))
        else:
            found = ids.get(document.object_id, (f"page-pk:{document.object_id}", document.title))
            top.append((*found, score))
    return top, results.total, [[list(alt) for alt in group] for group in query.groups]


def wagtail_top(raw, language, ids):
    from wagtail.models import Locale, Page

    locale = Locale.objects.get(language_code=language)
    results = Page.objects.live().filter(locale=locale).search(raw)[:TOP]
    top = [(*ids.get(page.pk, (f"page-pk:{page.pk}", page.title)), None) for page in results]
    return top, None, None


def score(top, relevant):
    ranked = [item[0] for item in top[:TOP]]
    found = [item for item in relevant if item in ranked]
    first = min((ranked.index(item) + 1 for item in found), default=None)
    return {
        "recall": len(found) / len(relevant),
        "rr": 1 / first if first else 0.0,
        "first_rank": first,
    }


def worker(args):
    common.setup_django()
    from django.conf import settings
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    from search.backends import get_engine
    from search.models import SearchDocument

    site = build_site(args.corpus, args.reuse)
    ids = page_ids()
    known = {value[0] for value in ids.values()} | {
        f"{kind}:{object_id}"
        for kind, object_id in SearchDocument.objects.filter(
            kind__in=("institution", "person", "member")
        ).values_list("kind", "object_id")
    }
    queries = json.loads(QUERIES_FILE.read_text(encoding="utf-8"))["queries"]
    missing = sorted({item for q in queries for item in q["relevant"]} - known)
    if missing:
        print(f"WARNING: judged ids not found among the pages: {missing}", flush=True)

    per_query = []
    for q in queries:
        row = {key: q[key] for key in ("id", "language", "query", "needs", "relevant")}
        for system, function in (("cmhub", cmhub_top), ("wagtail", wagtail_top)):
            started = time.perf_counter()
            output = function(q["query"], q["language"], ids)
            elapsed = (time.perf_counter() - started) * 1000
            top = output[0]
            row[system] = {
                **score(top, q["relevant"]),
                "ms": round(elapsed, 1),
                "top": [[item[0], item[1]] for item in top],
            }
            if system == "cmhub":
                row[system]["total"] = output[1]
                row[system]["groups"] = output[2]
        per_query.append(row)
    backend = get_search_backend()
    emit_data = {
        "database": connection.vendor,
        "engine": get_engine().name,
        "wagtail_backend": f"{type(backend).__module__}.{type(backend).__name__}",
        "wagtail_backend_setting": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
        "pages": len(ids),
        "search_documents": SearchDocument.objects.count(),
        "corpus": args.corpus,
        "missing_ids": missing,
        "site": site,
        "queries": per_query,
    }
    common.emit(emit_data)


# --- Parent ------------------------------------------------------------------


def summarise(queries, system, subset=None):
    rows = [q for q in queries if subset is None or subset(q)]
    if not rows:
        return None
    return {
        "n": len(rows),
        "recall@10": statistics.fmean(q[system]["recall"] for q in rows),
        "mrr": statistics.fmean(q[system]["rr"] for q in rows),
        "zero_hit_queries": sum(1 for q in rows if not q[system]["top"]),
    }


def improvement(new, old):
    absolute = new - old
    relative = f"{absolute / old * 100:+.0f} %" if old else "n/a"
    return f"{absolute:+.3f} ({relative})"


SUBSETS = [
    ("all", None),
    ("French", lambda q: q["language"] == "fr"),
    ("English", lambda q: q["language"] == "en"),
    ("needs stemming", lambda q: "stemming" in q["needs"]),
    ("needs accent folding", lambda q: "accents" in q["needs"]),
    ("needs synonyms", lambda q: "synonyms" in q["needs"]),
    *(
        (f"needs {need}", lambda q, need=need: need in q["needs"])
        for need in (
            "fields",
            "most-words",
            "plurals",
            "families",
            "acronyms",
            "regional",
            "typo",
            "people",
        )
    ),
]


def report(results):
    lines = [
        "# Search relevance: CM Hub search vs Wagtail's default search "
        "(its backend on the same engine)",
        "",
    ]
    # Every engine in one table first (the database engines, and the real
    # OpenSearch node when one was given), then each in detail.
    overview = []
    for label, data in results.items():
        cm = summarise(data["queries"], "cmhub")
        wt = summarise(data["queries"], "wagtail")
        overview.append(
            [
                label,
                data["engine"],
                f"{cm['recall@10']:.3f}",
                f"{cm['mrr']:.3f}",
                f"{wt['recall@10']:.3f}",
                f"{wt['mrr']:.3f}",
            ]
        )
    lines += [
        common.table(
            [
                "backend",
                "CM Hub engine",
                "recall@10 CM Hub",
                "MRR CM Hub",
                "recall@10 Wagtail",
                "MRR Wagtail",
            ],
            overview,
        ),
        "",
    ]
    summary = {}
    for label, data in results.items():
        queries = data["queries"]
        lines += [
            f"## {label}",
            "",
            f"CM Hub engine `{data['engine']}`; Wagtail backend `{data['wagtail_backend']}` "
            f"(setting `{data['wagtail_backend_setting']}`). {data['pages']} pages "
            f"({data['corpus']} generated distractors), {data['search_documents']} CM Hub "
            f"documents, {len(queries)} queries, top {TOP}. Synonyms: {data['site']['synonyms']}.",
            "",
        ]
        rows, backend_summary = [], {}
        for subset_label, subset in SUBSETS:
            cm = summarise(queries, "cmhub", subset)
            wt = summarise(queries, "wagtail", subset)
            if cm is None:
                continue
            backend_summary[subset_label] = {"cmhub": cm, "wagtail": wt}
            rows.append(
                [
                    f"{subset_label} ({cm['n']})",
                    f"{cm['recall@10']:.3f}",
                    f"{wt['recall@10']:.3f}",
                    improvement(cm["recall@10"], wt["recall@10"]),
                    f"{cm['mrr']:.3f}",
                    f"{wt['mrr']:.3f}",
                    improvement(cm["mrr"], wt["mrr"]),
                    f"{cm['zero_hit_queries']} / {wt['zero_hit_queries']}",
                ]
            )
        summary[label] = backend_summary
        lines.append(
            common.table(
                [
                    "queries",
                    "recall@10 CM Hub",
                    "recall@10 Wagtail",
                    "Δ recall",
                    "MRR CM Hub",
                    "MRR Wagtail",
                    "Δ MRR",
                    "no hit (CM/Wt)",
                ],
                rows,
            )
        )
        lines += ["", "### Per query (rank of the first expected page; – = not in top 10)", ""]
        detail = []
        for q in queries:
            cm, wt = q["cmhub"], q["wagtail"]
            detail.append(
                [
                    q["id"],
                    q["query"],
                    cm["first_rank"] or "–",
                    f"{cm['recall']:.2f}",
                    cm["total"],
                    wt["first_rank"] or "–",
                    f"{wt['recall']:.2f}",
                ]
            )
        lines.append(
            common.table(
                ["id", "query", "CM rank", "CM recall", "CM total", "Wt rank", "Wt recall"],
                detail,
            )
        )
        lines += ["", "### Where CM Hub misses (recall < 1): its actual top 5", ""]
        for q in queries:
            cm = q["cmhub"]
            if cm["recall"] >= 1:
                continue
            top = (
                "; ".join(
                    f"{i}. {item[1][:60]} [{item[0]}]"
                    for i, item in enumerate(cm["top"][:5], start=1)
                )
                or "no hit"
            )
            lines.append(
                f"- **{q['id']} “{q['query']}”** (expected {', '.join(q['relevant'])}; "
                f"groups {cm['groups']}; {cm['total']} matches): {top}"
            )
        lines.append("")
    return "\n".join(lines) + "\n", summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=int, default=300, help="distractor pages (default 300)")
    parser.add_argument("--postgres", action="store_true", help="require PostgreSQL")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the databases of a previous run (no rebuild)"
    )
    parser.add_argument(
        "--search-url",
        default="",
        help="also on a real OpenSearch node (default: BENCH_SEARCH_URL; bin/search-node)",
    )
    parser.add_argument(
        "--elasticsearch",
        default=os.environ.get("BENCH_ELASTICSEARCH_URL", ""),
        metavar="URL",
        help="also run on an Elasticsearch/OpenSearch node (CM Hub's engine and Wagtail's "
        "backend on it, the rows in bench/.data/relevance-es.sqlite3); "
        "default BENCH_ELASTICSEARCH_URL",
    )
    common.command(parser, worker=worker, parent=run_all)


def run_all(args):
    """The parent: one worker per database, then the report."""
    started = time.monotonic()
    worker_args = ["--worker", "--corpus", str(args.corpus)] + (["--reuse"] if args.reuse else [])
    results = {}
    data = common.run_on_sqlite(__file__, worker_args, "relevance.sqlite3", fresh=not args.reuse)
    if data:
        results["SQLite"] = data
    if args.elasticsearch:
        path = "relevance-es.sqlite3"
        print(f"== Elasticsearch ({args.elasticsearch}, rows in bench/.data/{path})", flush=True)
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{common.DATA_DIR / path}{suffix}").unlink(missing_ok=True)
        env = common.worker_env(common.sqlite_url(path))
        env["ELASTICSEARCH_URL"] = args.elasticsearch
        env.setdefault("ELASTICSEARCH_INDEX_PREFIX", "cmhub_bench_")
        data = common.run_worker(__file__, worker_args, None, "elasticsearch", env=env)
        if data:
            results["Elasticsearch"] = data
    want_pg = not args.no_postgres
    pg_url = common.postgres_base_url()
    if want_pg and common.postgres_reachable(pg_url):
        data = common.run_on_postgres(__file__, worker_args, pg_url, fresh=not args.reuse)
        if data:
            results["PostgreSQL"] = data
    elif args.postgres:
        raise SystemExit("PostgreSQL was asked for (--postgres) but is not reachable.")
    node = args.search_url or common.search_node_url()
    if node:
        data = common.run_on_search_node(
            __file__, worker_args, "relevance-node.sqlite3", node, fresh=not args.reuse
        )
        if data:
            results["OpenSearch"] = data
    if not results:
        raise SystemExit("No backend produced results.")
    markdown, summary = report(results)
    print()
    print(markdown)
    common.write_results(
        "search-relevance",
        {"summary": summary, "backends": results, "runtime_s": round(time.monotonic() - started)},
        markdown,
    )


if __name__ == "__main__":
    main()
