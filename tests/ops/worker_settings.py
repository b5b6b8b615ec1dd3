"""The production settings with tests/ops/slow_mail.py's mail server: what
the worker and scheduler processes of tests/ops/test_worker_killed.py run."""

from cmhub.settings.production import *  # noqa: F403

EMAIL_BACKEND = "tests.ops.slow_mail.SlowMailServer"
