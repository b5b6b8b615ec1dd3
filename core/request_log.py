"""One log line per request, on the ``cmhub.request`` logger.

Each line carries, as ``extra`` fields (JSON fields in production, see
core.logging.JsonFormatter): request_id, method, path, query_params (the
names only, never the values: they may hold search terms or e-mail
addresses), status, duration_ms, user_id (never the e-mail), sql_queries and
remote_addr.

The request id is taken from the ``X-Request-ID`` header when it is a short,
safe token (so a proxy's id can be followed through), otherwise generated;
it is sent back in the response's ``X-Request-ID`` header and added to every
other line logged while the request is served.

Levels: 5xx at ERROR, everything else at INFO, except the health check
(DEBUG: it is called every few seconds) and static files (not logged).
"""

import logging
import re
import time
import uuid

from django.conf import settings
from django.db import connection
from django.utils.functional import empty

from core.logging import current_request_id

logger = logging.getLogger("cmhub.request")

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and - _ . only, 8 to 64 characters (a UUID, a hex token...).
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
QUIET_PATHS = ("/healthz/",)
# Query parameter names worth logging; anything else (an address typed as a
# name...) is logged as "?".
SAFE_PARAM_NAME = re.compile(r"[A-Za-z0-9_.\[\]-]{1,40}")


def request_id_for(request):
    """The incoming X-Request-ID if it is safe to log and echo, else a new one."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if SAFE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def query_param_names(request):
    try:
        names = request.GET.keys()
    except Exception:  # noqa: BLE001 - a malformed query string must not break logging
        return ["?"]
    return sorted({name if SAFE_PARAM_NAME.fullmatch(name) else "?" for name in names})


def _user_id(request):
    """The member's id, without loading the user just for the log."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestLogMiddleware:
    """Log one line per request and tag it with a request id."""

    def __init__(self, get_response):
        self.get_response = get_response
        static_url = settings.STATIC_URL or ""
        self.static_prefix = static_url if static_url.startswith("/") else f"/{static_url}"

    def __call__(self, request):
        request_id = request_id_for(request)
        request.request_id = request_id
        token = current_request_id.set(request_id)
        counter = _QueryCounter()
        start = time.perf_counter()
        try:
            with connection.execute_wrapper(counter):
                response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            self.log(request, response.status_code, start, counter.count)
            return response
        finally:
            current_request_id.reset(token)

    def log(self, request, status, start, queries):
        path = request.path
        if self.static_prefix != "/" and path.startswith(self.static_prefix):
            return
        if status >= 500:
            level = logging.ERROR
        elif path in QUIET_PATHS:
            level = logging.DEBUG
        else:
            level = logging.INFO
        if not logger.isEnabledFor(level):
            return
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        query_params = query_param_names(request)
        logger.log(
            level,
            "%s %s%s %s %sms",
            request.method,
            path,
            "?" + "&".join(query_params) if query_params else "",
            status,
            duration_ms,
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": path,
                "query_params": query_params,
                "status": status,
                "duration_ms": duration_ms,
                "user_id": _user_id(request),
                "sql_queries": queries,
                "remote_addr": request.META.get("REMOTE_ADDR"),
            },
        )
