from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Workshops and trainings, registration and calendars."""

    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from community import sections

        from .services import member_registrations
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        sections.register_member_data("registrations", member_registrations)
