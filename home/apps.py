from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page: each member's dashboard."""

    name = "home"
    verbose_name = _("Home")

    def ready(self):
        from resources.tree import register_home_pages

        from .tree import ensure_home_pages

        register_home_pages(ensure_home_pages)
