"""Structured (one JSON object per line) log output for production, and the
request id that ties together every line logged while serving one request."""

import contextvars
import json
import logging

# The id of the request being served (set by core.request_log's middleware).
current_request_id = contextvars.ContextVar("cmhub_request_id", default=None)

# Attributes given with ``extra=`` that the JSON output carries as fields.
EXTRA_FIELDS = (
    "request_id",
    "method",
    "path",
    "query_params",
    "status",
    "duration_ms",
    "user_id",
    "sql_queries",
    "remote_addr",
    "status_code",
)


class RequestIdFilter(logging.Filter):
    """Give every record logged during a request that request's id, so an
    error logged by Django can be matched with its request line."""

    def filter(self, record):
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """Format each record as a JSON object that log collectors can parse."""

    def format(self, record):
        payload = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            payload["path"] = request.path
        request_id = getattr(record, "request_id", None) or current_request_id.get()
        for field in EXTRA_FIELDS:
            value = request_id if field == "request_id" else getattr(record, field, None)
            if value is not None:
                payload[field] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)
