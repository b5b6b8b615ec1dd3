from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Guides, speaker talks, job profiles and case studies."""

    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        from core import media

        from .proposals import author_may_open, connect_signals

        connect_signals()
        media.register_grant(author_may_open)
