"""Bookmarks ("My bookmarks"): which pages members may bookmark, and the
bookmarks a member may see.

Community names no page type: the apps that own resources and events
register theirs from their ``AppConfig.ready`` with
``register_bookmarkable(model, kind, label)``. A member only ever sees (and
counts) bookmarks of live pages they may view: a page unpublished or
restricted since it was bookmarked disappears from the list, and comes back
if it is published or opened to them again.
"""

from django.contrib.contenttypes.models import ContentType

from core.security import visible_to

from .models import Bookmark

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


def bookmark_count(member):
    """How many bookmarks the member sees in "My bookmarks" (one query)."""
    if not member.is_authenticated:
        return 0
    return visible_bookmarks(member).count()


def is_bookmarked(page, member):
    return member.is_authenticated and Bookmark.objects.filter(member=member, page=page).exists()
