from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Members' notifications, their preferences, what they follow, and the
    scheduler's jobs."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from core.shell import register_unread_count

        from .api import unread_count
        from .follows import connect_signals
        from .scheduler import register_job
        from .tasks import send_pending_emails

        connect_signals()
        register_unread_count(unread_count)
        register_job("late_notification_emails", send_pending_emails)
