"""What members search, counted without a write in their request.

A search adds one entry to a list of pending searches in the cache (one
Redis RPUSH); `flush()` moves them into the database in one transaction:
the editors' report (`SearchQueryStat`, search/reports.py) and Wagtail's
"Search terms" report (`QueryDailyHits` of the search promotions). It runs
before the editors' report is shown (search/admin_views.py), and from cron
with `manage.py flush_search_statistics` (every minute: docs/search.md), so
the reports show the same numbers as when each search wrote its own rows.

Each entry carries the day of the search, so a search made before midnight
and flushed after counts on its own day.

When the cache cannot take the entry (Redis unreachable or hung), the
search is written to the database at once, as before: a rare degraded mode
where pages are already slower, and the editors lose no search. A process
that failed to reach Redis writes directly for `RETRY_AFTER` seconds before
trying Redis again, so a hung Redis costs one timeout, not one per search.

Caches: Django's Redis cache (core.cache.ResilientRedisCache is one) or
django-redis use a Redis list shared by every process; the local-memory
cache of development and tests is one process's memory, where a lock makes
the list safe. Any other cache writes each search directly.

What can still be lost: the entries of a Redis that restarts (it is not
persisted) since the last flush, at most a minute of searches with the
cron line. A flush that dies after its transaction committed and before it
deleted the list it was flushing counts those entries again at the next
flush (at least once, never silently dropped).
"""

import datetime
import json
import logging
import threading
import time
from collections import Counter

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Collate
from django.db.models.lookups import LessThan
from django.utils import timezone
from redis.exceptions import RedisError, ResponseError
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from . import text
from .models import SearchQueryStat

logger = logging.getLogger(__name__)

PENDING_KEY = "cmsearch:pending-searches"
#: The list a running flush works on (renamed from PENDING_KEY).
FLUSHING_KEY = "cmsearch:pending-searches:flushing"
LOCK_KEY = "cmsearch:pending-searches:lock"
#: Seconds a flush may hold its lock (far more than it needs).
LOCK_SECONDS = 300
#: Seconds a process writes directly after Redis failed it.
RETRY_AFTER = 5

_local_lock = threading.Lock()
_redis_down_until = 0.0


def normalise(raw):
    """The query as the editors' report shows it: words only, lower case,
    without accents, at most 200 characters."""
    return " ".join(text.words(raw))[:200]


def as_typed(raw):
    """The query as a member typed it, to show: lower case, spaces tidied,
    at most 200 characters ("droit à l'image")."""
    return " ".join((raw or "").lower().split())[:200]


def shown_form(field="typed"):
    """An aggregate picking, among the forms members typed of one normal
    form, the greatest by code point: the one with accents and
    typographic apostrophes when someone typed it ("droit à l'image" rather
    than "droit a l image"). The same on every database (binary order)."""
    return Max(_binary(field))


def _binary(expression):
    """An expression compared by code point (not by the database's locale)."""
    return Collate(expression, "C" if connection.vendor == "postgresql" else "BINARY")


def greatest_form(current, new):
    """The form `shown_form` prefers of two (as Python compares strings)."""
    return max(current or "", new or "")


def record(raw, locale, total):
    """Count a search (and whether it found nothing) for the editors'
    reports, without writing in the database unless the cache is down."""
    query = normalise(raw)
    hit_query = normalise_query_string(query or raw)
    if not query and not hit_query:
        return
    entry = [
        timezone.localdate().isoformat(),
        locale,
        query,
        hit_query,
        int(total == 0),
        as_typed(raw),
    ]
    if not _push(entry):
        _write([entry])


# --- The pending list ---------------------------------------------------------


def _backend():
    return caches["default"]


def _redis_client(backend):
    """The Redis client behind the cache, or None for another cache."""
    if isinstance(backend, RedisCache):
        return backend._cache.get_client(None, write=True)
    client = getattr(backend, "client", None)  # django-redis
    if client is not None and hasattr(client, "get_client"):
        return client.get_client(write=True)
    return None


def _push(entry):
    """Append an entry to the pending list; False when the cache cannot
    take it (the caller writes it directly)."""
    global _redis_down_until
    backend = _backend()
    if isinstance(backend, LocMemCache):
        with _local_lock:
            pending = backend.get(PENDING_KEY) or []
            pending.append(entry)
            backend.set(PENDING_KEY, pending, None)
        return True
    if time.monotonic() < _redis_down_until:
        return False
    try:
        client = _redis_client(backend)
        if client is None:
            return False
        client.rpush(backend.make_and_validate_key(PENDING_KEY), json.dumps(entry))
    except RedisError as error:
        _redis_down_until = time.monotonic() + RETRY_AFTER
        logger.warning(
            "Search statistics written directly: the cache is unreachable (%s: %s).",
            type(error).__name__,
            error,
        )
        return False
    return True


def flush():
    """Move every pending search into the database; return how many were
    moved. Safe to run from several processes at once (one does the work)."""
    backend = _backend()
    if isinstance(backend, LocMemCache):
        with _local_lock:
            entries = backend.get(PENDING_KEY) or []
            backend.delete(PENDING_KEY)
        try:
            _write(entries)
        except Exception:
            with _local_lock:  # keep them for the next flush
                backend.set(PENDING_KEY, entries + (backend.get(PENDING_KEY) or []), None)
            raise
        return len(entries)
    client = _redis_client(backend)
    if client is None:
        return 0
    pending = backend.make_and_validate_key(PENDING_KEY)
    flushing = backend.make_and_validate_key(FLUSHING_KEY)
    lock = backend.make_and_validate_key(LOCK_KEY)
    try:
        if not client.set(lock, 1, nx=True, ex=LOCK_SECONDS):
            return 0  # another process is flushing
        try:
            return _flush_redis(client, pending, flushing)
        finally:
            client.delete(lock)
    except RedisError as error:
        logger.warning("Search statistics not flushed: the cache is unreachable (%s).", error)
        return 0


def _flush_redis(client, pending, flushing):
    # A list left by a flush that died is flushed first.
    if not client.exists(flushing):
        try:
            client.rename(pending, flushing)
        except ResponseError:  # no such key: nothing pending
            return 0
    entries = [json.loads(item) for item in client.lrange(flushing, 0, -1)]
    _write(entries)
    client.delete(flushing)
    return len(entries)


# --- The database -----------------------------------------------------------


def _write(entries):
    """Add entries to the reports' rows, in one transaction."""
    if not entries:
        return
    stats = Counter()
    zero = Counter()
    hits = Counter()
    typed = {}
    for day, locale, query, hit_query, empty, *rest in entries:
        day = datetime.date.fromisoformat(day)
        if query:
            key = day, query, locale
            stats[key] += 1
            zero[key] += empty
            # Entries queued before the typed form was kept have none.
            typed[key] = greatest_form(typed.get(key), rest[0] if rest else query)
        if hit_query:
            hits[day, hit_query] += 1
    with transaction.atomic():
        for (day, query, locale), searches in stats.items():
            key = day, query, locale
            _add_stat(day, query, locale, searches, zero[key], typed[key])
        for (day, hit_query), count in hits.items():
            daily, _created = QueryDailyHits.objects.get_or_create(
                query=Query.get(hit_query), date=day
            )
            QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + count)


def _add_stat(day, query, locale, searches, zero_results, typed):
    rows = SearchQueryStat.objects.filter(day=day, query=query, locale=locale)
    increment = {
        "searches": F("searches") + searches,
        "zero_results": F("zero_results") + zero_results,
    }
    if rows.update(**increment):
        rows.filter(LessThan(_binary("typed"), _binary(Value(typed)))).update(typed=typed)
        return
    try:
        with transaction.atomic():
            SearchQueryStat.objects.create(
                day=day,
                query=query,
                typed=typed,
                locale=locale,
                searches=searches,
                zero_results=zero_results,
            )
    except IntegrityError:  # created meanwhile by another process
        rows.update(**increment)
