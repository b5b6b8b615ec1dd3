"""The one per-minute rate limit of CM Hub: what a member may do only so
often (post comments, search, ask for suggestions), on django-ratelimit.

django-ratelimit counts in the default cache (Redis in production, shared
by every worker) with an atomic ``add`` then ``incr`` per member, action and
minute. It is used as a library: its app is not installed, because its
system checks refuse the local-memory cache that development and the tests
use on purpose (one process, nothing to share).

The limit **fails open** (core/cache.py): while Redis is unreachable,
ResilientRedisCache's ``add`` reports success (the count starts at 1) and
its ``incr`` raises ValueError, which django-ratelimit reads as "cannot
count"; RATELIMIT_FAIL_OPEN (settings/base.py) then lets the request
through. A dead cache never refuses a member, nor answers 500.

On the Redis cache of production the count costs **one round trip**
instead of three (``add``, then Django's ``incr``, which checks that the key
exists before incrementing it): ``SET key 0 NX EX`` and ``INCR key`` sent
together in one pipeline, on django-ratelimit's own key and window, through
ResilientRedisCache's circuit breaker, so that an unreachable or hung Redis
fails open exactly as above (no count: the request goes through, one
warning on ``cmhub.cache``, one timeout per ``RETRY_AFTER``). Other caches
(the local memory of development and the tests) go through
django-ratelimit.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django_ratelimit.core import (
    _SIMPLE_KEYS,
    ALL,
    EXPIRATION_FUDGE,
    _get_window,
    _make_cache_key,
    is_ratelimited,
)

PERIOD = 60


def over_rate_limit(request, action, per_minute):
    """Count this request against the member's budget of ``action`` for the
    current minute; True once the budget is spent (refuse the request).
    ``per_minute`` 0 or None: no limit."""
    if not per_minute or not getattr(settings, "RATELIMIT_ENABLE", True):
        return False
    rate = f"{per_minute}/m"
    backend = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    run = getattr(backend, "_run", None)  # ResilientRedisCache's circuit breaker
    if not isinstance(backend, RedisCache) or run is None:
        return is_ratelimited(request, group=action, key="user", rate=rate, increment=True)
    value = _SIMPLE_KEYS["user"](request)
    key = backend.make_and_validate_key(
        _make_cache_key(action, _get_window(value, PERIOD), rate, value, ALL)
    )

    def count():
        pipeline = backend._cache.get_client(key, write=True).pipeline(transaction=False)
        pipeline.set(key, 0, nx=True, ex=PERIOD + EXPIRATION_FUDGE)
        pipeline.incr(key)
        return pipeline.execute()[1]

    counted = run(count, None, [key])
    return counted is not None and counted > per_minute
