"""The reminders sent to registered members before an event: one row per
registration and kind of reminder, so a reminder is never sent twice (the
unique constraint holds even when two schedulers run at once)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "day", _("The day before")
    HOUR_BEFORE = "hour", _("One hour before (online events)")


class EventReminder(models.Model):
    """A reminder sent (or being sent, in the same transaction) for one
    registration."""

    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("reminder"), max_length=8, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("event reminder")
        verbose_name_plural = _("event reminders")
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="event_reminder_once")
        ]

    def __str__(self):
        return f"{self.registration_id} {self.kind}"
