"""django-comments-xtd's URLs (flag, like, dislike, mute, …) without its
REST API.

The API's Django REST framework views exempt themselves from
LoginRequiredMiddleware and let visitors read comments, which a private
intranet cannot allow; the site's pages need none of it.
"""

import copy
import functools

from django.http import Http404
from django.urls import URLResolver
from django_comments_xtd.models import XtdComment
from django_comments_xtd.urls import urlpatterns as xtd_urlpatterns
from wagtail.models import Page

from core.security import can_view_page

#: Views that show a comment: refused (404) when the member may not view its page.
SHOW_A_COMMENT = {
    "comments-xtd-reply",
    "comments-flag",
    "comments-xtd-like",
    "comments-xtd-dislike",
}


def page_must_be_visible(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        comment_id = kwargs.get("cid") or kwargs.get("comment_id") or (args[0] if args else 0)
        comment = XtdComment.objects.filter(pk=comment_id).first()
        page = comment.content_object if comment else None
        if isinstance(page, Page) and not can_view_page(page, request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def guarded(pattern):
    if getattr(pattern, "name", None) in SHOW_A_COMMENT:
        pattern = copy.copy(pattern)
        pattern.callback = page_must_be_visible(pattern.callback)
    return pattern


urlpatterns = [
    guarded(pattern)
    for pattern in xtd_urlpatterns
    if not (isinstance(pattern, URLResolver) and str(pattern.pattern).startswith("api/"))
    # The ".json"-style variants: the site uses none, and most of the views
    # behind them fail on the extra argument.
    and "<format>" not in str(pattern.pattern)
]
