"""The project's own manage.py, run in a process of its own as a deployment
runs it: with the environment a test gives it, not the test run's settings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def environment_without(names, **values):
    """This process's environment without the variables ``names``, plus ``values``."""
    env = {key: value for key, value in os.environ.items() if key not in names}
    env.update(values)
    return env


def run_manage(*args, env, stdin=None, timeout=120, check=False):
    """``python manage.py *args`` in the project's folder with exactly the
    environment ``env``: the finished process, its output as text."""
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )
