from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every content app shares: base pages, blocks, settings, helpers."""

    name = "core"
    verbose_name = "CM Hub core"

    def ready(self):
        from . import member_access, routing
        from .exports import protect_wagtail_exports
        from .translation_dates import localize_translation_dates

        protect_wagtail_exports()
        localize_translation_dates()
        member_access.connect()
        routing.connect()
