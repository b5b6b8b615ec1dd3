from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The member-facing search over every kind of content."""

    name = "search"
    label = "cmsearch"
    verbose_name = _("Search")

    def ready(self):
        from . import signals, synonym_signals

        signals.connect()
        synonym_signals.connect()
