"""Security headers on every response: Content-Security-Policy,
Permissions-Policy and Cross-Origin-Opener-Policy.

Django's SecurityMiddleware already sends X-Content-Type-Options,
Referrer-Policy, HSTS (production) and COOP; XFrameOptionsMiddleware sends
X-Frame-Options. This middleware adds what Django 5.2 lacks. Two policies:

- the member site: scripts, styles, fonts and requests from our own origin
  only, images from our origin and data: URLs, frames only from the video
  providers editors embed (settings.CSP_FRAME_SRC);
- the Wagtail admin (and its previews): Wagtail 8 still needs inline
  scripts and styles, blob: images (upload previews) and frames of its own
  origin (live preview), so it gets a policy of its own.

Settings (cmhub/settings/base.py, docs/security.md): CSP_ENABLED,
CSP_REPORT_ONLY, CSP_FRAME_SRC, CSP_REPORT_URI, PERMISSIONS_POLICY.
A view may set its own Content-Security-Policy header: it is kept.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

SITE_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # Wagtail's responsive embeds size the video frame with an inline
    # style attribute (padding-bottom); an attribute cannot run script.
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

ADMIN_DIRECTIVES = {
    **SITE_DIRECTIVES,
    # Wagtail 8's page editor still runs a few inline scripts (checked in
    # Chromium: blocked otherwise) and sets styles inline all over. Only
    # editors reach these pages; the member site stays strict.
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    # Upload previews and cropped focal points are blob: URLs.
    "img-src": ["'self'", "data:", "blob:"],
    # The live preview (an admin URL, or a site page rendered for it) is
    # framed by the editor.
    "frame-ancestors": ["'self'"],
}


def build_policy(directives, frame_src=(), report_uri=""):
    """The header value for a dict of directives (frame_src adds origins)."""
    parts = []
    for name, sources in directives.items():
        if name == "frame-src":
            sources = [*sources, *frame_src]
        parts.append(f"{name} {' '.join(sources)}")
    if report_uri:
        parts.append(f"report-uri {report_uri}")
    return "; ".join(parts)


class SecurityHeadersMiddleware:
    """Add CSP, Permissions-Policy and COOP to every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        frame_src = getattr(settings, "CSP_FRAME_SRC", ())
        report_uri = getattr(settings, "CSP_REPORT_URI", "")
        self.site_policy = build_policy(SITE_DIRECTIVES, frame_src, report_uri)
        self.admin_policy = build_policy(ADMIN_DIRECTIVES, (), report_uri)
        self.enabled = getattr(settings, "CSP_ENABLED", True)
        self.header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        self.admin_prefix = "/" + settings.CMHUB_ADMIN_PATH.lstrip("/")
        self.permissions_policy = getattr(
            settings, "PERMISSIONS_POLICY", "camera=(), microphone=(), geolocation=()"
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.enabled and not (
            "Content-Security-Policy" in response
            or "Content-Security-Policy-Report-Only" in response
        ):
            # Wagtail renders a preview through the middleware again, with
            # the page's own path: is_preview tells it apart.
            admin = request.path_info.startswith(self.admin_prefix) or getattr(
                request, "is_preview", False
            )
            response[self.header] = self.admin_policy if admin else self.site_policy
        if self.permissions_policy:
            response.setdefault("Permissions-Policy", self.permissions_policy)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


# --- Page view restrictions in listings ---------------------------------------


def member_group_ids(user):
    """The pks of the member's groups, read once per user object: the
    listings' view restrictions and the fragment cache keys
    (core/fragments.py) both need them."""
    cached = getattr(user, "_cmhub_group_ids", None)
    if cached is None:
        if getattr(user, "is_authenticated", False):
            cached = frozenset(user.groups.values_list("pk", flat=True))
        else:
            cached = frozenset()
        user._cmhub_group_ids = cached
    return cached


def hidden_page_paths(user):
    """Tree paths of the pages whose view restriction shuts ``user`` out
    (each hides its whole subtree), as Wagtail's own check decides: group
    restrictions let their groups and superusers in, login restrictions any
    member; password restrictions hide the page from every listing.

    Computed once per user object, from the restrictions remembered in
    the cache (core.routing.view_restrictions)."""
    cached = getattr(user, "_cmhub_hidden_page_paths", None)
    if cached is not None:
        return cached
    from wagtail.models import PageViewRestriction

    from .routing import view_restrictions  # routing reads the groups from here

    paths = []
    if not getattr(user, "is_superuser", False):
        authenticated = getattr(user, "is_authenticated", False)
        group_ids = member_group_ids(user)
        for kind, path, groups in view_restrictions():
            if kind == PageViewRestriction.LOGIN and authenticated:
                continue
            if kind == PageViewRestriction.GROUPS and group_ids & groups:
                continue
            paths.append(path)
    user._cmhub_hidden_page_paths = paths
    return paths


def visible_to(queryset, user, prefix=""):
    """``queryset`` without the pages ``user`` may not view. ``prefix``
    reaches the page through a relation ("event__" on registrations).
    Without a user (``None``), the queryset is returned as it is."""
    if user is None:
        return queryset
    hidden = Q()
    for path in hidden_page_paths(user):
        hidden |= Q(**{f"{prefix}path__startswith": path})
    return queryset.exclude(hidden) if hidden else queryset


def can_view_page(page, user):
    """Whether ``user`` passes every view restriction of ``page``."""
    return not any(page.path.startswith(path) for path in hidden_page_paths(user))


NUL_MESSAGE = _(
    "The address or the form contains characters CM Hub cannot accept. Check what "
    "you typed, or go back and try again."
)


class RejectNulMiddleware:
    """Answer 400 to a request whose query string carries a NUL character.

    No member types one, PostgreSQL refuses it in any query (a 500 from
    every filter that passes it on), and forms already refuse it (Django's
    ProhibitNullCharactersValidator): so the query string is checked once
    here rather than in every listing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if "application/json" in request.headers.get("Accept", ""):
                # Scripts (the search suggestions) read an error they can show.
                return JsonResponse({"error": str(NUL_MESSAGE), "results": []}, status=400)
            raise SuspiciousOperation("NUL character in the address")
        return self.get_response(request)
