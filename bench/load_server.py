"""The server of the load benchmark (bench/load.py): gunicorn the way
production runs it (cmhub.settings.production, DEBUG off, Redis cache and
cached sessions), on a free port of 127.0.0.1, and the environment it and
the data set's commands run with."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from common import ROOT


def server_env(database_url, redis_url, static_root):
    """The production settings on the bench's database and Redis, with the
    ceiling view on and the search rate limits lifted."""
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
