"""Reminders of the events members are registered for: the day before
(within 24 hours of the start) and, for online events, one hour before with
the video-conference link. Run every minute by the scheduler
(`manage.py run_scheduler`, registered in `EventsConfig.ready`).

Each reminder is one `EventReminder` row, unique per registration and kind,
created in the same transaction as its notification: a second run, or a
second scheduler running at the same moment, finds the row (or fails on the
constraint) and sends nothing. The e-mail is queued when that transaction
commits and sent once (notifications.tasks).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.api import notify

from .emails import event_in_language
from .models import EventReminder, Registration, ReminderKind, member_time_zone

#: How long before the start each reminder is due.
AHEAD = {
    ReminderKind.DAY_BEFORE: datetime.timedelta(hours=24),
    ReminderKind.HOUR_BEFORE: datetime.timedelta(hours=1),
}
WHEN = {
    ReminderKind.DAY_BEFORE: gettext_lazy("within a day"),
    ReminderKind.HOUR_BEFORE: gettext_lazy("in less than an hour"),
}


def due_registrations(kind, now):
    """Confirmed registrations to live events starting within the
    reminder's delay that have not had this reminder."""
    registrations = Registration.objects.confirmed().filter(
        event__live=True, event__start__gt=now, event__start__lte=now + AHEAD[kind]
    )
    if kind == ReminderKind.HOUR_BEFORE:
        registrations = registrations.filter(event__is_online=True)
    elif kind == ReminderKind.DAY_BEFORE:
        # An online event starting within the hour gets the hour reminder only.
        registrations = registrations.exclude(
            event__is_online=True, event__start__lte=now + AHEAD[ReminderKind.HOUR_BEFORE]
        )
    return (
        registrations.exclude(reminders__kind=kind)
        .select_related("event", "member")
        .order_by("event__start", "pk")
    )


def details(event, member, kind):
    """The reminder's details, in the member's language: when (in their time
    zone) and, an hour before an online event, the link."""
    with translation.override(member.preferred_language):
        start = event.start.astimezone(member_time_zone(member))
        lines = [formats.date_format(start, "DATETIME_FORMAT")]
        if kind == ReminderKind.HOUR_BEFORE and event.online_url:
            lines.append(_("Video conference: %(link)s") % {"link": event.online_url})
        return "\n".join(lines)


def send_reminder(registration, kind):
    """Record and notify one reminder; False when it was already sent."""
    member = registration.member
    event = event_in_language(registration.event, member.preferred_language)
    try:
        with transaction.atomic():
            EventReminder.objects.create(registration=registration, kind=kind)
            notify(
                member,
                "reminder",
                event,
                key=f"reminder:{kind}:{registration.pk}",
                when=WHEN[kind],
                details=details(event, member, kind),
            )
    except IntegrityError:  # another scheduler sent it meanwhile
        return False
    return True


def send_reminders(now):
    """Send every due reminder; returns how many were sent."""
    sent = 0
    for kind in (ReminderKind.HOUR_BEFORE, ReminderKind.DAY_BEFORE):
        for registration in due_registrations(kind, now):
            sent += send_reminder(registration, kind)
    return sent
