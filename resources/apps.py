from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Guides, speaker talks, job profiles and case studies."""

    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        from django.utils.text import capfirst

        from community.bookmarks import register_bookmarkable
        from community.comments import register_commentable
        from community.speakers import register_speaker_pages

        from .models import RESOURCE_KINDS, RESOURCE_MODELS
        from .speakers import speaker_talks

        for model in RESOURCE_MODELS:
            register_commentable(model)
        for kind, model in RESOURCE_KINDS.items():
            register_bookmarkable(model, kind, capfirst(model._meta.verbose_name_plural))
        register_speaker_pages("talks", _("Talks"), speaker_talks)
