"""Glue between CM Hub and django-comments-xtd: the members' comment form,
the rules a post must follow (depth, flood, first comments held), the text
rendering, and the queries the thread, the cards and the dashboard use.

Every query here is bounded: a thread costs the same handful of queries
whether it holds 3 comments or 300, and counts for a whole listing are read
in one query.
"""

import datetime
import re

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q, Value
from django.dispatch import Signal
from django.utils import timezone
from django.utils.html import urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_comments.models import CommentFlag
from django_comments_xtd.forms import XtdCommentForm
from django_comments_xtd.models import DISLIKEDIT_FLAG, LIKEDIT_FLAG, XtdComment

from core.counters import bump_counter, read_counter

from .mentions import render_mentions

# The page types members discuss, filled by the apps that own them from their
# AppConfig.ready (register_commentable): this app names none of them.
_commentable_models = []

DEPTH_REFUSED = _(
    "This conversation is already nested as deep as it can go: reply to the comment above instead."
)
RATE_LIMITED = _(
    "You are posting comments very quickly. Please wait a minute before posting again."
)
COMMENTS_CLOSED = _("Comments are closed on this page.")

#: Sent when a moderator removes a comment, with ``comment``, ``moderator``
#: and ``reasons`` (the CommentFlagReason of its removal suggestions): the
#: one place where the author is told (notifications connect to it).
comment_removed = Signal()


def register_commentable(model):
    """Let members discuss the pages of ``model``: its thread shows on the
    page and the comment views accept it. Called by the app that owns the
    model, from its ``AppConfig.ready``; the model's "app_label.model" key
    needs its options in COMMENTS_XTD_APP_MODEL_OPTIONS (checked by
    ``check_commentable_options``)."""
    if model not in _commentable_models:
        _commentable_models.append(model)


def commentable_models():
    """The registered commentable page models, in the order they registered."""
    return tuple(_commentable_models)


def commentable_content_types():
    """The content types of the commentable page types (cached by Django)."""
    return [ContentType.objects.get_for_model(model) for model in _commentable_models]


def is_commentable(page):
    return page._meta.model in _commentable_models


def check_commentable_options(app_configs=None, **kwargs):
    """A commentable page type without its own options would fall back to
    django-comments-xtd's "default" ones (no flagging, no reactions)."""
    options = settings.COMMENTS_XTD_APP_MODEL_OPTIONS
    return [
        checks.Error(
            f"{model._meta.label_lower} is registered as commentable but has no entry "
            "in COMMENTS_XTD_APP_MODEL_OPTIONS.",
            hint=f'Add "{model._meta.label_lower}" to COMMENTS_XTD_APP_MODEL_OPTIONS.',
            obj=model,
            id="community.E001",
        )
        for model in _commentable_models
        if model._meta.label_lower not in options
    ]


class MemberCommentForm(XtdCommentForm):
    """The comment form of a logged-in member: only the text, the follow-up
    choice and the hidden fields; name and e-mail come from the account.

    A reply is checked against its parent: same page, and not deeper than
    COMMENTS_XTD_MAX_THREAD_LEVEL allows.
    """

    def __init__(self, target_object, *args, **kwargs):
        super().__init__(target_object, *args, **kwargs)
        for name in ("name", "email", "url"):
            self.fields.pop(name, None)
        self.fields["comment"].label = _("Your comment")
        self.fields["comment"].widget.attrs.update(
            {"placeholder": _("Share your experience or ask a question"), "rows": 4}
        )
        self.fields["followup"].label = _("E-mail me when someone replies on this page")

    def clean_reply_to(self):
        reply_to = self.cleaned_data["reply_to"]
        if not reply_to:
            return 0
        parent = XtdComment.norel_objects.filter(
            pk=reply_to,
            content_type=ContentType.objects.get_for_model(self.target_object),
            object_pk=str(self.target_object.pk),
            is_public=True,
            is_removed=False,
        ).first()
        if parent is None:
            raise forms.ValidationError(_("The comment you reply to no longer exists."))
        if parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
            raise forms.ValidationError(DEPTH_REFUSED)
        return reply_to

    def clean(self):
        # CommentDetailsForm's duplicate check reads name and e-mail, which
        # this form does not have; the xtd view checks duplicates itself.
        return forms.Form.clean(self)

    def comment_fields(self, user, site_id):
        """The fields of the XtdComment this form creates for ``user``."""
        return {
            "content_type": ContentType.objects.get_for_model(self.target_object),
            "object_pk": str(self.target_object.pk),
            "site_id": site_id,
            "user": user,
            "user_name": user.get_full_name() or user.get_username(),
            "user_email": user.email,
            "comment": self.cleaned_data["comment"],
            "parent_id": self.cleaned_data["reply_to"],
            "followup": self.cleaned_data["followup"],
            "submit_date": timezone.now(),
        }


# --- Rules -------------------------------------------------------------------


def must_hold(user, held_count):
    """Whether a new comment by ``user`` waits for a moderator: their first
    ``held_count`` comments do; moderators' never do."""
    if not held_count or user.has_perm("django_comments.can_moderate"):
        return False
    return XtdComment.norel_objects.filter(user=user).count() < held_count


def edit_deadline(comment):
    return comment.submit_date + datetime.timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)


def can_change(comment, user):
    """A member may edit or delete their own comment for a short while."""
    return (
        comment.user_id == user.pk
        and not comment.is_removed
        and timezone.now() < edit_deadline(comment)
    )


# --- Rendering ---------------------------------------------------------------

_NOFOLLOW = re.compile(r'\srel="nofollow"')


def comment_text_html(text):
    """Plain text to HTML: everything escaped, web addresses made into links
    that do not pass referrer authority, @mentions made into links to the
    profiles (community/mentions.py), line breaks kept."""
    html = urlize(text, nofollow=True, autoescape=True)
    html = _NOFOLLOW.sub(' rel="nofollow noopener"', html)
    html = render_mentions(html)
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 - urlize escaped the text


# --- Queries -----------------------------------------------------------------


def page_comments(page):
    return XtdComment.norel_objects.filter(
        content_type=ContentType.objects.get_for_model(page),
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
    )


def build_thread(page, page_number=1, held_of=None):
    """The discussion of ``page`` as a tree, one page of top-level threads at
    a time, in two queries whatever its size: what every member sees alike
    (public comments, and removed ones that keep their place), plus the held
    comments of ``held_of`` when given (a member sees their own comments
    waiting for a moderator). Nothing else here depends on who looks: their
    reactions and buttons are filled in per request (``member_thread_state``,
    ``{% discussion_thread %}``).

    Returns ``(threads, paginator_page, count)``: threads are dicts
    ``{"comment", "children", "can_reply"}``; a removed comment keeps its
    place only if it has replies.
    """
    comments = page_comments(page)
    shown = Q(is_public=True) | Q(is_removed=True)
    if held_of is not None and held_of.pk is not None:
        shown |= Q(user_id=held_of.pk)
    # One light query reads the shape of the whole discussion (a few small
    # integers per comment): the count and the top-level threads to page.
    shape = comments.filter(shown).values_list("level", "thread_id", "is_public", "is_removed")
    count = 0
    thread_ids = []
    for level, thread_id, is_public, is_removed in shape.order_by("thread_id", "order"):
        count += is_public and not is_removed
        if level == 0:
            thread_ids.append(thread_id)
    paginated = Paginator(thread_ids, settings.COMMENT_THREADS_PER_PAGE).get_page(page_number)
    if not paginated.object_list:
        return [], paginated, count
    rows = (
        comments.filter(shown, thread_id__in=list(paginated.object_list))
        .select_related("user__profile")
        .annotate(
            likes=Count("flags", filter=Q(flags__flag=LIKEDIT_FLAG)),
            dislikes=Count("flags", filter=Q(flags__flag=DISLIKEDIT_FLAG)),
            edited_at=F("cmhub_edit__edited_at"),
        )
        .order_by("thread_id", "order")
    )
    max_level = settings.COMMENTS_XTD_MAX_THREAD_LEVEL
    nodes = {}
    threads = []
    for row in rows:
        node = {
            "comment": row,
            "children": [],
            "can_reply": row.level < max_level and not row.is_removed,
        }
        nodes[row.pk] = node
        parent = nodes.get(row.parent_id) if row.parent_id != row.pk else None
        if parent is not None:
            parent["children"].append(node)
        elif row.level == 0:
            threads.append(node)
    threads = [node for node in threads if _keeps_place(node)]
    return threads, paginated, count


_HELD = "held"


def member_thread_state(page, user):
    """What the discussion of ``page`` holds for ``user`` alone, in one
    query: ``{"liked", "disliked", "flagged"}`` (sets of comment ids: their
    reactions and removal suggestions) and ``"held"`` (whether a comment of
    theirs waits for a moderator there: they then see their own thread)."""
    state = {"liked": set(), "disliked": set(), "flagged": set(), "held": False}
    if not user.is_authenticated:
        return state
    comments = page_comments(page)
    flags = (
        CommentFlag.objects.filter(user_id=user.pk, comment__in=comments.values("pk"))
        .values_list("comment_id", "flag")
        .order_by()
    )
    held = (
        comments.filter(user_id=user.pk, is_public=False, is_removed=False)
        .annotate(kind=Value(_HELD))
        .values_list("pk", "kind")
        .order_by()
    )
    sets = {
        LIKEDIT_FLAG: state["liked"],
        DISLIKEDIT_FLAG: state["disliked"],
        CommentFlag.SUGGEST_REMOVAL: state["flagged"],
    }
    for comment_id, flag in flags.union(held, all=True):
        if flag == _HELD:
            state["held"] = True
        elif flag in sets:
            sets[flag].add(comment_id)
    return state


def _keeps_place(node):
    node["children"] = [child for child in node["children"] if _keeps_place(child)]
    return not node["comment"].is_removed or bool(node["children"])


#: A page's count of public comments in the cache (core/fragments.py's
#: timeout), set again after each change of its comments: see comment_counts.
COUNT_KEY = "cmhub:comment-count:{}"
#: After a change, a page's count is read from the database for this many
#: seconds (a marker holds its key): a count read just before the change
#: committed can then never be cached after it.
COUNT_SETTLE_SECONDS = 10
_CHANGED = "changed"


def comment_counts(page_pks):
    """{page id: number of public comments} for the pages ``page_pks``: one
    cache MGET, then one grouped query on the pages the cache lacks (never
    on every page). A comment posted, removed or moderated invalidates the
    count of its page only (``comments_changed``)."""
    pks = {int(pk) for pk in page_pks}
    if not pks:
        return {}
    timeout = settings.FRAGMENT_CACHE_TIMEOUT
    cached = cache.get_many([COUNT_KEY.format(pk) for pk in pks]) if timeout else {}
    counts = {}
    for pk in pks:
        value = cached.get(COUNT_KEY.format(pk))
        if isinstance(value, int):
            counts[pk] = value
    missing = pks - counts.keys()
    if not missing:
        return counts
    rows = (
        XtdComment.norel_objects.filter(
            content_type__in=commentable_content_types(),
            site_id=settings.SITE_ID,
            object_pk__in=[str(pk) for pk in missing],
            is_public=True,
            is_removed=False,
        )
        .values_list("object_pk")
        .annotate(total=Count("pk"))
        .order_by()
    )
    found = {int(object_pk): total for object_pk, total in rows}
    for pk in missing:
        counts[pk] = found.get(pk, 0)
        if timeout and COUNT_KEY.format(pk) not in cached:
            # add, not set: a change since the query left its marker.
            cache.add(COUNT_KEY.format(pk), counts[pk], timeout)
    return counts


#: A page's discussion version: its cached thread is keyed on it
#: (``discussion_thread`` in community/templatetags/comment_tags.py).
DISCUSSION_KEY = "cmhub:discussion-version:{}"
#: The discussions version: the dashboard's recent discussions are keyed on it.
DISCUSSIONS_KEY = "cmhub:discussions-version"


def discussion_version(page_pk):
    """The version of the discussion of page ``page_pk``."""
    return read_counter(DISCUSSION_KEY.format(page_pk))


def discussions_version():
    """The version of every discussion taken together (recent discussions)."""
    return read_counter(DISCUSSIONS_KEY)


def comments_changed(page_pk):
    """The comments of page ``page_pk`` changed (posted, edited, removed,
    restored, approved, reacted to, flagged): its count is read again from
    the database, its thread and the recent discussions are built again, now
    and once the transaction commits (a request that read them before the
    commit may have cached the old state meanwhile).

    Nothing else goes stale: the content version (core/fragments.py) stays,
    so lists, dashboards and other pages keep their cached parts; their
    cards' counts are filled in outside them (``comment_counts_filled``)."""
    count_key = COUNT_KEY.format(page_pk)
    discussion_key = DISCUSSION_KEY.format(page_pk)

    def forget():
        cache.set(count_key, _CHANGED, COUNT_SETTLE_SECONDS)
        bump_counter(discussion_key)
        bump_counter(DISCUSSIONS_KEY)

    forget()
    transaction.on_commit(forget)


def member_recent_comments(member, viewer, limit=5):
    """The latest public comments of ``member`` on live pages ``viewer`` may
    view, with their page (two queries): a profile's recent activity never
    shows a comment on a page restricted to a group the viewer is not in."""
    from wagtail.models import Page

    from core.security import visible_to

    comments = list(
        XtdComment.norel_objects.filter(
            user=member,
            content_type__in=commentable_content_types(),
            site_id=settings.SITE_ID,
            is_public=True,
            is_removed=False,
        )
        .only("object_pk", "submit_date", "comment")
        .order_by("-submit_date")[: limit * 4]
    )
    pages = (
        visible_to(Page.objects.live(), viewer)
        .filter(pk__in={int(c.object_pk) for c in comments})
        .select_related("locale")  # the profile marks titles in another language
        .in_bulk()
    )
    recent = [
        {"comment": comment, "page": pages[int(comment.object_pk)]}
        for comment in comments
        if int(comment.object_pk) in pages
    ]
    return recent[:limit]


def recent_comments(locale, limit=5, user=None):
    """The latest public comments on pages of ``locale`` (that ``user`` may
    view, when given), with their page."""
    from wagtail.models import Page

    from core.security import visible_to

    comments = list(
        XtdComment.norel_objects.filter(
            content_type__in=commentable_content_types(),
            site_id=settings.SITE_ID,
            is_public=True,
            is_removed=False,
        )
        # What the dashboard shows, and nothing private: the list is cached.
        .only("object_pk", "user_name", "submit_date", "comment")
        .order_by("-submit_date")[: limit * 4]
    )
    pages = (
        visible_to(Page.objects.live(), user)
        .filter(pk__in={int(c.object_pk) for c in comments}, locale=locale)
        .in_bulk()
    )
    recent = []
    for comment in comments:
        page = pages.get(int(comment.object_pk))
        if page is not None:
            recent.append({"comment": comment, "page": page})
        if len(recent) == limit:
            break
    return recent
