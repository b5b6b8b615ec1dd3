"""Template tags for discussions: the thread of a page, comment counts on
cards (one query per request, whatever the number of cards) and the
dashboard's recent discussions."""

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
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

register = template.Library()


@register.filter
def comment_text(text):
    """A comment's plain text, escaped, with clickable web addresses."""
    return comment_text_html(text)


@register.filter
def editable_until(comment):
    return edit_deadline(comment)


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
    """The number of public comments on ``page``; the counts of every page
    are read once per request."""
    request = context.get("request")
    counts = getattr(request, "_cmhub_comment_counts", None)
    if counts is None:
        counts = comment_counts()
        if request is not None:
            request._cmhub_comment_counts = counts
    return counts.get(page.pk, 0)


@register.simple_tag
def recent_discussions(locale, limit=5):
    return recent_comments(locale, limit)


@register.simple_tag
def absolute_url(path):
    """``path`` on the site's public address, for links in e-mails."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
