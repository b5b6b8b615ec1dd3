"""The "ceiling" of the load benchmark (bench/load.py): a bare Django view
of about 5 KB behind the same middleware as every page (session, login,
language), with no template, no query of its own and no cache.

Its URL exists only when the setting BENCH_CEILING_VIEW is on (environment
variable of the same name), which only the benchmark's server sets.
"""

from django.http import HttpResponse

PARAGRAPH = (
    "<p>CM Hub benchmark ceiling: the cost of the stack itself, a logged-in "
    "request through every middleware to a view that does nothing else.</p>\n"
)
BODY = (
    "<!doctype html><html lang=fr><meta charset=utf-8><title>Ceiling</title><body>\n"
    + PARAGRAPH * 30
    + "</body></html>\n"
).encode()


def ceiling(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")
