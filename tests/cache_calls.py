"""Counting what reaches the cache server in a test (the test cache is
local memory; these are the calls that would be round trips to Redis)."""

from django.core.cache.backends.locmem import LocMemCache

from core import readahead

COUNTED = ("get", "get_many", "set", "add", "delete", "incr", "set_many", "delete_many")


def record_cache_calls(monkeypatch, read_ahead_name="get_many"):
    """Every call that would reach the cache server, as (method, key or
    keys), in a list filled as the test goes: a get_many is one, whatever
    the number of keys; what the request's read-ahead copy answers is none,
    and its own read of every entry (one MGET on Redis, core/cache.py) is
    recorded as ``read_ahead_name``."""
    calls = []
    inside = []

    def wrap(name):
        original = getattr(LocMemCache, name)

        def counted(self, key, *args, _original=original, **kwargs):
            if not inside:
                calls.append((name, key))
            if name == "get_many":
                inside.append(1)
                try:
                    return _original(self, key, *args, **kwargs)
                finally:
                    inside.pop()
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(LocMemCache, name, counted)

    for name in COUNTED:
        wrap(name)
    original = readahead.ReadAhead.read_many

    def read_many(self, entries):
        calls.append((read_ahead_name, entries))
        inside.append(1)
        try:
            return original(self, entries)
        finally:
            inside.pop()

    monkeypatch.setattr(readahead.ReadAhead, "read_many", read_many)
    return calls
