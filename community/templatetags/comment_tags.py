"""Template tags for discussions: the thread of a page, comment counts on
cards (one cache MGET per page, whatever the number of cards, filled in
outside the cached lists) and the dashboard's recent discussions."""

import datetime
import hashlib
import re
import secrets
import time

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django_comments_xtd.utils import get_app_model_options

from community.comments import (
    MemberCommentForm,
    build_thread,
    comment_counts,
    comment_text_html,
    discussion_version,
    discussions_version,
    edit_deadline,
    is_commentable,
    member_thread_state,
    page_comments,
    recent_comments,
)
from community.member_cache import members_version
from community.models import FlagReason
from community.thread_memory import threads as thread_memory
from core import fragments
from core.links import public_url
from core.templatetags.french_text import ago

register = template.Library()


@register.filter
def comment_text(text):
    """A comment's plain text, escaped, with clickable web addresses."""
    return comment_text_html(text)


# --- The discussion thread ----------------------------------------------------
#
# A thread is rendered once and shared by every member (cached per page,
# content and discussion version, thread page, language, time zone and
# address); what differs per member is filled in per request. The shared
# HTML holds each member's variants of a comment's buttons between marks
# (``{% member_part %}``); once rendered it is cut into pieces at those
# marks and at its CSRF tokens (placeholders), and cached so: the fill
# joins the pieces, keeping the parts meant for this member, dropping the
# others, putting in the member's CSRF token, without reading the HTML. A
# member with a comment held for moderation sees their own thread (it
# holds that comment), cached for them alone.
#
# Marks cannot be forged: comment texts and names are escaped (no "<"
# reaches the HTML from them) and every mark carries a random number drawn
# for that rendering, which no member ever sees.

#: The parts of a comment a member sees or not, and when.
PART_KINDS = {
    "author": "the member wrote the comment",
    "others": "the member did not write it",
    "editable": "the member wrote it and may still edit or delete it",
    "liked": "the member found it useful",
    "unliked": "the member did not find it useful",
    "disliked": "the member found it not useful",
    "undisliked": "the member did not find it not useful",
    "flagged": "the member (not its author) suggested removing it",
    "unflagged": "the member (not its author) did not suggest removing it",
}
_PART_OPEN = "<!--cmhub-member:{nonce}:{kind}:{pk}:{author}:{deadline}-->"
_PART_CLOSE = "<!--/cmhub-member:{nonce}-->"
_CSRF_PLACEHOLDER = "cmhub-csrf-{nonce}"
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_THREAD_KEY = "cmhub:thread:5:{}"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MEMBER_KEY = "cmhub:thread-member:1:{page}:{version}:{member}"


class _Viewer:
    """What the shared thread may know of the request: its address, and whom
    a part is rendered for (nobody in particular, or a comment's author in
    their own parts)."""

    def __init__(self, path, user):
        self.path = path
        self.user = user


def _new_nonce():
    """The random number that the marks of one rendering of a thread carry."""
    return secrets.token_hex(8)


def _microseconds(moment):
    """``moment`` (an aware datetime) as an exact number of microseconds."""
    return (moment - _EPOCH) // datetime.timedelta(microseconds=1)


def _timeout():
    if not settings.FRAGMENT_CACHE_TIMEOUT:
        return 0
    return settings.COMMENT_THREAD_CACHE_TIMEOUT


#: The addresses of a comment's buttons, by the names the thread uses.
_COMMENT_URLS = {
    "like": "comments-xtd-like",
    "dislike": "comments-xtd-dislike",
    "report": "comments:report",
    "flag": "comments-flag",
    "edit": "comments:edit",
    "delete": "comments:delete",
}
_ANY_PK = 918273645546372819


def _address_maker(name):
    """``pk -> address of the view ``name`` for pk``, reversed once: a
    thread shows six addresses per comment, and reversing each would cost
    a sixth of its rendering."""
    before, after = reverse(name, args=[_ANY_PK]).split(str(_ANY_PK))
    return lambda pk: f"{before}{pk}{after}"


def _prepare_nodes(threads):
    """Give each comment of ``threads`` what its template shows of numbers
    as text (its id, level, button and author addresses), worked out here
    once rather than by the template engine for each use."""
    makers = {key: _address_maker(name) for key, name in _COMMENT_URLS.items()}
    profile = _address_maker("members:profile")
    pending = list(threads)
    while pending:
        node = pending.pop()
        comment = node["comment"]
        pk = str(int(comment.pk))
        node["pk"] = pk
        node["level"] = str(int(comment.level))
        node["urls"] = {key: make(pk) for key, make in makers.items()}
        if comment.user_id is not None:
            node["urls"]["profile"] = profile(int(comment.user_id))
        pending.extend(node["children"])


# --- Each comment's piece of the shared thread -------------------------------
#
# After a new comment, a thread page of 150 comments would be rendered again
# whole, though 149 of them did not change. Each comment's own HTML (its
# ``<li>`` without its replies, marks included, nothing of any member) is
# therefore cached on its own, keyed on a digest of everything it shows: the
# comment's row (text, dates, state, reaction counts), its author's name,
# initials, avatar and directory visibility, its addresses, and the
# thread's language, time zone, address and options. A change to any of
# them makes a new key, so no version needs bumping: a renamed author or an
# edited comment shows at once, and a publish (a new content version) finds
# every piece still valid. The thread then reads all its pieces in one
# get_many and renders only the missing ones.
#
# A piece carries marks with a random number of its own rendering, kept with
# it in the cache and never shown; the thread swaps it for its own number,
# so the marks of a thread still carry one number no member knows. Where
# the replies go the piece holds a mark with that number too. A comment has
# no reply form of its own: its "Reply" link moves the page's one form
# under it (static/js/member-actions.js), or without JavaScript opens the
# page with that form replying to it (``?reply_to=``, ``_reply_form``).

_PIECE_KEY = "cmhub:comment-piece:4:{}"
_CHILDREN_MARK = "<!--cmhub-replies:{nonce}-->"
#: The template's indentation: a comment's text holds no line break (they
#: are <br>), and nothing in a comment is preformatted.
_INDENTATION = re.compile(r"\n\s+")
_REPLIES_OPEN = '<ol class="comment-list comment-list--replies">'
_REPLIES_CLOSE = "</ol>"


def _piece_timeout():
    """Pieces never go stale (their key is their content): they stay as
    long as any fragment, but only while the thread is cached at all."""
    if not _timeout():
        return 0
    return settings.FRAGMENT_CACHE_TIMEOUT


def _piece_key(node, shared):
    """The cache key of the piece of ``node``: a digest of what it shows."""
    comment = node["comment"]
    user = comment.user if comment.user_id is not None else None
    profile = getattr(user, "profile", None) if user is not None else None
    edited_at = getattr(comment, "edited_at", None)
    values = (
        node["pk"],
        node["level"],
        node["can_reply"],
        sorted(node["urls"].items()),
        comment.user_id,
        comment.user_name,
        comment.comment,
        comment.submit_date.isoformat(),
        edited_at.isoformat() if edited_at else None,
        comment.is_public,
        comment.is_removed,
        comment.likes,
        comment.dislikes,
        (user.first_name, user.last_name, user.email) if user is not None else None,
        (profile.avatar.name or "", profile.visible_in_directory) if profile else None,
        shared,
    )
    return _PIECE_KEY.format(hashlib.sha256(repr(values).encode()).hexdigest())


def _render_piece(template, node, context):
    """``{"nonce", "html"}``: the HTML of ``node`` alone, marks carrying a
    random number of its own, a mark where its replies go, without the
    template's indentation."""
    nonce = _new_nonce()
    node["children_html"] = mark_safe(_CHILDREN_MARK.format(nonce=nonce))  # noqa: S308
    html = template.render(
        {
            **context,
            "node": node,
            "csrf_token": _CSRF_PLACEHOLDER.format(nonce=nonce),
            "member_parts_nonce": nonce,
        }
    )
    return {"nonce": nonce, "html": _INDENTATION.sub("\n", str(html))}


def _comments_html(threads, context, nonce):
    """The comments of ``threads``, nested as they reply to each other, from
    their cached pieces (one get_many), rendering only the missing ones;
    their marks carry ``nonce``."""
    nodes = []
    pending = list(reversed(threads))
    while pending:
        node = pending.pop()
        nodes.append(node)
        pending.extend(reversed(node["children"]))
    if not nodes:
        return ""
    discussion = context["discussion"]
    shared = (
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        context["request"].path,
        sorted(discussion["options"].items()),
        discussion["open"],
        discussion["post_url"],
        discussion["paginated"].number,
        settings.COMMENT_EDIT_WINDOW_MINUTES,
    )
    keys = {id(node): _piece_key(node, shared) for node in nodes}
    timeout = _piece_timeout()
    cached = cache.get_many(list(set(keys.values()))) if timeout else {}
    template = get_template("community/comments/comment.html")
    fresh = {}
    html_of = {}
    children_mark = _CHILDREN_MARK.format(nonce=nonce)
    for node in nodes:
        key = keys[id(node)]
        piece = cached.get(key) or fresh.get(key)
        if not (isinstance(piece, dict) and piece.get("nonce") and "html" in piece):
            piece = fresh[key] = _render_piece(template, node, context)
        html = piece["html"].replace(piece["nonce"], nonce)
        html_of[id(node)] = html.split(children_mark, 1)
    if fresh and timeout:
        cache.set_many(fresh, timeout)

    parts = []

    def add(node):
        before, after = html_of[id(node)]
        parts.append(before)
        if node["children"]:
            parts.append(_REPLIES_OPEN)
            for child in node["children"]:
                add(child)
            parts.append(_REPLIES_CLOSE)
        parts.append(after)

    for node in threads:
        add(node)
    return mark_safe("".join(parts))  # noqa: S308 - the thread's own HTML


def _hidden_fields(form):
    """The form's signed hidden fields, without ids (the page shows them once,
    but they need none)."""
    return mark_safe(  # noqa: S308 - Django's own widgets
        "".join(
            form[name].as_widget(attrs={"id": False})
            for name in ("content_type", "object_pk", "timestamp", "security_hash")
        )
    )


def _comment_form_html(discussion, csrf_token, reply=None):
    """The page's comment form: a new comment, or (``reply``: the comment's
    id, its author's name and the address that cancels) a reply."""
    return get_template("community/comments/comment_form.html").render(
        {"discussion": discussion, "csrf_token": csrf_token, "reply": reply}
    )


def _render_thread(request, page, held_of):
    """The thread of ``page`` as every member sees it (with the held
    comments of ``held_of``, when given), marks in place of what differs
    per member, split into pieces (``_split``)."""
    from django.contrib.auth.models import AnonymousUser

    page_number = request.GET.get("comments_page", 1)
    threads, paginated, count = build_thread(page, page_number, held_of)
    form = MemberCommentForm(page)
    options = get_app_model_options(content_type=ContentType.objects.get_for_model(page))
    nonce = _new_nonce()
    discussion = {
        "threads": threads,
        "paginated": paginated,
        "count": count,
        "hidden_fields": _hidden_fields(form),
        "post_url": reverse("comments:post"),
        "mention_url": reverse("members:mention_suggestions"),
        "max_length": form.fields["comment"].max_length,
        "options": options,
        "open": page.comments_open,
        "edit_window": settings.COMMENT_EDIT_WINDOW_MINUTES,
    }
    csrf_token = _CSRF_PLACEHOLDER.format(nonce=nonce)
    _prepare_nodes(threads)
    context = {
        "page": page,
        "discussion": discussion,
        "request": _Viewer(request.path, AnonymousUser()),
        "csrf_token": csrf_token,
        "member_parts_nonce": nonce,
        "member_parts_rendered_at": _microseconds(timezone.now()),
    }
    discussion["comments_html"] = _comments_html(threads, context, nonce)
    if discussion["open"]:
        discussion["form_html"] = mark_safe(_FORM_MARK.format(nonce=nonce))  # noqa: S308
    html = str(get_template("community/comments/thread_shared.html").render(context))
    form_html = str(_comment_form_html(discussion, csrf_token)) if discussion["open"] else ""
    return {
        "nonce": nonce,
        "pieces": _split(html, nonce),
        "form": _split(form_html, nonce),
        "page_number": paginated.number,
    }


#: The pieces of a shared thread (``_split``) that are not text.
_CSRF_PIECE = 0  # the member's CSRF token input
_FORM_PIECE = 1  # the page's comment form
_FORM_MARK = "<!--cmhub-form:{nonce}-->"


def _split(html, nonce):
    """``html`` (the shared thread's, its marks carrying ``nonce``) as a list
    of pieces, so that each request joins them without reading the HTML:
    text (str), ``_CSRF_PIECE`` where a CSRF input goes, ``_FORM_PIECE``
    where the comment form goes, and ``(kind, comment id, author id or
    None, deadline, body)`` for each member part, body a str or a tuple of
    text and ``_CSRF_PIECE``. Only marks with ``nonce`` count: a comment's
    text is escaped, so the marks it imitates stay text. (String methods,
    not a regular expression: this runs once per change of the thread.)"""
    csrf = str(format_html(_CSRF_INPUT, _CSRF_PLACEHOLDER.format(nonce=nonce)))
    form_mark = _FORM_MARK.format(nonce=nonce)
    opening = _PART_OPEN.split("{nonce}")[0] + nonce + ":"
    closing = _PART_CLOSE.format(nonce=nonce)
    pieces = []

    def with_csrf(chunk):
        """``chunk`` cut at its CSRF inputs: text, _CSRF_PIECE, text…"""
        parts = chunk.split(csrf)
        yield parts[0]
        for part in parts[1:]:
            yield _CSRF_PIECE
            yield part

    def text(chunk):
        for index, block in enumerate(chunk.split(form_mark)):
            if index:
                pieces.append(_FORM_PIECE)
            for part in with_csrf(block) if csrf in block else (block,):
                if part == "":
                    continue
                if part.__class__ is str and pieces and pieces[-1].__class__ is str:
                    pieces[-1] += part
                else:
                    pieces.append(part)

    chunks = html.split(opening)
    text(chunks[0])
    for chunk in chunks[1:]:
        head, _, rest = chunk.partition("-->")
        body, closed, after = rest.partition(closing)
        fields = head.split(":")
        if not closed or len(fields) != 4 or not fields[1].isdigit():
            raise ValueError("a member part without its end, or a malformed mark")
        kind, pk, author, deadline = fields
        if csrf in body:
            body = tuple(with_csrf(body))
        pieces.append((kind, int(pk), int(author) if author else None, int(deadline or 0), body))
        text(after)
    return pieces


#: The parts a member sees in a comment they did not write and have not
#: reacted to (``PART_KINDS``).
_BYSTANDER_KINDS = frozenset({"others", "unliked", "undisliked", "unflagged"})


def _bystander_view(rendered):
    """The thread as every member sees it who wrote none of its comments and
    reacted to none: ``(text between CSRF inputs, the authors' ids, the
    comments' ids)``, worked out once per thread and process (kept in
    ``rendered``, which the process's memory holds) instead of once per
    request. Most readers of a long discussion are such members."""
    view = rendered.get("bystander")
    if view is not None:
        return view
    segments, current, authors, comments = [], [], set(), set()

    def walk(pieces):
        for piece in pieces:
            if piece.__class__ is str:
                current.append(piece)
            elif piece == _CSRF_PIECE:
                segments.append("".join(current))
                current.clear()
            elif piece == _FORM_PIECE:
                walk(rendered["form"])
            else:
                kind, pk, author, _deadline, body = piece
                comments.add(pk)
                if author is not None:
                    authors.add(author)
                if kind in _BYSTANDER_KINDS:
                    walk((body,) if body.__class__ is str else body)

    walk(rendered["pieces"])
    segments.append("".join(current))
    view = rendered["bystander"] = (segments, frozenset(authors), frozenset(comments))
    return view


def _fill(rendered, context, user, state, form=None):
    """The shared thread ``rendered`` as ``user`` sees it: their parts kept,
    the others dropped, their CSRF token in every form; ``form`` (pieces)
    in place of the page's comment form, when given. One pass over the
    pieces, none over the HTML; for a member who wrote nothing and reacted
    to nothing there, only their CSRF token put between the texts of
    ``_bystander_view``."""
    csrf_input = str(CsrfTokenNode().render(context))
    member = user.pk
    if form is None:
        segments, authors, comments = _bystander_view(rendered)
        reacted = state["liked"] | state["disliked"] | state["flagged"]
        if member not in authors and not (reacted and not reacted.isdisjoint(comments)):
            return mark_safe(csrf_input.join(segments))  # noqa: S308 - the thread's own HTML
    now = _microseconds(timezone.now())
    liked, disliked, flagged = state["liked"], state["disliked"], state["flagged"]
    out = []
    append = out.append

    def add(pieces):
        for piece in pieces:
            if piece.__class__ is str:
                append(piece)
            elif piece == _CSRF_PIECE:
                append(csrf_input)
            elif piece == _FORM_PIECE:
                add(form if form is not None else rendered["form"])
            else:
                kind, pk, author, deadline, body = piece
                mine = member is not None and author == member
                if kind == "author":
                    shown = mine
                elif kind == "others":
                    shown = not mine
                elif kind == "editable":
                    shown = mine and now < deadline
                elif kind == "liked" or kind == "unliked":
                    shown = not mine and (pk in liked) == (kind == "liked")
                elif kind == "disliked" or kind == "undisliked":
                    shown = not mine and (pk in disliked) == (kind == "disliked")
                elif kind == "flagged" or kind == "unflagged":
                    shown = not mine and (pk in flagged) == (kind == "flagged")
                else:
                    shown = False
                if not shown:
                    continue
                if body.__class__ is str:
                    append(body)
                else:
                    add(body)

    add(rendered["pieces"])
    return mark_safe("".join(out))  # noqa: S308 - the thread's own HTML


def _reply_form(request, page, rendered):
    """Without JavaScript, a comment's "Reply" link leads to the page with
    ``?reply_to=<id>``: the page's form then replies to that comment (its
    pieces, rendered for this request alone), or says it cannot and stays
    a new comment's form. ``None`` without ``reply_to`` or when comments
    are closed; one query otherwise."""
    reply_to = request.GET.get("reply_to")
    if reply_to is None or not page.comments_open or not rendered.get("form"):
        return None
    nonce = rendered["nonce"]
    cancel = request.path
    if rendered.get("page_number", 1) > 1:
        cancel += f"?comments_page={rendered['page_number']}"
    reply = {"cancel_url": cancel + "#comment-form", "refused": True}
    parent = None
    if reply_to.isascii() and reply_to.isdigit() and len(reply_to) < 19:
        parent = (
            page_comments(page)
            .filter(
                pk=int(reply_to),
                is_public=True,
                is_removed=False,
                level__lt=settings.COMMENTS_XTD_MAX_THREAD_LEVEL,
            )
            .only("pk", "user_name")
            .first()
        )
    if parent is not None:
        reply.update(refused=False, pk=parent.pk, name=parent.user_name)
    form = MemberCommentForm(page)
    discussion = {
        "hidden_fields": _hidden_fields(form),
        "post_url": reverse("comments:post"),
        "mention_url": reverse("members:mention_suggestions"),
        "max_length": form.fields["comment"].max_length,
    }
    html = _comment_form_html(discussion, _CSRF_PLACEHOLDER.format(nonce=nonce), reply)
    return _split(str(html), nonce)


@register.simple_tag(takes_context=True)
def discussion_thread(context, page):
    """The discussion of ``page`` as this member sees it (see above). Costs,
    when cached: one read of the discussion version and one MGET (the
    shared thread and what this member has in it); after a change, the
    first member renders the thread (two queries) and each member reads
    their own state once (one query). A page opened from a comment's
    "Reply" link without JavaScript (``?reply_to=``) reads that comment
    (one query) for its form."""
    request = context["request"]
    if not is_commentable(page):
        return ""
    user = request.user
    timeout = _timeout()
    if not timeout:
        state = member_thread_state(page, user)
        rendered = _render_thread(request, page, user if state["held"] else None)
        return _fill(rendered, context, user, state, _reply_form(request, page, rendered))
    version = discussion_version(page.pk)
    parts = [
        str(page.pk),
        str(fragments.version_for(context)),
        str(version),
        # Authors' names and avatars: a member outside the search index
        # (hidden from the directory) moves only the members version.
        str(members_version()),
        str(request.GET.get("comments_page", 1))[:10],
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        hashlib.sha256(request.path.encode()).hexdigest()[:16],
    ]
    shared_key = _THREAD_KEY.format(":".join(parts))
    own_key = _THREAD_KEY.format(":".join([*parts, f"member-{user.pk}"]))
    member_key = _MEMBER_KEY.format(page=page.pk, version=version, member=user.pk)
    # The shared thread from this process's memory when it read it already
    # (community/thread_memory.py): then only the member's part from Redis.
    kept = thread_memory.get(shared_key)
    keys = [own_key, member_key] if kept is not None else [shared_key, own_key, member_key]
    cached = cache.get_many(keys)
    state = cached.get(member_key)
    if not isinstance(state, dict):
        state = member_thread_state(page, user)
        cache.set(member_key, state, timeout)
    # A member with a comment held for moderation sees their own thread.
    key = own_key if state["held"] else shared_key
    rendered = kept if key == shared_key and kept is not None else cached.get(key)
    if not (isinstance(rendered, dict) and "pieces" in rendered):
        rendered = _render_thread(request, page, user if state["held"] else None)
        # When the cache forgets it, so must each process's memory.
        rendered["expires"] = time.time() + timeout
        cache.set(key, rendered, timeout)
    if key == shared_key and rendered is not kept:
        thread_memory.put(shared_key, rendered)
    return _fill(rendered, context, user, state, _reply_form(request, page, rendered))


class MemberPartNode(template.Node):
    def __init__(self, kind, comment, nodelist):
        self.kind = kind
        self.comment = comment
        self.nodelist = nodelist

    def render(self, context):
        comment = self.comment.resolve(context)
        nonce = context.get("member_parts_nonce")
        if not nonce:
            raise template.TemplateSyntaxError(
                "{% member_part %} belongs in the shared thread ({% discussion_thread %})."
            )
        deadline = ""
        if self.kind == "editable":
            deadline = _microseconds(edit_deadline(comment))
            if deadline <= context["member_parts_rendered_at"]:
                return ""  # over for good: nobody may edit it any more
        if self.kind in ("author", "editable"):
            # Rendered as the comment's author sees it.
            with context.push(request=_Viewer(context["request"].path, comment.user)):
                body = self.nodelist.render(context)
        else:
            body = self.nodelist.render(context)
        return mark_safe(  # noqa: S308 - the thread's own HTML
            _PART_OPEN.format(
                nonce=nonce,
                kind=self.kind,
                pk=int(comment.pk),
                author=comment.user_id or "",
                deadline=deadline,
            )
            + body
            + _PART_CLOSE.format(nonce=nonce)
        )


@register.tag
def member_part(parser, token):
    """``{% member_part "kind" comment %}…{% endmember_part %}``, in the
    shared thread only: what is inside shows to the members for whom
    ``kind`` holds about ``comment`` (``PART_KINDS``), and to no one else.
    "author" and "editable" parts are rendered as the author sees them."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1].strip("\"'") not in PART_KINDS:
        raise template.TemplateSyntaxError(
            f"{{% member_part KIND comment %}} with KIND one of {', '.join(PART_KINDS)}"
        )
    nodelist = parser.parse(("endmember_part",))
    parser.delete_first_token()
    return MemberPartNode(bits[1].strip("\"'"), parser.compile_filter(bits[2]), nodelist)


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


#: How many recent discussions the dashboard lists.
RECENT_SHOWN = 5

#: Where the recent discussions' HTML says how long ago a comment was: the
#: comment's time in seconds since the epoch. A comment's own text is
#: escaped, so it cannot hold a mark.
_AGO_MARK = re.compile(r"<!--cmhub-ago:([0-9]{1,12})-->")


def _fill_ago(html):
    def fill(match):
        moment = datetime.datetime.fromtimestamp(int(match[1]), tz=datetime.UTC)
        return escape(ago(moment))

    return mark_safe(_AGO_MARK.sub(fill, html))  # noqa: S308 - the block's own HTML


class RecentDiscussionsNode(template.Node):
    def __init__(self, locale, nodelist):
        self.locale, self.nodelist = locale, nodelist

    def render(self, context):
        request = context.get("request")
        user = getattr(request, "user", None)
        timeout = settings.FRAGMENT_CACHE_TIMEOUT
        if user is None or not timeout:
            return _fill_ago(self.nodelist.render(context))
        key = ":".join(
            [
                "cmhub:recent-discussions-html",
                str(fragments.version_for(context)),
                str(discussions_version()),
                str(self.locale.resolve(context)),
                fragments.groups_key(user),
                translation.get_language() or "",
            ]
        )
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, timeout)
        return _fill_ago(html)


@register.tag
def recent_discussions_fragment(parser, token):
    """``{% recent_discussions_fragment locale %}…{% endrecent_discussions_fragment %}``

    The dashboard's recent discussions (``recent_discussions``) as HTML,
    rendered once and shared by the members of the same groups and language
    until the content (core/fragments.py) or any discussion changes (every
    comment bumps the discussions version, not the content version), with
    how long ago each comment was filled in on every request from the marks
    the block leaves (``{% ago_mark date %}``)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% recent_discussions_fragment locale %}")
    nodelist = parser.parse(("endrecent_discussions_fragment",))
    parser.delete_first_token()
    return RecentDiscussionsNode(parser.compile_filter(bits[1]), nodelist)


@register.simple_tag
def ago_mark(moment):
    """Where ``{% recent_discussions_fragment %}`` writes "3 minutes ago"."""
    if not isinstance(moment, datetime.datetime):
        return ""
    return mark_safe(f"<!--cmhub-ago:{int(moment.timestamp())}-->")  # noqa: S308 - digits only


@register.simple_tag(takes_context=True)
def recent_discussions(context, locale, limit=RECENT_SHOWN):
    """The latest public comments on pages of ``locale`` the member may see,
    read when ``{% recent_discussions_fragment %}`` renders its HTML (which
    is what the cache keeps)."""
    request = context.get("request")
    return recent_comments(locale, limit, getattr(request, "user", None))


@register.simple_tag
def absolute_url(path):
    """``path`` on the site's public address, for links in e-mails."""
    return public_url(path)


@register.simple_tag
def flag_reasons():
    """[(value, label)] of the reasons a member may give for a flag."""
    return FlagReason.choices
