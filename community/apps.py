from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Institutions, people, topics, members and the rules for joining."""

    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from django.core import checks
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save
        from django_comments.models import CommentFlag
        from django_comments_xtd.models import XtdComment

        from core import fragments, media
        from core.backup import register_backup_counter
        from notifications.follows import register_followable

        from . import bookmarks, member_cache
        from .comments import check_commentable_options
        from .comments import comments_changed as page_comments_changed
        from .media import avatar_rule
        from .models import Bookmark, Institution, Person, Platform, Topic

        media.register_folder("avatars", avatar_rule)
        for model in (Topic, Institution, Person):
            register_followable(model)
        checks.register(check_commentable_options)
        register_backup_counter("comments", lambda: XtdComment._default_manager.count())

        def comments_changed(sender, instance, **kwargs):
            # The page's count, its thread and the recent discussions, and
            # nothing else: the content version stays.
            if sender is XtdComment:
                page_comments_changed(instance.object_pk)
                return
            page_pk = (
                XtdComment.norel_objects.filter(pk=instance.comment_id)
                .values_list("object_pk", flat=True)
                .first()
            )
            if page_pk is not None:
                page_comments_changed(page_pk)

        def labels_changed(sender, instance, **kwargs):
            # Cards, filters and the dashboard show topic and platform names;
            # the lists' filters are checked against them (core/forms.py).
            # Again once committed: a page read in between may have kept the
            # names as they were under the new version.
            fragments.bump()
            transaction.on_commit(fragments.bump)

        def on_change(receiver, prefix, *models):
            """Call ``receiver`` when a row of ``models`` is saved or deleted."""
            for model in models:
                for signal in (post_save, post_delete):
                    signal.connect(
                        receiver,
                        sender=model,
                        weak=False,
                        dispatch_uid=f"{prefix}_{model.__name__}_{signal is post_save}",
                    )

        on_change(labels_changed, "fragments", Topic, Platform)
        # Flags are removal suggestions and "useful / not useful" reactions.
        on_change(comments_changed, "fragments", XtdComment, CommentFlag)

        def bookmarks_changed(sender, instance, **kwargs):
            # The button and the dashboard's count read the member's cached state.
            bookmarks.forget(instance.member_id)

        on_change(bookmarks_changed, "bookmarks_state", Bookmark)
        # The cached directory and profiles (community/member_cache.py).
        member_cache.connect()
