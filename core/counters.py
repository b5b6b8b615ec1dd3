"""Numbers kept in the cache that cache keys are built on: the content
version (core/fragments.py), the tree version (core/routing.py), the search
generation. Changing one makes every key built on it unreachable."""

import secrets

from django.core.cache import cache


def _fresh_counter():
    return secrets.randbelow(2**62) + 1


def read_counter(key):
    """A number kept in the cache forever: cache keys that include it change
    when it does. When it is missing (first use, Redis restarted or evicted
    it, or deleted after an outage by core/cache.py), it starts again from a
    random number, never from a value it may have had before: entries keyed
    on an old value are never served again."""
    value = cache.get(key)
    if value is None:
        value = _fresh_counter()
        if not cache.add(key, value, None):
            # Another process started it first: use its number.
            value = cache.get(key, value)
    return value


def bump_counter(key):
    """Change the counter: +1, or a new random number when it is missing."""
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, _fresh_counter(), None)
