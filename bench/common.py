"""What the search benchmarks share: their own databases, the Django set-up
of a worker process, and the synonym list the queries rely on.

Each benchmark runs as a parent process that starts one worker process per
database (SQLite, then PostgreSQL), because Django's settings, and so the
database, are fixed once per process. A worker prints its figures as one
JSON line prefixed with RESULT_PREFIX; the parent gathers them, prints the
tables and writes bench/results/.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / ".data"
RESULTS_DIR = BENCH_DIR / "results"
RESULT_PREFIX = "BENCH-RESULT "

PG_DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cmhub_bench"

#: Synonyms the query set needs, created only when the editors' list is empty
#: (before the data migration that seeds a starter list). language "" = both.
BENCH_SYNONYMS = [
    ("infolettre, newsletter, lettre d'information", ""),
    ("courriel, e-mail, email, adresse électronique", ""),
    (
        "community manager, gestionnaire de communauté, animateur de communauté, "
        "animatrice de communauté, social media manager, CM",
        "",
    ),
    ("crise, bad buzz", "fr"),
    ("crisis, backlash", "en"),
    ("e-réputation, réputation en ligne", "fr"),
    ("online reputation, e-reputation", "en"),
    ("formation, atelier", "fr"),
    ("salaire, rémunération", "fr"),
    ("salary, pay", "en"),
    ("alumni, anciens étudiants, diplômés", ""),
]


def sqlite_url(name):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DATA_DIR / name}"


def postgres_base_url():
    """The PostgreSQL URL asked for (BENCH_DATABASE_URL or the default)."""
    return os.environ.get("BENCH_DATABASE_URL") or PG_DEFAULT_URL


def with_database_name(url, name):
    head, _sep, _old = url.rpartition("/")
    return f"{head}/{name}"


def postgres_reachable(url):
    try:
        import psycopg

        admin = with_database_name(url, "postgres")
        with psycopg.connect(_libpq(admin), connect_timeout=3):
            return True
    except Exception as error:  # noqa: BLE001 (any failure means "not available")
        print(f"PostgreSQL not reachable ({error.__class__.__name__}: {error})".strip())
        return False


def _libpq(url):
    return url.replace("postgres://", "postgresql://", 1)


def recreate_postgres_database(url):
    """Drop and create the database named in `url` (never `test*`)."""
    import psycopg

    name = url.rpartition("/")[2]
    if not name.startswith("cmhub_bench"):
        raise SystemExit(f"Refusing to recreate database {name!r}: it must start with cmhub_bench.")
    admin = with_database_name(url, "postgres")
    with psycopg.connect(_libpq(admin), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def worker_env(database_url):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cmhub.settings.dev",
            "DATABASE_URL": database_url,
            "DEBUG": "False",  # no query log: it would grow with every query
            "REDIS_URL": "",
            "ELASTICSEARCH_URL": "",
            "TASKS_BACKEND": "immediate",
            "CONN_MAX_AGE": "0",
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def setup_django():
    """In a worker: make the project importable and start Django."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()


def command(parser, worker, parent):
    """Run a benchmark script: `parent(args)`, or `worker(args)` in a worker
    process (the hidden --worker flag, which the parent passes on)."""
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    (worker if args.worker else parent)(args)


def run_worker(script, args, database_url, label, env=None):
    """Run `script` as a worker on `database_url` (with `env`, the
    environment, when given); its output streams through and its RESULT line
    is returned parsed (None if it failed)."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, str(script), *args],
        env=env or worker_env(database_url),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    result = None
    for line in process.stdout:
        if line.startswith(RESULT_PREFIX):
            result = json.loads(line[len(RESULT_PREFIX) :])
        else:
            print(f"  [{label}] {line}", end="", flush=True)
    process.wait()
    if process.returncode != 0:
        print(f"  [{label}] worker failed with status {process.returncode}")
        return None
    print(f"  [{label}] done in {time.monotonic() - started:.0f} s")
    return result


def run_on_sqlite(script, args, filename, fresh=True):
    """Run `script`'s worker on the SQLite file bench/.data/`filename`,
    removed first (with its -wal and -shm files) when `fresh`; returns its
    figures, or None if it failed."""
    path = DATA_DIR / filename
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(f"== SQLite ({path})", flush=True)
    return run_worker(script, args, sqlite_url(filename), "sqlite")


def run_on_postgres(script, args, url, fresh=True):
    """Run `script`'s worker on the PostgreSQL database of `url`, dropped and
    recreated first when `fresh`; returns its figures, or None if it failed."""
    print(f"== PostgreSQL ({url})", flush=True)
    if fresh:
        recreate_postgres_database(url)
    return run_worker(script, args, url, "postgresql")


def search_node_url():
    """The real OpenSearch node to measure too (BENCH_SEARCH_URL, e.g. what
    `bin/search-node start` prints), or "" for the database engines only."""
    return os.environ.get("BENCH_SEARCH_URL", "")


def run_on_search_node(script, args, filename, url, fresh=True):
    """Run `script`'s worker with members' search on the OpenSearch node at
    `url` (its content in the SQLite file bench/.data/`filename`, its index
    under the prefix cmhub_bench_); returns its figures, or None if it
    failed."""
    path = DATA_DIR / filename
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(f"== OpenSearch ({url}; content in {path})", flush=True)
    database_url = sqlite_url(filename)
    env = worker_env(database_url)
    env.update(
        {
            "SEARCH_ENGINE": "opensearch",
            "OPENSEARCH_URL": url,
            "ELASTICSEARCH_INDEX_PREFIX": "cmhub_bench_",
        }
    )
    return run_worker(script, args, database_url, "opensearch", env=env)


def emit(result):
    """In a worker: hand the figures to the parent."""
    print(RESULT_PREFIX + json.dumps(result, ensure_ascii=False, default=str), flush=True)


def ensure_synonyms():
    """The synonyms the queries rely on, when the editors' list is empty.
    Returns a sentence saying which list was used."""
    from search import synonyms
    from search.models import Synonym

    existing = Synonym.objects.count()
    if existing:
        return f"the project's own {existing} synonym entries (none added by the bench)"
    Synonym.objects.bulk_create(
        [Synonym(terms=terms, language=language) for terms, language in BENCH_SYNONYMS]
    )
    synonyms.forget()
    return (
        f"no synonyms in the database: the bench created its own {len(BENCH_SYNONYMS)} "
        "entries (bench/common.py BENCH_SYNONYMS)"
    )


def percentile(values, share):
    """The value below which `share` (0.95: 95 %) of `values` fall."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def write_results(name, data, markdown):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"{name}.json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    (RESULTS_DIR / f"{name}.md").write_text(markdown, encoding="utf-8")
    print(f"Wrote {RESULTS_DIR / name}.json and .md")


def table(headers, rows):
    """A Markdown table, columns padded for reading in a terminal too."""
    cells = [[str(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for number, row in enumerate(cells):
        lines.append("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |")
        if number == 0:
            lines.append("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)
