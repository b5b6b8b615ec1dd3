"""Site-wide views that are not pages: health check, private media, language."""

import mimetypes
import posixpath
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.utils._os import safe_join
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Answer 200 when the application and its database respond (used by
    docker-compose and load balancers); 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def serve_media(request, path):
    """Serve an uploaded file (image, rendition) to logged-in members only.

    The login rule is applied by LoginRequiredMiddleware before this view
    runs. Files on local disk are streamed by Django; with object storage the
    member is redirected to a short-lived signed URL.
    """
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or not path:
        raise Http404
    if not settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        if not default_storage.exists(path):
            raise Http404
        return HttpResponseRedirect(default_storage.url(path))
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except ValueError as error:
        raise Http404 from error
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


@login_not_required
def set_language(request):
    """Django's language switch, also open to visitors on the login page."""
    return i18n.set_language(request)
