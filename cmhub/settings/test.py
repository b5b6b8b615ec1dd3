"""Test runs: fast hashing, in-memory e-mail and cache, tasks run immediately."""

from .base import *  # noqa: F403
from .base import SECRET_KEY

SECRET_KEY = SECRET_KEY or "test-only-insecure-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {
        "BACKEND": "core.readahead.ReadAheadLocMemCache",
        "LOCATION": "cmhub-tests",
        # A thread of 300 comments caches each comment's HTML on its own
        # (community/templatetags/comment_tags.py): room for more than
        # Django's default 300 entries.
        "OPTIONS": {"MAX_ENTRIES": 10000},
    }
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The tests load the demo as `make run` does, demo logins included.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
DEMO_SITE = True
