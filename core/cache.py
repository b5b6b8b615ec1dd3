"""A Redis cache that the site survives losing.

The cache holds only disposable data: template fragments, the content
version counters (core/fragments.py), search results, rate-limit counters,
and copies of sessions that are also in the database. So when Redis stops
answering, pages are served without it (slower, never failing):

- reads miss (``get`` returns the default, ``get_many`` nothing);
- writes are dropped (``set``, ``delete``...); ``add`` reports success, so
  allauth's rate-limit lock is taken and the limit is not applied;
- ``incr`` raises ``ValueError``, Django's answer for a missing key, which
  every counter in CM Hub already handles (the rate limit of core/ratelimit.py
  lets the request through, the content version is set anew).

Rate limits therefore **fail open** while Redis is unreachable: sign-in,
sign-up, password-reset, search and comment limits are not enforced until
it is back (logged as a warning on ``cmhub.cache``). Failing closed would
lock every member out of signing in for the length of the outage.

A circuit breaker spares each request the connection attempt: after a
failure the process leaves Redis alone for ``RETRY_AFTER`` seconds (option,
5 by default), then tries again. One warning is logged when the cache goes
away, then at most one a minute while it stays away, and one line when it
is back.

Nothing stale is served once Redis is back: every key this process failed
to write or delete during the outage (the content version it failed to
bump, a navigation menu it failed to invalidate...) is deleted before the
first use of Redis after the outage, so the next read recomputes it. A
deleted content version is replaced by a new random one
(core/counters.read_counter), which makes every fragment cached before the
outage unreachable.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .readahead import ReadAhead

logger = logging.getLogger("cmhub.cache")

#: What a dead, unreachable or hung Redis raises.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)

#: Keys remembered per process for invalidation once Redis is back; beyond
#: this, every key of the cache is invalidated instead.
MAX_LOST_KEYS = 10_000

#: Seconds between two warnings while Redis stays unreachable.
WARNING_INTERVAL = 60


class _Outage:
    """What one process knows about the reachability of one Redis: shared
    by the cache objects of every thread (Django builds one per thread)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0  # monotonic time before which Redis is skipped
        self.since = None  # monotonic time of the first failure of the outage
        self.last_warning = 0.0
        self.lost_keys = set()  # full (prefixed) keys written while down
        self.lost_everything = False  # too many keys, or a lost clear()


_outages = {}
_outages_lock = threading.Lock()


def _outage_for(location):
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class PooledRedisCacheClient(RedisCacheClient):
    """Django's Redis client, except that it builds one ``redis.Redis`` per
    connection pool and reuses it, where Django builds a new one on every
    cache call (a ``redis.Redis`` is thread-safe and holds no connection of
    its own: its pool does)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class _ResilientRedisCache(RedisCache):
    """Django's Redis cache that degrades to "no cache" when Redis is
    unreachable instead of raising (see the module's docstring)."""

    #: /healthz/ reports this cache's loss without declaring the site down.
    degrades_gracefully = True

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledRedisCacheClient
        options = dict(self._options)
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        self._options = options
        self._outage = _outage_for(str(server))

    # --- Circuit breaker ----------------------------------------------------

    def _invalidate_lost(self):
        """Delete what this process failed to write during the outage;
        return how much that was (None: every key)."""
        outage = self._outage
        with outage.lock:
            keys, everything = outage.lost_keys, outage.lost_everything
            outage.lost_keys, outage.lost_everything = set(), False
        try:
            if everything:
                self._delete_all_keys()
            else:
                key_list = list(keys)
                for start in range(0, len(key_list), 1000):
                    self._cache.delete_many(key_list[start : start + 1000])
        except UNAVAILABLE:
            with outage.lock:  # still to do on the next attempt
                outage.lost_keys |= keys
                outage.lost_everything = outage.lost_everything or everything
            raise
        return None if everything else len(keys)

    def _recovered(self, invalidated):
        outage = self._outage
        with outage.lock:
            if outage.since is not None:
                logger.warning(
                    "Cache reachable again after %.0f s; %s invalidated.",
                    time.monotonic() - outage.since,
                    "every key"
                    if invalidated is None
                    else f"{invalidated} key(s) written meanwhile",
                )
            outage.since = None

    def _delete_all_keys(self):
        """Delete every key under this cache's prefix (never the rest of the
        Redis database, which may hold someone else's data)."""
        client = self._cache.get_client(None, write=True)
        pattern = f"{self.key_prefix}:*" if self.key_prefix else "*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)

    def _failed(self, error):
        outage = self._outage
        now = time.monotonic()
        with outage.lock:
            outage.down_until = now + self.retry_after
            first = outage.since is None
            if first:
                outage.since = now
            if first or now - outage.last_warning >= WARNING_INTERVAL:
                outage.last_warning = now
                logger.warning(
                    "Cache unreachable (%s: %s): pages are served without it, "
                    "rate limits are not applied; next attempt in %.0f s.",
                    type(error).__name__,
                    error,
                    self.retry_after,
                )

    def _lost(self, keys=None):
        """Remember writes that did not reach Redis (None: all of them)."""
        outage = self._outage
        with outage.lock:
            if keys is None or len(outage.lost_keys) + len(keys) > MAX_LOST_KEYS:
                outage.lost_everything = True
                outage.lost_keys = set()
            elif not outage.lost_everything:
                outage.lost_keys.update(keys)

    def _run(self, operation, fallback, lost_keys=()):
        """Run ``operation`` against Redis, or return ``fallback`` when Redis
        is unreachable, remembering ``lost_keys`` (full keys) as lost."""
        outage = self._outage
        if outage.since is None:  # the usual case: Redis answers
            try:
                return operation()
            except UNAVAILABLE as error:
                self._failed(error)
        elif time.monotonic() >= outage.down_until:  # time to try again
            try:
                invalidated = self._invalidate_lost()
                result = operation()
            except UNAVAILABLE as error:
                self._failed(error)
            else:
                self._recovered(invalidated)
                return result
        if lost_keys is None or lost_keys:
            self._lost(lost_keys)
        return fallback

    # --- Cache API ------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        full_key = self.make_and_validate_key(key, version=version)
        return self._run(
            lambda: self._cache.add(full_key, value, self.get_backend_timeout(timeout)),
            True,
            [full_key],
        )

    def get(self, key, default=None, version=None):
        full_key = self.make_and_validate_key(key, version=version)
        return self._run(lambda: self._cache.get(full_key, default), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        full_key = self.make_and_validate_key(key, version=version)
        self._run(
            lambda: self._cache.set(full_key, value, self.get_backend_timeout(timeout)),
            None,
            [full_key],
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        full_key = self.make_and_validate_key(key, version=version)
        return self._run(
            lambda: self._cache.touch(full_key, self.get_backend_timeout(timeout)), False
        )

    def delete(self, key, version=None):
        full_key = self.make_and_validate_key(key, version=version)
        return self._run(lambda: self._cache.delete(full_key), False, [full_key])

    def get_many(self, keys, version=None):
        return self._run(lambda: super(_ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        full_key = self.make_and_validate_key(key, version=version)
        return self._run(lambda: self._cache.has_key(full_key), False)

    def incr(self, key, delta=1, version=None):
        full_key = self.make_and_validate_key(key, version=version)
        missing = object()
        value = self._run(lambda: self._cache.incr(full_key, delta), missing, [full_key])
        if value is missing:
            # Django's answer for a missing key: callers start the count anew.
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        full_keys = [self.make_and_validate_key(key, version=version) for key in data]
        return self._run(
            lambda: super(_ResilientRedisCache, self).set_many(data, timeout, version),
            list(data),
            full_keys,
        )

    def delete_many(self, keys, version=None):
        keys = list(keys)
        full_keys = [self.make_and_validate_key(key, version=version) for key in keys]
        self._run(
            lambda: super(_ResilientRedisCache, self).delete_many(keys, version), None, full_keys
        )

    def clear(self):
        return self._run(lambda: self._cache.clear(), False, None)


class ResilientRedisCache(ReadAhead, _ResilientRedisCache):
    """The cache of a deployment: Redis, survived when lost (above), and
    read ahead per request (core/readahead.py)."""

    def read_many(self, entries):
        """The (key, version) pairs in one MGET, whatever their versions."""
        full_keys = {
            self.make_and_validate_key(key, version=version): (key, version)
            for key, version in entries
        }
        found = self._run(lambda: self._cache.get_many(list(full_keys)), {})
        return {full_keys[full_key]: value for full_key, value in found.items()}
