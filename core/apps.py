from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every content app shares: base pages, blocks, settings, helpers."""

    name = "core"
    verbose_name = "CM Hub core"
