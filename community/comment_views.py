"""Members' comment views: post (and reply), edit and delete one's own.

Posting goes through this view rather than django-comments' own, so that
every rule (members only, open pages, depth, flood protection, first
comments held for moderation) is checked in one place; django-comments-xtd
still builds the thread and sends the follow-up e-mails.
"""

import functools
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_comments.models import CommentFlag
from django_comments.views.moderation import perform_flag
from django_comments.views.utils import next_redirect
from django_comments_xtd.models import MaxThreadLevelExceededException, XtdComment
from django_comments_xtd.utils import get_app_model_options
from django_comments_xtd.views import notify_comment_followers
from wagtail.models import Page

from core.models import SiteSettings
from core.ratelimit import over_rate_limit
from core.security import can_view_page

from .comment_notices import comment_published
from .comments import (
    COMMENTS_CLOSED,
    DEPTH_REFUSED,
    RATE_LIMITED,
    MemberCommentForm,
    can_change,
    comments_changed,
    edit_deadline,
    is_commentable,
    must_hold,
)
from .forms import FlagForm
from .mentions import clean_mentions
from .models import CommentEdit, CommentFlagReason, TimeZone


def _target_page(request):
    """The live, commentable page a comment form names, or 404."""
    try:
        app_label, model = request.POST.get("content_type", "").split(".", 1)
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        page = content_type.get_object_for_this_type(pk=int(request.POST.get("object_pk", "")))
    except (ValueError, ObjectDoesNotExist) as exc:
        raise Http404 from exc
    if not isinstance(page, Page) or not page.live or not is_commentable(page):
        raise Http404
    if not can_view_page(page, request.user):  # a restricted page the member may not see
        raise Http404
    return page


def _page_anchor(page, comment=None):
    anchor = f"c{comment.pk}" if comment else "comments"
    return f"{page.url}#{anchor}"


def _refuse(request, page, form, message, status):
    return render(
        request,
        "community/comments/refused.html",
        {"page": page, "form": form, "message": message},
        status=status,
    )


@require_POST
def post_comment(request):
    """Post a comment or a reply on a page, as the logged-in member."""
    page = _target_page(request)
    form = MemberCommentForm(page, data=request.POST)
    if not page.comments_open:
        return _refuse(request, page, form, COMMENTS_CLOSED, 403)
    site_settings = SiteSettings.for_request(request)
    if over_rate_limit(request, "comments", site_settings.comments_per_minute):
        return _refuse(request, page, form, RATE_LIMITED, 429)
    if not form.is_valid():
        return _refuse(request, page, form, _("Your comment could not be posted."), 400)

    fields = form.comment_fields(request.user, settings.SITE_ID)
    fields["is_public"] = not must_hold(request.user, site_settings.hold_first_comments)
    fields["comment"], _mentioned = clean_mentions(fields["comment"])
    try:
        with transaction.atomic():
            comment = XtdComment(**fields)
            comment.save()  # xtd fills thread_id, level and order
            if comment.is_public:  # held comments notify when a moderator approves them
                comment_published(comment)
    except MaxThreadLevelExceededException:
        # The form checked the depth already; this covers a parent changed meanwhile.
        return _refuse(request, page, form, DEPTH_REFUSED, 400)
    if comment.is_public:
        notify_comment_followers(comment)
        messages.success(request, _("Your comment is published."))
    else:
        messages.info(
            request,
            _("Thank you! Your first comment will appear once a moderator has read it."),
        )
    return redirect(_page_anchor(page, comment))


class EditWindowClosed(Exception):
    """The member's own comment, past the minutes they had to change it."""

    def __init__(self, comment):
        super().__init__(comment.pk)
        self.comment = comment


def _own_comment(request, comment_id):
    comment = get_object_or_404(XtdComment.norel_objects, pk=comment_id, site_id=settings.SITE_ID)
    if not can_change(comment, request.user):
        page = comment.content_object
        if (
            comment.user_id == request.user.pk
            and not comment.is_removed
            and isinstance(page, Page)
            and can_view_page(page, request.user)
        ):
            raise EditWindowClosed(comment)
        raise PermissionDenied
    return comment


def _window_closed(request, comment):
    """Their own comment, too late: say so (not "ask an editor for access"),
    with the text they had typed to copy, and the way back to the comment."""
    page = comment.content_object
    return render(
        request,
        "community/comment_window_closed.html",
        {
            "comment": comment,
            "page": page,
            "typed": request.POST.get("comment", "").strip() if request.method == "POST" else "",
            "minutes": settings.COMMENT_EDIT_WINDOW_MINUTES,
            "back_url": _page_anchor(page, comment),
        },
        status=403,
    )


def _own_comment_view(view):
    """Views on the member's own comment: past the window, the page above."""

    @functools.wraps(view)
    def wrapper(request, comment_id):
        try:
            return view(request, comment_id)
        except EditWindowClosed as closed:
            return _window_closed(request, closed.comment)

    return wrapper


@_own_comment_view
def edit_comment(request, comment_id):
    """Let a member correct their own comment within the edit window."""
    comment = _own_comment(request, comment_id)
    page = comment.content_object
    if request.method == "POST":
        text = request.POST.get("comment", "").strip()
        max_length = MemberCommentForm.base_fields["comment"].max_length
        if text and len(text) <= max_length:
            text, _mentioned = clean_mentions(text)
            if text != comment.comment:
                with transaction.atomic():
                    XtdComment.norel_objects.filter(pk=comment.pk).update(comment=text)
                    CommentEdit.objects.update_or_create(
                        comment_id=comment.pk, defaults={"edited_at": timezone.now()}
                    )
                    if comment.is_public:
                        comment.comment = text
                        comment_published(comment)  # new mentions only: each notifies once
            comments_changed(comment.object_pk)  # update() sends no signal
            messages.success(request, _("Your comment is updated."))
            return redirect(_page_anchor(page, comment))
        messages.error(
            request,
            _("A comment cannot be empty or longer than %(max)d characters.") % {"max": max_length},
        )
    return render(
        request,
        "community/comments/edit.html",
        {"comment": comment, "page": page, **_deadline_context(comment, request.user)},
    )


def _deadline_context(comment, user):
    """Until when the member may still edit, in their own time zone, named,
    with the day when it is not today there (a comment posted at 23:50 in
    Paris is editable until 00:05 tomorrow)."""
    zone_name = user.time_zone or settings.TIME_ZONE
    zone = zoneinfo.ZoneInfo(zone_name)
    deadline = edit_deadline(comment)
    return {
        "deadline": deadline,
        "deadline_zone": zone_name,
        "deadline_zone_label": TimeZone(zone_name).label
        if zone_name in TimeZone.values
        else zone_name,
        "deadline_today": timezone.localdate(deadline, zone) == timezone.localdate(timezone=zone),
    }


@require_http_methods(["GET", "POST"])
@_own_comment_view
def delete_comment(request, comment_id):
    """Delete one's own comment within the edit window; replies stay, under
    a "comment deleted" placeholder. Opened with GET (the thread's button
    without JavaScript), it asks for confirmation first."""
    comment = _own_comment(request, comment_id)
    if request.method == "GET":
        return render(
            request,
            "community/comments/confirm_delete.html",
            {"comment": comment, "page": comment.content_object},
        )
    # update() rather than save(): xtd's pre_save handler would hide the replies.
    XtdComment.norel_objects.filter(pk=comment.pk).update(is_removed=True)
    comments_changed(comment.object_pk)
    messages.success(request, _("Your comment is deleted."))
    return redirect(_page_anchor(comment.content_object))


def _flaggable_comment(request, comment_id):
    """A public comment on a live page the member may view, where flagging
    is allowed; 404 otherwise."""
    comment = get_object_or_404(
        XtdComment.norel_objects,
        pk=comment_id,
        site_id=settings.SITE_ID,
        is_public=True,
        is_removed=False,
    )
    page = comment.content_object
    if not isinstance(page, Page) or not page.live or not can_view_page(page, request.user):
        raise Http404
    if not get_app_model_options(comment=comment)["allow_flagging"]:
        raise Http404
    return comment, page


def report_comment(request, comment_id):
    """The page that asks why a member suggests removing a comment: the
    confirmation step of the thread's "Suggest removal" button without
    JavaScript (with it, a dialog asks the same)."""
    comment, page = _flaggable_comment(request, comment_id)
    return render(
        request,
        "community/comments/report.html",
        {"comment": comment, "page": page, "form": FlagForm()},
    )


@require_POST
def flag_comment(request, comment_id):
    """Suggest removing a comment, with a reason the moderators read in
    their queue (django-comments' removal flag, one per member and
    comment; flagging again updates the reason)."""
    comment, page = _flaggable_comment(request, comment_id)
    form = FlagForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "community/comments/report.html",
            {"comment": comment, "page": page, "form": form},
            status=400,
        )
    with transaction.atomic():
        perform_flag(request, comment)
        flag = comment.flags.get(user=request.user, flag=CommentFlag.SUGGEST_REMOVAL)
        CommentFlagReason.objects.update_or_create(
            flag=flag,
            defaults={
                "reason": form.cleaned_data["reason"],
                "details": form.cleaned_data["details"].strip(),
            },
        )
    messages.success(request, _("Thank you: the moderators will look at this comment."))
    return next_redirect(request, fallback=_page_anchor(page, comment))
