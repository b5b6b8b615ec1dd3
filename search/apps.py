from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The member-facing search over every kind of content."""

    name = "search"
    # Tables, permissions, admin URLs and templates (templates/cmsearch/)
    # are named after the label: docs/search.md, "Where things are".
    label = "cmsearch"
    verbose_name = _("Search")

    def ready(self):
        from . import signals, synonym_signals

        signals.connect()
        synonym_signals.connect()
