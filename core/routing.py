"""Wagtail's page routing, remembered in the cache.

To serve a page, Wagtail finds the site of the request (one query), the
active language's home page (two: the locale, the translated root), the page
at the URL (our `HomePage.route`: one query by URL path, one for the
specific page), then the view restrictions of the page and its ancestors
(two: the ancestors' aliases, the restrictions). Seven queries on every
page view, for an answer that only changes when an editor publishes,
moves or restricts a page.

`serve` remembers that answer per host, language and URL: the site, which
page (its model and primary key), how many of the URL's segments lead to it
(the rest is a routable page's own sub-URL, such as compare/ or calendar/),
the view restrictions that apply to it, with their groups, and the
addresses of its translations (the header's language switcher), and the
page itself (its specific object, as the database gave it). A request then
costs one cache read and one small query (is the page still live, at the
same revisions: a change behind Django's back is caught there), after which
Wagtail's own `serve` runs as usual, with its hooks and its view-restriction
check (fed the remembered restrictions). Building the page object from the
database (a query over its model's tables, compiled by the ORM) cost about
as much CPU as the rest of a warm page's routing and serving together.

Entries are keyed on the tree version, a counter bumped when anything
routing depends on changes: a page saved, deleted or moved, a view
restriction or its groups changed, a site or a locale changed. A page that
is gone or unpublished since is routed again from the database. When the
cache is down, every request routes from the database, as Wagtail does.
FRAGMENT_CACHE_TIMEOUT is also the entries' lifetime; 0 turns this off.
"""

import copy
import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from . import counters

TREE_KEY = "cmhub:tree-version"
ROUTE_KEY = "cmhub:route:1:{tree}:{language}:{place}"


class RouteCachedPage:
    """Page mixin: `get_view_restrictions` answers from the restrictions
    `serve` remembered for this page, when it routed it from the cache."""

    def get_view_restrictions(self):
        remembered = getattr(self, "_cmhub_view_restrictions", None)
        if remembered is not None:
            return remembered
        return super().get_view_restrictions()


def translation_urls(page, request):
    """{language code: URL} of the page's live translations, itself
    included (the language switcher's links): remembered with the route."""
    remembered = getattr(page, "_cmhub_translation_urls", None)
    if remembered is None:
        remembered = {
            translated.locale.language_code: translated.get_url(request)
            for translated in page.get_translations(inclusive=True).live().select_related("locale")
        }
        page._cmhub_translation_urls = remembered
    return remembered


def view_restrictions():
    """Every page view restriction as (kind, page path, group pks): what the
    listings hide from whom (core.security.hidden_page_paths), remembered
    until the tree changes."""
    key = f"cmhub:restrictions:1:{tree_version()}"
    found = cache.get(key) if settings.FRAGMENT_CACHE_TIMEOUT else None
    if found is None:
        found = [
            (
                restriction.restriction_type,
                restriction.page.path,
                {g.pk for g in restriction.groups.all()},
            )
            for restriction in PageViewRestriction.objects.select_related("page").prefetch_related(
                "groups"
            )
        ]
        if settings.FRAGMENT_CACHE_TIMEOUT:
            cache.set(key, found, settings.FRAGMENT_CACHE_TIMEOUT)
    return found


def tree_version():
    return counters.read_counter(TREE_KEY)


def bump_tree():
    """The page tree, a restriction, a site or a locale changed: every
    remembered route is stale from now on, and again once the change is
    committed (a request that read the tree before the commit may have
    remembered the old answer meanwhile)."""
    counters.bump_counter(TREE_KEY)
    transaction.on_commit(lambda: counters.bump_counter(TREE_KEY))


def _key(request, path):
    place = f"{request.get_host()}/{path}"
    if len(place) > 200:
        place = hashlib.sha256(place.encode()).hexdigest()
    return ROUTE_KEY.format(
        tree=tree_version(), language=translation.get_language() or "", place=place
    )


def _remember(request, path, key):
    """Route the request as Wagtail does and store what it found."""
    route = Page.route_for_request(request, path)
    if route is None:
        return
    page = route[0]
    site = Site.find_for_request(request)
    entry = {
        "site": site,
        "page": (page._meta.label_lower, page.pk),
        "instance": _clean(page),
        "consumed": page.depth - site.root_page.depth,
        "restrictions": list(page.get_view_restrictions().prefetch_related("groups")),
        "translations": translation_urls(page, request),
    }
    cache.set(key, entry, settings.FRAGMENT_CACHE_TIMEOUT)


#: What a remembered page object is checked against on every request
#: (Wagtail's page table; quoted for PostgreSQL and SQLite alike).
STATE_SQL = (
    'SELECT live, live_revision_id, latest_revision_id FROM "wagtailcore_page" WHERE id = %s'
)


def _clean(page):
    """A copy of the routed page to remember: what this request memoised on
    it (restrictions, translations, related objects) stays out."""
    kept = copy.copy(page)
    for name in [name for name in vars(kept) if name.startswith("_cmhub_")]:
        delattr(kept, name)
    kept._state = copy.copy(page._state)
    kept._state.fields_cache = {}
    return kept


def _page(entry):
    """The remembered page when its row still says it is live at the same
    revisions (one small query, no ORM); otherwise the page read again from
    the database (None when it is gone or not live)."""
    label, pk = entry["page"]
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    instance = entry.get("instance")
    if instance is not None:
        with connection.cursor() as cursor:
            cursor.execute(STATE_SQL, [pk])
            row = cursor.fetchone()
        if row is None or not row[0]:
            return None
        if (instance.live_revision_id, instance.latest_revision_id) == (row[1], row[2]):
            return instance
    page = model.objects.filter(pk=pk).first()
    return page if page is not None and page.live else None


def _recall(request, path, entry):
    """Route the request from a remembered entry; False when the page is
    gone or the remembered route no longer leads anywhere."""
    page = _page(entry)
    if page is None:
        return False
    page._cmhub_view_restrictions = entry["restrictions"]
    page._cmhub_translation_urls = entry["translations"]
    components = [component for component in path.split("/") if component]
    try:
        route = page.route(request, components[entry["consumed"] :])
    except Http404:
        return False
    request._wagtail_site = entry["site"]
    request._wagtail_route_for_request = route
    return True


def serve(request, path):
    """Wagtail's `serve`, routed from the cache when it can be."""
    from wagtail.views import serve as wagtail_serve  # needs the models loaded

    if settings.FRAGMENT_CACHE_TIMEOUT:
        key = _key(request, path)
        entry = cache.get(key)
        if entry is None or not _recall(request, path, entry):
            _remember(request, path, key)
    return wagtail_serve(request, path)


def _page_changed(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_tree()


def _changed(sender, **kwargs):
    bump_tree()


def connect():
    """Bump the tree version on every change routing depends on."""
    post_save.connect(_page_changed, dispatch_uid="cmhub_routes_page_saved")
    post_delete.connect(_page_changed, dispatch_uid="cmhub_routes_page_deleted")
    post_page_move.connect(_changed, dispatch_uid="cmhub_routes_page_moved")
    for model in (PageViewRestriction, Site, Locale):
        post_save.connect(_changed, sender=model, dispatch_uid=f"cmhub_routes_{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"cmhub_routes_{model.__name__}_deleted"
        )
    m2m_changed.connect(
        _changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="cmhub_routes_restriction_groups",
    )
