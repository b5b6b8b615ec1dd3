"""The data set of the load benchmark (bench/load.py): a PostgreSQL
database of its own, migrated, with the demo (`manage.py load_demo`) and
`bench/scale.py N` on top, and the static files collected for gunicorn.

The demo and the data set are loaded with the development settings and DEBUG
off (`data_env`): the production settings do not install the demo app.
"""

import subprocess
import sys
import time

from common import BENCH_DIR, ROOT, recreate_postgres_database


def build(env, database_url, resources):
    """A fresh data set of `resources` resources on `database_url`; returns
    how long it took, in seconds."""
    recreate_postgres_database(database_url)
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(data_env(env), "load_demo", "--allow-production")
    scale(env, resources)
    manage(env, "collectstatic", "--noinput", "-v0")
    return round(time.monotonic() - started)


def refresh(env):
    """A data set kept from a last run (`--reuse`), brought up to the code:
    its migrations, and the static files' manifest (a script added since
    would make every page fail the health check)."""
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    return round(time.monotonic() - started)


def run_step(label, command, env):
    """Run `command` (a step of the build, shown as `label`) and say how long it took."""
    started = time.monotonic()
    print(f"$ {label}", flush=True)
    subprocess.run(command, env=env, cwd=ROOT, check=True)
    print(f"  ({time.monotonic() - started:.0f} s)", flush=True)


def manage(env, *args):
    run_step(f"manage.py {' '.join(args)}", [sys.executable, "manage.py", *args], env)


def data_env(env):
    """`env` with the development settings and DEBUG off, for load_demo and
    bench/scale.py: same database and cache, but the demo app installed
    (the production settings do not install it)."""
    return {**env, "DJANGO_SETTINGS_MODULE": "cmhub.settings.dev", "DEBUG": "False"}


def scale(env, resources):
    """Grow the data set to `resources` resources (bench/scale.py)."""
    run_step(
        f"bench/scale.py {resources}",
        [sys.executable, str(BENCH_DIR / "scale.py"), str(resources)],
        data_env(env),
    )
