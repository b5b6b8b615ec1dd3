"""Template tags for discussions: the thread of a page, comment counts on
cards (one query per request, whatever the number of cards) and the
dashboard's recent discussions."""

import hashlib

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import translation
from django_comments_xtd.utils import get_app_model_options

from community.comments import (
    MemberCommentForm,
    build_thread,
    comment_counts,
    comment_text_html,
    edit_deadline,
    is_commentable,
    recent_comments,
)
from core import fragments
from core.links import public_url

register = template.Library()


@register.filter
def comment_text(text):
    """A comment's plain text, escaped, with clickable web addresses."""
    return comment_text_html(text)


@register.filter
def editable_until(comment):
    return edit_deadline(comment)


@register.simple_tag(takes_context=True)
def thread_cache(context, page):
    """How the thread of ``page`` is cached for this member: rendered once
    per member and content version (core/fragments.py), for a minute, since
    it holds their own buttons, held comments and CSRF tokens. The key
    includes the member's CSRF secret, so cached forms always carry a valid
    token; without one (a first visit), nothing is cached."""
    request = context["request"]
    secret = request.META.get("CSRF_COOKIE", "")
    timeout = settings.COMMENT_THREAD_CACHE_TIMEOUT if secret else 0
    if not settings.FRAGMENT_CACHE_TIMEOUT:
        timeout = 0
    key = ":".join(
        [
            str(page.pk),
            str(fragments.version_for(context)),
            str(request.GET.get("comments_page", 1))[:10],
            str(request.user.pk),
            hashlib.sha256(secret.encode()).hexdigest()[:16],
            translation.get_language() or "",
        ]
    )
    return {"timeout": timeout, "key": key}


@register.simple_tag(takes_context=True)
def comment_thread(context, page):
    """Everything the thread template needs for ``page``."""
    request = context["request"]
    if not is_commentable(page):
        return None
    threads, paginated, count = build_thread(
        page, request.user, request.GET.get("comments_page", 1)
    )
    form = MemberCommentForm(page)
    options = get_app_model_options(content_type=ContentType.objects.get_for_model(page))
    return {
        "threads": threads,
        "paginated": paginated,
        "count": count,
        "form": form,
        "options": options,
        "open": page.comments_open,
        "edit_window": settings.COMMENT_EDIT_WINDOW_MINUTES,
    }


@register.simple_tag(takes_context=True)
def comment_count(context, page):
    """The number of public comments on ``page``. The counts of every page
    come from one grouped query, kept in the cache until a comment changes
    (the content version, core/fragments.py), and read once per request."""
    request = context.get("request")
    counts = getattr(request, "_cmhub_comment_counts", None)
    if counts is None:
        key = f"cmhub:comment-counts:{fragments.version_for(context)}"
        counts = cache.get(key)
        if counts is None:
            counts = comment_counts()
            cache.set(key, counts, settings.FRAGMENT_CACHE_TIMEOUT)
        if request is not None:
            request._cmhub_comment_counts = counts
    return counts.get(page.pk, 0)


@register.simple_tag(takes_context=True)
def recent_discussions(context, locale, limit=5):
    request = context.get("request")
    return recent_comments(locale, limit, getattr(request, "user", None))


@register.simple_tag
def absolute_url(path):
    """``path`` on the site's public address, for links in e-mails."""
    return public_url(path)
