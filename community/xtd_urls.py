"""The django-comments-xtd views the site uses, and nothing else: the
useful / not useful buttons, their thank-you pages, and the mute link of
the follow-up e-mails; "suggest removal" is CM Hub's own view (with a
reason, community/comment_views.py) at xtd's address.

django-comments-xtd's own URL list is not included: it also mounts its
REST API (whose Django REST framework views exempt themselves from
LoginRequiredMiddleware), ".json"-style variants of every URL (most of the
views behind them fail on the extra argument), and views CM Hub replaces:
posting and replying (community/comment_views.py), e-mail confirmation of
visitors' comments, and django-comments' delete / approve pages, whose
save() hides a removed comment's replies (moderators use the queue in the
Wagtail admin, community/moderation.py).
"""

import functools

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django_comments.views.moderation import flag_done
from django_comments_xtd import views as xtd_views
from django_comments_xtd.models import XtdComment
from wagtail.models import Page

from core.security import can_view_page

from .comment_views import flag_comment


def page_must_be_visible(view, others_only=False):
    """404 when the member may not view the page the comment is on.

    ``others_only``: a member's own comment is not theirs to rate (the
    thread shows its counts without buttons): a post from them records
    nothing and says so.

    The site's buttons post to these views. Opened with GET (a bookmark, a
    copied link), xtd would render a confirmation page that links to a view
    CM Hub does not mount and fail: the member is sent to the comment on
    its page instead, and nothing is recorded.
    """

    @functools.wraps(view)
    def wrapped(request, comment_id, **kwargs):
        comment = XtdComment.norel_objects.filter(pk=comment_id).first()
        if comment is None:
            raise Http404
        page = comment.content_object
        if isinstance(page, Page) and not can_view_page(page, request.user):
            raise Http404
        if request.method != "POST":
            if not isinstance(page, Page):
                return HttpResponseNotAllowed(["POST"])
            return redirect(f"{page.get_url(request)}#c{comment.pk}")
        if others_only and comment.user_id is not None and comment.user_id == request.user.pk:
            messages.info(request, _("Your own comment is for others to rate."))
            if not isinstance(page, Page):
                return HttpResponseNotAllowed(["POST"])
            return redirect(f"{page.get_url(request)}#c{comment.pk}")
        return view(request, comment_id, **kwargs)

    return wrapped


urlpatterns = [
    path("mute/<str:key>/", xtd_views.mute, name="comments-xtd-mute"),
    # CM Hub's own flag view: the removal suggestion with its reason.
    path("flag/<int:comment_id>/", page_must_be_visible(flag_comment), name="comments-flag"),
    path("flagged/", flag_done, name="comments-flag-done"),
    path(
        "like/<int:comment_id>/",
        page_must_be_visible(xtd_views.like, others_only=True),
        name="comments-xtd-like",
    ),
    path("liked/", xtd_views.like_done, name="comments-xtd-like-done"),
    path(
        "dislike/<int:comment_id>/",
        page_must_be_visible(xtd_views.dislike, others_only=True),
        name="comments-xtd-dislike",
    ),
    path("disliked/", xtd_views.dislike_done, name="comments-xtd-dislike-done"),
]
