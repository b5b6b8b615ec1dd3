"""Template tags for discussions: the thread of a page, comment counts on
cards (one cache MGET per page, whatever the number of cards, filled in
outside the cached lists) and the dashboard's recent discussions."""

import hashlib
import re

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe
from django_comments_xtd.utils import get_app_model_options

from community.comments import (
    MemberCommentForm,
    build_thread,
    comment_counts,
    comment_text_html,
    discussion_version,
    discussions_version,
    is_commentable,
    recent_comments,
)
from community.models import FlagReason
from core import fragments
from core.links import public_url

register = template.Library()


@register.filter
def comment_text(text):
    """A comment's plain text, escaped, with clickable web addresses."""
    return comment_text_html(text)


@register.simple_tag(takes_context=True)
def thread_cache(context, page):
    """How the thread of ``page`` is cached for this member: rendered once
    per member, content version (core/fragments.py) and version of the
    page's discussion (bumped by each change of its comments), for a
    minute, since it holds their own buttons, held comments and CSRF tokens.
    The key includes the member's CSRF secret, so cached forms always carry
    a valid token; without one (a first visit), nothing is cached."""
    request = context["request"]
    secret = request.META.get("CSRF_COOKIE", "")
    timeout = settings.COMMENT_THREAD_CACHE_TIMEOUT if secret else 0
    if not settings.FRAGMENT_CACHE_TIMEOUT:
        timeout = 0
    key = ":".join(
        [
            str(page.pk),
            str(fragments.version_for(context)),
            str(discussion_version(page.pk)) if timeout else "",
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


def _known_counts(context):
    """The comment counts read so far for this request, by page id."""
    request = context.get("request")
    if request is None:
        return {}
    if not hasattr(request, "_cmhub_comment_counts"):
        request._cmhub_comment_counts = {}
    return request._cmhub_comment_counts


@register.simple_tag(takes_context=True)
def load_comment_counts(context, *lists):
    """Read the comment counts of every page of ``lists`` at once (one cache
    MGET, community.comments.comment_counts) before their cards show them
    with ``comment_count``. Renders nothing."""
    known = _known_counts(context)
    wanted = {page.pk for pages in lists for page in pages or ()} - known.keys()
    if wanted:
        known.update(comment_counts(wanted))
    return ""


@register.simple_tag(takes_context=True)
def comment_count(context, page):
    """The number of public comments on ``page``: read with the other cards'
    counts by ``load_comment_counts``, or alone."""
    known = _known_counts(context)
    if page.pk not in known:
        known.update(comment_counts([page.pk]))
    return known[page.pk]


#: Where a card rendered inside ``{% comment_counts_filled %}`` shows its
#: comment count: the page's id and its (escaped) address.
_COUNT_MARK = re.compile(r"<!--cmhub-comments:([0-9]+) ([^\s<>\"'`]*)-->")


#: Rendered count links by (language, count, address): the same for everyone.
_count_links = {}
_COUNT_LINKS_KEPT = 5000


def _count_link(language, count, url):
    """A card's "3 comments" link, rendered once per process."""
    key = (language, count, url)
    html = _count_links.get(key)
    if html is None:
        link = get_template("community/comments/card_count_link.html")
        # The address was escaped when the card was rendered.
        html = link.render({"count": count, "url": mark_safe(url)})  # noqa: S308
        if len(_count_links) >= _COUNT_LINKS_KEPT:
            _count_links.clear()
        _count_links[key] = html
    return html


class CommentCountsFilledNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        with context.push(comment_count_marks=True):
            html = self.nodelist.render(context)
        marks = _COUNT_MARK.findall(html)
        if not marks:
            return html
        known = _known_counts(context)
        wanted = {int(pk) for pk, _url in marks} - known.keys()
        if wanted:
            known.update(comment_counts(wanted))
        language = translation.get_language()

        def fill(match):
            count = known.get(int(match[1]), 0)
            if not count:
                return ""
            return _count_link(language, count, match[2])

        return mark_safe(_COUNT_MARK.sub(fill, html))  # noqa: S308 - the block's own HTML


@register.tag
def comment_counts_filled(parser, token):
    """``{% comment_counts_filled %}…{% endcomment_counts_filled %}``

    The cards rendered inside leave a mark where their comment count goes
    (``card_count.html``), so cached fragments inside (``{% cache %}``,
    ``{% event_cards_fragment %}``) hold no count and a comment changes none
    of them; the counts of every marked card are then read at once (one
    cache MGET, ``comment_counts``: one query on the pages the cache lacks)
    and filled in. A card only shows in a fragment cached for the members
    who may see its page, so its count does too."""
    nodelist = parser.parse(("endcomment_counts_filled",))
    parser.delete_first_token()
    return CommentCountsFilledNode(nodelist)


@register.simple_tag(takes_context=True)
def recent_discussions(context, locale, limit=5):
    """The latest public comments on pages of ``locale`` the member may see:
    read from the cache, shared by the members of the same groups until the
    content (core/fragments.py) or any discussion changes (every comment
    bumps the discussions version, not the content version). The list is
    cached, not its HTML, which says how long ago each comment was."""
    request = context.get("request")
    user = getattr(request, "user", None)
    timeout = settings.FRAGMENT_CACHE_TIMEOUT
    if user is None or not timeout:
        return recent_comments(locale, limit, user)
    key = ":".join(
        [
            "cmhub:recent-discussions",
            str(fragments.version_for(context)),
            str(discussions_version()),
            str(locale),
            str(limit),
            fragments.groups_key(user),
        ]
    )
    recent = cache.get(key)
    if recent is None:
        recent = recent_comments(locale, limit, user)
        cache.set(key, recent, timeout)
    return recent


@register.simple_tag
def absolute_url(path):
    """``path`` on the site's public address, for links in e-mails."""
    return public_url(path)


@register.simple_tag
def flag_reasons():
    """[(value, label)] of the reasons a member may give for a flag."""
    return FlagReason.choices
