"""The member's notifications page, preferences and follows. Every change
is a POST form (works without JavaScript) that redirects back."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from core.pagination import paginate
from core.security import can_view_page

from . import api, follows
from .kinds import KINDS, Channel
from .models import NotificationPreference

PER_PAGE = 20


def _next(request, default):
    """The local address a form asked to go back to, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def notification_list(request):
    """The member's notifications, newest first, unread marked, 20 a page."""
    notifications = api.visible_notifications(request.user).select_related("page__locale")
    page = paginate(request, notifications, PER_PAGE)
    page.object_list = api.in_language(page.object_list, request.user, get_language())
    return render(
        request,
        "notifications/list.html",
        {"notifications": page, "unread": api.unread_count(request.user)},
    )


def open_notification(request, pk):
    """Mark one notification read and go to what it is about."""
    notification = get_object_or_404(
        api.visible_notifications(request.user).select_related("page__locale"), pk=pk
    )
    api.mark_read(request.user, notification.pk)
    (notification,) = api.in_language([notification], request.user, get_language())
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)  # a path of this site (no host, no scheme)
    return redirect("notifications:list")


@require_POST
def mark_read(request, pk=None):
    """Mark one notification (or, without ``pk``, all of them) read."""
    changed = api.mark_read(request.user, pk)
    if pk is None:
        messages.success(request, _("All your notifications are marked as read."))
    elif not changed:
        messages.info(request, _("This notification was already read."))
    return redirect(_next(request, "notifications:list"))


def preferences(request):
    """Per kind: in the site, by e-mail too, or not at all."""
    if request.method == "POST":
        valid = {code for code, _label in Channel.choices}
        for code in KINDS:
            channel = request.POST.get(f"kind-{code}")
            if channel is None:
                continue
            if channel not in valid:
                messages.error(request, _("Choose one of the options offered."))
                return render(
                    request, "notifications/preferences.html", _prefs(request), status=400
                )
            NotificationPreference.objects.update_or_create(
                user=request.user, kind=code, defaults={"channel": channel}
            )
        messages.success(request, _("Your notification preferences are saved."))
        return redirect(_next(request, "notifications:preferences"))
    return render(request, "notifications/preferences.html", _prefs(request))


def _prefs(request):
    return {"preference_rows": preference_rows(request.user)}


def preference_rows(user):
    """[(kind, chosen channel)] for the preferences form."""
    chosen = api.preferences(user)
    return [(kind, chosen[code]) for code, kind in KINDS.items()]


def follow_list(request):
    """What the member follows ("Suivis"), with a button to stop each, and
    forms to follow a topic, an institution or a speaker."""
    return render(
        request,
        "notifications/follows.html",
        {"follows": follows.follows_of(request.user), "choices": follows.choices(request.user)},
    )


def _followed_object(request):
    """The object a follow form names: ``target`` is a model label (or
    "section": the section ``object_id``'s page is in)."""
    label = request.POST.get("target", "")
    model = Page if label == "section" else follows.followable_model(label)
    object_id = request.POST.get("object_id", "")
    if model is None or not object_id.isdigit():
        raise Http404
    obj = get_object_or_404(model._default_manager, pk=int(object_id))
    if label == "section":
        obj = obj.get_parent()
        if obj is None or obj.depth <= 2:  # the root and the home pages are no sections
            raise Http404
    if isinstance(obj, Page) and (not obj.live or not can_view_page(obj, request.user)):
        raise Http404
    return obj


@require_POST
def follow(request):
    """Follow a page, a section, a topic, an institution or a person."""
    obj = _followed_object(request)
    follows.follow(request.user, obj)
    messages.success(request, _("You follow “%(name)s”.") % {"name": obj})
    return redirect(_next(request, "notifications:follows"))


@require_POST
def unfollow(request):
    """Stop following something (also what is no longer visible: by its ids)."""
    label = request.POST.get("target", "")
    object_id = request.POST.get("object_id", "")
    if label == "section":
        obj = _followed_object(request)
        content_type, object_id = ContentType.objects.get_for_model(Page), obj.pk
    else:
        model = follows.followable_model(label)
        if model is None or not object_id.isdigit():
            raise Http404
        content_type, object_id = ContentType.objects.get_for_model(model), int(object_id)
    follows.unfollow(request.user, content_type=content_type, object_id=object_id)
    messages.success(request, _("You no longer follow it."))
    return redirect(_next(request, "notifications:follows"))
