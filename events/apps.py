from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Workshops and trainings, registration and calendars."""

    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from django.utils.text import capfirst

        from community import sections
        from community.bookmarks import register_bookmarkable
        from community.comments import register_commentable
        from community.speakers import register_speaker_pages
        from core.backup import register_backup_counter
        from notifications.scheduler import register_job

        from .member_pages import listed_upcoming_events, speaker_events
        from .models import EventPage, Registration
        from .reminders import send_reminders
        from .services import member_registrations
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_job("event_reminders", send_reminders)
        register_commentable(EventPage)
        register_bookmarkable(EventPage, "event", capfirst(EventPage._meta.verbose_name_plural))
        register_backup_counter("registrations", lambda: Registration._default_manager.count())
        sections.register_member_data("registrations", member_registrations)
        sections.register_profile_pages("events", _("Upcoming events"), listed_upcoming_events)
        register_speaker_pages("events", _("Events"), speaker_events)
