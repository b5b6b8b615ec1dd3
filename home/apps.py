from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page: each member's dashboard."""

    name = "home"
    verbose_name = _("Home")

    def ready(self):
        """Tell the content apps below about the home page: the sections
        that sit directly under it, and how the importer finds (or
        completes) the French and English home pages."""
        from events.models import EventIndexPage
        from resources.models import ResourceIndexPage
        from resources.tree import register_home_pages

        from .models import HomePage
        from .tree import ensure_home_pages

        for section in (ResourceIndexPage, EventIndexPage):
            section.parent_page_types = [HomePage]
        register_home_pages(ensure_home_pages)
