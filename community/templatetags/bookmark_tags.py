"""The bookmark button of a page ("Add to my bookmarks" / "In my bookmarks")."""

from django import template

from community.bookmarks import is_bookmarkable, is_bookmarked

register = template.Library()


@register.inclusion_tag("community/includes/bookmark_button.html", takes_context=True)
def bookmark_button(context, page):
    """A form that posts to the bookmark toggle. Whether the page is in the
    member's bookmarks comes from their cached state (no query when warm,
    community/bookmarks.py). Renders nothing for a page that cannot be
    bookmarked. Outside cached fragments: it is the member's own state."""
    request = context["request"]
    shown = is_bookmarkable(page)
    return {
        "shown": shown,
        "page": page,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "bookmarked": shown and is_bookmarked(page, request.user),
    }
