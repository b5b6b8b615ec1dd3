"""Comment moderation in the Wagtail admin: the queue of comments members
flagged and comments held for moderation, with approve / remove / restore.

Only members with django_comments.can_moderate (the Moderators group) may
see the queue or act on it; other admin users get a 403. A moderator sees
and acts on the comments of the pages they may view on the site only (a
comment on a page restricted to a group they are not in is not theirs to
read).
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from django_comments_xtd.views import notify_comment_followers
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Page

from notifications.api import notify

from .admin_access import hidden_in_admin
from .comment_notices import comment_published
from .comments import comment_removed, comments_changed

MODERATE_PERMISSION = "django_comments.can_moderate"
QUEUE_SIZE = 100


class ModeratorRequiredMixin:
    """403 for admin users outside the Moderators group (a response rather
    than PermissionDenied, which the Wagtail admin turns into a redirect)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE_PERMISSION):
            return HttpResponseForbidden(_("Only moderators may moderate comments."))
        return super().dispatch(request, *args, **kwargs)


def moderated_comments(user):
    """The comments of the site, without those on pages ``user`` may not see."""
    comments = XtdComment.norel_objects.filter(site_id=settings.SITE_ID)
    hidden = hidden_in_admin(Page.objects.all(), user).values_list("pk", flat=True)
    return comments.exclude(object_pk__in=[str(pk) for pk in hidden])


def waiting_comments(user):
    """Comments a moderator should look at: held, or flagged for removal."""
    return (
        moderated_comments(user)
        .filter(is_removed=False)
        .annotate(removal_flags=Count("flags", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL)))
        .filter(Q(is_public=False) | Q(removal_flags__gt=0))
    )


class ModerationQueueView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """The queue: waiting comments first, flagged most often on top; the
    "removed" tab lists removed comments so they can be restored."""

    template_name = "community/comments/admin/queue.html"
    page_title = gettext_lazy("Comment moderation")
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        # Home › Comment moderation (the header shows the last item).
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show_removed = self.request.GET.get("status") == "removed"
        if show_removed:
            comments = (
                moderated_comments(self.request.user)
                .filter(is_removed=True)
                .annotate(
                    removal_flags=Count("flags", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL))
                )
            )
        else:
            comments = waiting_comments(self.request.user)
        comments = list(
            comments.select_related("user")
            .prefetch_related(
                Prefetch(
                    "flags", queryset=CommentFlag.objects.select_related("user", "cmhub_reason")
                )
            )
            .order_by("-removal_flags", "-submit_date")[:QUEUE_SIZE]
        )
        pages = Page.objects.filter(pk__in={int(c.object_pk) for c in comments}).in_bulk()
        for comment in comments:
            comment.page = pages.get(int(comment.object_pk))
            comment.removal_reasons = [
                flag for flag in comment.flags.all() if flag.flag == CommentFlag.SUGGEST_REMOVAL
            ]
        context.update({"comments": comments, "show_removed": show_removed})
        return context


class ModerationActionView(ModeratorRequiredMixin, View):
    """Approve, remove or restore one comment (POST only)."""

    http_method_names = ["post"]
    action = None

    def post(self, request, pk):
        comment = get_object_or_404(moderated_comments(request.user), pk=pk)
        was_public = comment.is_public and not comment.is_removed
        comments = XtdComment.norel_objects.filter(pk=comment.pk)
        # update() rather than save(): xtd's pre_save handler would hide the
        # replies of a removed comment, which keep their place under it.
        if self.action == "approve":
            comments.update(is_public=True, is_removed=False)
            comment.flags.filter(flag=CommentFlag.SUGGEST_REMOVAL).delete()
            flag = CommentFlag.MODERATOR_APPROVAL
            messages.success(request, _("Comment approved."))
        elif self.action == "remove":
            comments.update(is_removed=True)
            if not comment.is_removed and comment.user is not None:
                # The moderator stays anonymous; the reason, when given, is shown.
                reason = request.POST.get("reason", "").strip()[:500]
                notify(comment.user, "moderation", comment, reason=reason)
            flag = CommentFlag.MODERATOR_DELETION
            messages.success(request, _("Comment removed."))
            reasons = [
                suggestion.cmhub_reason
                for suggestion in comment.flags.filter(
                    flag=CommentFlag.SUGGEST_REMOVAL, cmhub_reason__isnull=False
                ).select_related("cmhub_reason")
            ]
            # The author is told here (and only here): notifications connect to it.
            comment_removed.send(
                sender=XtdComment, comment=comment, moderator=request.user, reasons=reasons
            )
        else:
            comments.update(is_public=True, is_removed=False)
            flag = CommentFlag.MODERATOR_APPROVAL
            messages.success(request, _("Comment restored."))
        comments_changed(comment.object_pk)
        CommentFlag.objects.update_or_create(
            comment=comment, user=request.user, flag=flag, defaults={"flag_date": timezone.now()}
        )
        if self.action == "approve" and not was_public:
            comment.refresh_from_db()
            comment_published(comment)
            notify_comment_followers(comment)
        return redirect(reverse("comment_moderation:queue"))


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MODERATE_PERMISSION)


class CommentModerationViewSet(ViewSet):
    """Registers the queue and its actions at /admin/comments/."""

    name = "comment_moderation"
    url_prefix = "comments"
    icon = "comment"
    menu_label = gettext_lazy("Comments")
    menu_order = 250
    add_to_admin_menu = True
    menu_item_class = ModeratorsMenuItem

    def get_urlpatterns(self):
        return [
            path("", ModerationQueueView.as_view(), name="queue"),
            path(
                "<int:pk>/approve/", ModerationActionView.as_view(action="approve"), name="approve"
            ),
            path("<int:pk>/remove/", ModerationActionView.as_view(action="remove"), name="remove"),
            path(
                "<int:pk>/restore/", ModerationActionView.as_view(action="restore"), name="restore"
            ),
        ]
