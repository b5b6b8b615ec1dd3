"""Site-wide views that are not pages: health check, private media, language."""

import functools
import logging
import mimetypes
import posixpath
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.template import Context, Template
from django.template.loader import get_template
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import media
from .storage import local_path

health_logger = logging.getLogger("cmhub.health")


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    # A key of its own per call: concurrent checks never read each other's value.
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, key, timeout=10)
    try:
        if cache.get(key) != key:
            raise RuntimeError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


STATIC_TAG = re.compile(r"""{%\s*static\s+["']([^"']+)["']\s*%}""")


@functools.cache
def _base_static_template():
    """A template linking every static file the base template links."""
    source = get_template("base.html").template.source
    names = sorted(set(STATIC_TAG.findall(source)))
    return Template("{% load static %}" + "".join(f"{{% static '{name}' %}}" for name in names))


def _check_static():
    # What every page does: resolve its static files through the storage
    # (the manifest of hashed names in production, which collectstatic with
    # the development settings does not write).
    _base_static_template().render(Context())


HEALTH_CHECKS = {"database": _check_database, "cache": _check_cache, "static": _check_static}


def _degrades_gracefully(name):
    """Whether pages are still served when this check fails: the cache,
    when it is core.cache.ResilientRedisCache."""
    return name == "cache" and getattr(cache, "degrades_gracefully", False)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Answer 200 when pages can be served, 503 otherwise, with the state of
    each component: ``{"status": "ok", "checks": {"database": "ok", "cache":
    "ok", "static": "ok"}}``. ``static`` is the static files every page
    links (a missing production manifest makes every page fail).

    A dead Redis does not make the site fail (core/cache.py): the answer is
    then 200 with ``"status": "degraded"`` and ``"cache": "error"``, so a
    load balancer keeps serving pages while monitoring can still alert.

    Used by docker-compose and load balancers. The answer names the failing
    component but no error detail (the endpoint is open); details are logged
    on ``cmhub.health``.
    """
    checks = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
        except Exception:  # noqa: BLE001 - any failure means "not healthy"
            health_logger.warning("Health check failed: %s", name, exc_info=True)
            checks[name] = "error"
        else:
            checks[name] = "ok"
    failed = [name for name, state in checks.items() if state != "ok"]
    if not failed:
        status = "ok"
    elif all(_degrades_gracefully(name) for name in failed):
        status = "degraded"
    else:
        status = "unavailable"
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "unavailable" else 200
    )


@require_GET
def serve_media(request, path):
    """Serve an uploaded file to those who may see what it belongs to.

    The login rule is applied by LoginRequiredMiddleware before this view
    runs; ``core.media`` then decides from the file's record: the view
    restrictions of a document's or image's collection, a proposal's
    author, a member's choice to show their profile. A file the member may
    not open, or that belongs to no record, answers 404: whether it exists
    is not theirs to know. Files on local disk are streamed by Django; with
    object storage the member is redirected to a short-lived signed URL.
    """
    name = posixpath.normpath(path).lstrip("/")
    if name.startswith("..") or name in ("", "."):
        raise Http404
    if not media.may_open(request, name):
        raise Http404
    full_path = local_path(default_storage, name)
    if full_path is None:
        # The record names the file: no round trip to the bucket to check it.
        sign = getattr(default_storage, "signed_url", default_storage.url)
        response = HttpResponseRedirect(sign(name))
        response.headers["Cache-Control"] = "private, no-store"
        return response
    full_path = Path(full_path)
    if not full_path.is_file():
        raise Http404
    content_type, encoding = mimetypes.guess_type(full_path.name)
    response = FileResponse(
        full_path.open("rb"), content_type=content_type or "application/octet-stream"
    )
    if encoding:
        response.headers["Content-Encoding"] = encoding
    # Private content: browsers may keep it, shared caches may not.
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def restricted(request):
    """Where Wagtail sends a request that fails a page's or a document's
    login or group restriction (``WAGTAIL_FRONTEND_LOGIN_URL``).

    Visitors never get here: the login middleware sends them to sign in
    first. A member who is signed in but not in the group gets the site's
    "access denied" page in their language, rather than Wagtail's bare
    sign-in form asking for a user name. Pages they may open pay nothing
    for this: only a refusal goes through the redirect."""
    raise PermissionDenied


#: The query parameter of a page asked for in a language it has no version
#: in (``?translation=en``): the language switch keeps the member there, and
#: the page says so in that language (cmhub_tags.untranslated_notice).
UNTRANSLATED_PARAMETER = "translation"


@login_not_required
def set_language(request):
    """Django's language switch, also open to visitors on the login page.

    Django sends the member to the same address in the new language; a page
    with no version in it (the switcher adds ``?translation=<code>``) would
    be a 404 there, so they stay on the page they were reading instead."""
    response = i18n.set_language(request)
    next_url = request.POST.get("next", request.GET.get("next", ""))
    if (
        response.status_code == 302
        and f"{UNTRANSLATED_PARAMETER}=" in urlsplit(next_url).query
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        response["Location"] = next_url
    return response
