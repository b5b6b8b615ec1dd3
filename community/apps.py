from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Institutions, people, topics, members and the rules for joining."""

    name = "community"
    verbose_name = _("Community")
