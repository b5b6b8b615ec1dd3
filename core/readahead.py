"""Read a page's cache entries in two round trips instead of one per entry.

A member page reads a dozen small entries from the cache, one after the
other: the session, the member (core/member_access.py), the counters its keys are built
on (the tree and content versions, core/fragments.py and core/routing.py),
the remembered route, the navigation, each cached fragment. Each is a round
trip to Redis.

`ReadAheadMiddleware` remembers, per session (per member when sessions are
not kept in the cache), language and address, which keys the last request
read (its *plan*), and reads them all at the start of the next request with
one ``get_many``, after a first one for the plan itself, the session (with
the ``cached_db`` engine of production) and the counters: a warm page costs
two round trips to Redis in all. The request is then served from that
copy: ``get`` and ``get_many`` (so ``{% cache %}``, the member, the
counters, the cards' comment counts) answer from it; writes (``set``,
``add``, ``incr``, ``delete``…) go to the cache as usual and drop the key
from the copy, so a request always reads its own writes. The copy lives for one request only.

The plan holds key names, never values; the keys carry the versions their
entries were built on, so a plan made before a change reads entries that no
longer exist (misses, served as usual) and is replaced by the keys the
request really read. When the cache is unreachable the reads miss and the
page is built from the database, as without this.
"""

import contextvars
import hashlib

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

#: The copy of the current request's entries (None outside a request).
_copy = contextvars.ContextVar("cmhub_readahead", default=None)
_MISSING = object()

#: Seconds a plan is kept: members who come back within it get the read-ahead.
PLAN_TIMEOUT = 600
PLAN_KEY = "cmhub:plan:1:{member}:{language}:{place}"


class _Copy:
    def __init__(self, values):
        self.values = values  # (key, version) -> value, or _MISSING
        self.read = {}  # (key, version) read by the request, in order (an ordered set)


class ReadAhead:
    """Cache mixin: reads answer from the request's copy when it holds the
    key; writes drop the key from the copy."""

    def get(self, key, default=None, version=None):
        copy = _copy.get()
        if copy is not None:
            entry = (key, version)
            copy.read[entry] = None
            if entry in copy.values:
                value = copy.values[entry]
                return default if value is _MISSING else value
        return super().get(key, default, version)

    def get_many(self, keys, version=None):
        """The keys the copy holds answer from it; the others are read in
        one call, as usual."""
        copy = _copy.get()
        if copy is None:
            return super().get_many(keys, version=version)
        found, missing = {}, []
        for key in keys:
            entry = (key, version)
            copy.read[entry] = None
            if entry not in copy.values:
                missing.append(key)
            elif copy.values[entry] is not _MISSING:
                found[key] = copy.values[entry]
        if missing:
            found.update(super().get_many(missing, version=version))
        return found

    def read_many(self, entries):
        """{(key, version): value} of the (key, version) pairs found. Here
        one get_many per version; the Redis cache reads them in one."""
        by_version = {}
        for key, version in entries:
            by_version.setdefault(version, []).append(key)
        found = {}
        for version, keys in by_version.items():
            for key, value in super().get_many(keys, version=version).items():
                found[(key, version)] = value
        return found

    def _forget(self, keys):
        copy = _copy.get()
        if copy is not None:
            for entry in list(copy.values):
                if entry[0] in keys:
                    del copy.values[entry]

    def set(self, key, *args, **kwargs):
        self._forget([key])
        return super().set(key, *args, **kwargs)

    def add(self, key, *args, **kwargs):
        self._forget([key])
        return super().add(key, *args, **kwargs)

    def incr(self, key, *args, **kwargs):
        self._forget([key])
        return super().incr(key, *args, **kwargs)

    def decr(self, key, *args, **kwargs):
        self._forget([key])
        return super().decr(key, *args, **kwargs)

    def touch(self, key, *args, **kwargs):
        self._forget([key])
        return super().touch(key, *args, **kwargs)

    def delete(self, key, *args, **kwargs):
        self._forget([key])
        return super().delete(key, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        self._forget(list(data))
        return super().set_many(data, *args, **kwargs)

    def delete_many(self, keys, *args, **kwargs):
        keys = list(keys)
        self._forget(keys)
        return super().delete_many(keys, *args, **kwargs)

    def clear(self):
        copy = _copy.get()
        if copy is not None:
            copy.values.clear()
        return super().clear()


class ReadAheadLocMemCache(ReadAhead, LocMemCache):
    """Django's in-process cache with the read-ahead (development, tests)."""


def _counter_keys():
    """What every page reads, plan or not: the counters keys are built on."""
    from . import fragments, routing

    return [(fragments.VERSION_KEY, None), (routing.TREE_KEY, None)]


def _member_entry(member):
    from . import member_access

    return (member_access.KEY.format(pk=member), None)


def _session_entry(session):
    """The session's own cache entry when the session engine keeps it in
    this cache (Django's ``cache`` and ``cached_db`` engines: production),
    so that it is read with the counters instead of on its own; None for
    other engines or a request without a session cookie."""
    if not session.session_key or settings.SESSION_CACHE_ALIAS != "default":
        return None
    cache_key = getattr(type(session), "cache_key", None)
    if not isinstance(cache_key, property):
        return None
    return (session.cache_key, None)


class ReadAheadMiddleware:
    """Serve a signed-in member's GET from a copy of the cache entries the
    last request to the same address read (see the module's docstring).
    After SessionMiddleware and LocaleMiddleware, before the member is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A cache without the read-ahead (another backend configured) is
        # read as usual.
        if (
            request.method != "GET"
            or not settings.FRAGMENT_CACHE_TIMEOUT
            or not hasattr(cache, "read_many")
        ):
            return self.get_response(request)
        place = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode())
        session_entry = _session_entry(request.session)
        if session_entry is not None:
            # The session is read in the first round trip, with the plan
            # and the counters: the plan is the session's (its key hashed),
            # the member's entry is read in the second.
            owner = "s" + hashlib.sha256(request.session.session_key.encode()).hexdigest()[:32]
            fixed = [session_entry, *_counter_keys()]
        else:
            member = request.session.get(SESSION_KEY)
            if member is None:
                return self.get_response(request)
            owner = member
            fixed = [_member_entry(member), *_counter_keys()]
        plan_key = PLAN_KEY.format(
            member=owner, language=request.LANGUAGE_CODE, place=place.hexdigest()[:32]
        )
        entries = [(plan_key, None), *fixed]
        found = cache.read_many(entries)
        plan = found.pop((plan_key, None), None) or []
        more = [entry for entry in plan if entry not in entries]
        if session_entry is not None:
            data = found.get(session_entry)
            member = data.get(SESSION_KEY) if isinstance(data, dict) else None
            if member is not None and _member_entry(member) not in more:
                more.append(_member_entry(member))
        if more:
            found.update(cache.read_many(more))
        copy = _Copy({entry: found.get(entry, _MISSING) for entry in [*entries[1:], *more]})
        token = _copy.set(copy)
        try:
            response = self.get_response(request)
        finally:
            _copy.reset(token)
        read = list(copy.read)
        if read != plan:
            cache.set(plan_key, read, PLAN_TIMEOUT)
        return response
