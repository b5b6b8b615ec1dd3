from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Guides, speaker talks, job profiles and case studies."""

    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        from community.comments import register_commentable

        from .models import RESOURCE_MODELS

        for model in RESOURCE_MODELS:
            register_commentable(model)
