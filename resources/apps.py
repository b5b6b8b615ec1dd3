from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Guides, speaker talks, job profiles and case studies."""

    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save
        from django.utils.text import capfirst

        from community.bookmarks import register_bookmarkable
        from community.comments import register_commentable
        from community.speakers import register_speaker_pages
        from core import member_access
        from core.member_access import register_member_value

        from .models import RESOURCE_KINDS, RESOURCE_MODELS, ResourceFeedToken
        from .models.feeds import MEMBER_VALUE, member_token_expression
        from .speakers import speaker_talks

        for model in RESOURCE_MODELS:
            register_commentable(model)
        for kind, model in RESOURCE_KINDS.items():
            register_bookmarkable(model, kind, capfirst(model._meta.verbose_name_plural))
        register_speaker_pages("talks", _("Talks"), speaker_talks)
        # The dashboard's head links to the member's feeds: their token is
        # read with the member (core.member_access), and every member has one
        # from the start, so that no visit pays for creating it.
        register_member_value(MEMBER_VALUE, member_token_expression)
        post_save.connect(
            create_feed_token,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="resources_create_feed_token",
        )
        post_delete.connect(
            lambda sender, instance, **kwargs: member_access.forget([instance.user_id]),
            sender=ResourceFeedToken,
            weak=False,
            dispatch_uid="resources_forget_feed_token",
        )


def create_feed_token(sender, instance, created, raw=False, **kwargs):
    """A new member's feed token (a secret only they see, on their pages)."""
    from .models import ResourceFeedToken

    if created and not raw:
        ResourceFeedToken.objects.get_or_create(user=instance)
