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
"""

from django_ratelimit.core import is_ratelimited


def over_rate_limit(request, action, per_minute):
    """Count this request against the member's budget of ``action`` for the
    current minute; True once the budget is spent (refuse the request).
    ``per_minute`` 0 or None: no limit."""
    if not per_minute:
        return False
    return is_ratelimited(request, group=action, key="user", rate=f"{per_minute}/m", increment=True)
