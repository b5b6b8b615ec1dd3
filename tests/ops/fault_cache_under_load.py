"""Fault run: kill the cache (Redis) under load and count what members get.

    .venv/bin/python tests/ops/fault_cache_under_load.py [--workers 2] [--clients 4]

Builds a throwaway site (SQLite in a temporary folder, the demo loaded with
--allow-production, static files collected), starts its own redis-server on
a free port (never the shared one) and gunicorn with the production
settings, then has members request pages of every kind without pause:
healthy for --before seconds, with Redis killed for --down seconds, then
with Redis restarted (empty) for --after seconds. Prints, per phase, the
requests served, the answers other than 200, and the latencies.

Not collected by pytest (a few minutes of setup); its figures are quoted in
docs/operations.md.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages

from tests.processes import run_manage  # noqa: E402

BIN = Path(sys.executable).parent
PAGES = [
    "/fr/",
    "/fr/ressources/",
    "/fr/ressources/fiches-conseil/",
    "/fr/ressources/interventions/",
    "/fr/evenements/",
    "/fr/search/?q=instagram",
    "/fr/search/suggest/?q=insta",
    "/fr/me/",
    "/fr/members/",
    "/en/",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port):
    process = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return process


def manage(env, *args):
    return run_manage(*args, env=env, timeout=None, check=True).stdout


def member_cookie(env):
    """A session of the demo member, made in the database (cached_db)."""
    code = (
        "from django.test import Client; from community.models import User; "
        "c = Client(); c.force_login(User.objects.get(email='membre@cmhub.example')); "
        "print(c.cookies['sessionid'].value)"
    )
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


def pages_from_demo(env):
    code = (
        "import json; from resources.models import GuidePage; "
        "from events.models import EventPage; "
        "fr = dict(locale__language_code='fr'); "
        "print(json.dumps([GuidePage.objects.live().filter(**fr).first().url, "
        "EventPage.objects.live().filter(**fr).first().url]))"
    )
    return json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])


class Load:
    def __init__(self, port, cookie, urls, clients):
        self.port, self.cookie, self.urls, self.clients = port, cookie, urls, clients
        self.phase = "before"
        self.results = []  # (phase, status, seconds)
        self.stop = threading.Event()

    def fetch(self, url):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{url}",
            headers={"Cookie": f"sessionid={self.cookie}", "Host": "localhost"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return "connection error"

    def worker(self, offset):
        number = offset
        while not self.stop.is_set():
            url = self.urls[number % len(self.urls)]
            number += 1
            phase, start = self.phase, time.monotonic()
            status = self.fetch(url)
            self.results.append((phase, status, time.monotonic() - start))

    def __enter__(self):
        self.threads = [
            threading.Thread(target=self.worker, args=(n,)) for n in range(self.clients)
        ]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def report(results, durations):
    for phase, seconds in durations.items():
        rows = [row for row in results if row[0] == phase]
        times = sorted(row[2] for row in rows)
        errors = {}
        for _, status, _ in rows:
            if status != 200:
                errors[status] = errors.get(status, 0) + 1
        print(
            f"{phase:>7} ({seconds:.0f} s): {len(rows)} requests, {len(rows) / seconds:.1f}/s, "
            f"not 200: {errors or 0}, median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {times[int(len(times) * 0.95)] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--before", type=float, default=15)
    parser.add_argument("--down", type=float, default=20)
    parser.add_argument("--after", type=float, default=15)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="cmhub-fault-"))
    redis_port, web_port = free_port(), free_port()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cmhub.settings.production",
        SECRET_KEY="fault-run-only-" + "x" * 50,
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        WEB_CONCURRENCY=str(args.workers),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        ELASTICSEARCH_URL="",
        TASKS_BACKEND="immediate",
        LOG_LEVEL="WARNING",
        SEARCH_RATE_LIMIT="1000000",
        SEARCH_AUTOCOMPLETE_RATE_LIMIT="1000000",
    )
    redis_process = start_redis(redis_port)
    print(f"site in {folder}: migrate, load_demo, collectstatic…", flush=True)
    manage(env, "migrate", "--noinput")
    # The production settings do not install the demo app: load it with the
    # development settings, DEBUG off, on the same database.
    manage(
        {**env, "DJANGO_SETTINGS_MODULE": "cmhub.settings.dev", "DEBUG": "false"},
        "load_demo",
        "--allow-production",
    )
    manage(env, "update_index")
    manage(env, "collectstatic", "--noinput")
    urls = PAGES + pages_from_demo(env)
    cookie = member_cookie(env)
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "cmhub.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{web_port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        time.sleep(5)
        load = Load(web_port, cookie, urls, args.clients)
        for url in urls * args.workers * 2:  # warm up: first requests are slow
            load.fetch(url)
        durations = {}
        with load:
            time.sleep(args.before)
            durations["before"] = args.before
            redis_process.send_signal(signal.SIGKILL)
            redis_process.wait()
            load.phase = "down"
            time.sleep(args.down)
            durations["down"] = args.down
            redis_process = start_redis(redis_port)
            load.phase = "after"
            time.sleep(args.after)
            durations["after"] = args.after
        print(
            f"{args.workers} gunicorn workers, {args.clients} members without pause, "
            f"{len(urls)} URLs"
        )
        report(load.results, durations)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
        redis_process.kill()


if __name__ == "__main__":
    main()
