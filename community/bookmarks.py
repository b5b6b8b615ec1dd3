"""Bookmarks ("My bookmarks"): which pages members may bookmark, and the
bookmarks a member may see.

Community names no page type: the apps that own resources and events
register theirs from their ``AppConfig.ready`` with
``register_bookmarkable(model, kind, label)``. A member only ever sees (and
counts) bookmarks of live pages they may view: a page unpublished or
restricted since it was bookmarked disappears from the list, and comes back
if it is published or opened to them again.

What a page view needs of them is cached per member, in one entry
(`STATE_KEY`, read like any entry through the request's read-ahead,
core/readahead.py): the ids of the bookmarked pages (the button) and the
count "My bookmarks" shows (the dashboard), the latter with what it was
counted on: the tree version (bumped by every publication, unpublication,
move or view restriction, core/routing.py) and the member's groups. A
count made on another tree or other groups is counted again, so a page
restricted or unpublished since is never counted from the cache. Every
bookmark saved or deleted forgets its member's entry, now and when the
transaction commits. With FRAGMENT_CACHE_TIMEOUT at 0 nothing is cached.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction

from core import fragments, routing
from core.security import visible_to

from .models import Bookmark

#: A member's bookmark state: {"pages": frozenset of page ids, "count": n,
#: "counted_on": (tree version, groups)}, either part possibly missing.
STATE_KEY = "community:bookmarks:1:{member}"
#: How long a member's state stays cached (every change forgets it sooner).
STATE_TIMEOUT = 600

# kind -> (model, label), in the order the apps registered.
_kinds = {}


def register_bookmarkable(model, kind, label):
    """Let members bookmark the pages of ``model``, filtered as ``kind``
    (a short slug used in the address) and shown as ``label``."""
    _kinds[kind] = (model, label)


def bookmark_kinds():
    """[(kind, label)] of the bookmarkable page types."""
    return [(kind, label) for kind, (_model, label) in _kinds.items()]


def is_bookmarkable(page):
    return any(page._meta.model is model for model, _label in _kinds.values())


def kind_of(page):
    for kind, (model, _label) in _kinds.items():
        if page._meta.model is model:
            return kind
    return ""


def _content_types(kinds=None):
    models = [model for kind, (model, _label) in _kinds.items() if kinds is None or kind in kinds]
    return list(ContentType.objects.get_for_models(*models).values())


def visible_bookmarks(member, kind=None):
    """The member's bookmarks of live pages they may view, newest first
    (of one kind when ``kind`` is given)."""
    bookmarks = Bookmark.objects.of(member).filter(
        page__live=True,
        page__content_type__in=_content_types([kind] if kind else None),
    )
    return visible_to(bookmarks, member, prefix="page__")


def _state(member):
    """The member's cached state ({} when not cached, or caching is off)."""
    if not settings.FRAGMENT_CACHE_TIMEOUT:
        return None
    return cache.get(STATE_KEY.format(member=member.pk)) or {}


def _remember(member, state, **parts):
    if state is not None:
        cache.set(STATE_KEY.format(member=member.pk), {**state, **parts}, STATE_TIMEOUT)


def forget(member_id):
    """Drop the member's cached state, now and when the current transaction
    commits (a request in between may have cached the old state)."""
    key = STATE_KEY.format(member=member_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def bookmark_count(member):
    """How many bookmarks the member sees in "My bookmarks": no query when
    cached on the current tree and groups, one otherwise."""
    if not member.is_authenticated:
        return 0
    state = _state(member)
    counted_on = (routing.tree_version(), fragments.groups_key(member))
    if state and state.get("counted_on") == counted_on:
        return state["count"]
    count = visible_bookmarks(member).count()
    _remember(member, state, count=count, counted_on=counted_on)
    return count


def is_bookmarked(page, member):
    """Whether ``page`` is in the member's bookmarks: no query when cached."""
    if not member.is_authenticated:
        return False
    state = _state(member)
    pages = state.get("pages") if state else None
    if pages is None:
        if state is None:  # caching off: ask about this page only
            return Bookmark.objects.filter(member=member, page=page).exists()
        pages = frozenset(Bookmark.objects.filter(member=member).values_list("page_id", flat=True))
        _remember(member, state, pages=pages)
    return page.pk in pages
