"""Production: secure by default, refuses to start when misconfigured."""

import shlex
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, REDIS_URL, SECRET_KEY, TASK_BACKENDS, env

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production refuses to start without a secret key."
    )
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")


def gunicorn_workers():
    """How many gunicorn worker processes serve the site: the largest of
    WEB_CONCURRENCY (which the image's command passes as --workers),
    --workers/-w in GUNICORN_CMD_ARGS and on gunicorn's own command line;
    1, gunicorn's default, when none is given."""
    arguments = shlex.split(env.str("GUNICORN_CMD_ARGS", default=""))
    if sys.argv and Path(sys.argv[0]).name.startswith("gunicorn"):
        arguments += sys.argv[1:]
    counts = [env.int("WEB_CONCURRENCY", default=1)]
    for index, argument in enumerate(arguments):
        value = None
        if argument in ("-w", "--workers") and index + 1 < len(arguments):
            value = arguments[index + 1]
        elif argument.startswith("--workers="):
            value = argument.partition("=")[2]
        elif argument.startswith("-w") and argument[2:].isdigit():
            value = argument[2:]
        if value is not None and value.isdigit():
            counts.append(int(value))
    return max(counts)


# Fragments, content versions and rate limits live in the cache: without a
# shared one, each process would keep its own, serving pages another process
# changed as they were and counting sign-in attempts separately.
if not REDIS_URL:
    WEB_WORKERS = gunicorn_workers()
    if WEB_WORKERS > 1:
        raise ImproperlyConfigured(
            f"REDIS_URL is not set but {WEB_WORKERS} web worker processes are configured "
            "(WEB_CONCURRENCY or gunicorn --workers). Each would keep its own cache: a page "
            "changed in one process would stay stale in the others and sign-in limits would "
            "be counted per process. Set REDIS_URL to a shared Redis (docs/deploy.md), or run "
            "a single worker process (WEB_CONCURRENCY=1)."
        )
    # One web process, but the task worker and management commands change
    # content in processes of their own, which cannot reach this private
    # cache: no template fragments, so no page is ever served stale.
    FRAGMENT_CACHE_TIMEOUT = env.int("FRAGMENT_CACHE_TIMEOUT", default=0)

TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# HTTPS everywhere. Behind a TLS-terminating proxy, set
# SECURE_PROXY_SSL_HEADER_ENABLED so Django trusts X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
if env.bool("SECURE_PROXY_SSL_HEADER_ENABLED", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

LOGGING["formatters"]["json"] = {"()": "core.logging.JsonFormatter"}  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
