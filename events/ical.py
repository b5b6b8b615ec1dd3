"""iCalendar (.ics) files of events, built with the `icalendar` library.

Times are written in the event's own time zone (``DTSTART;TZID=…``) with the
matching VTIMEZONE, so calendar applications show them right wherever the
member is. The same event has the same UID in every language.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, vDuration

from .models import RegistrationStatus

PRODID = "-//CM Hub//Events//EN"
REFRESH_INTERVAL = datetime.timedelta(hours=6)


def event_uid(event):
    return f"event-{event.translation_key}@cmhub"


def build_vevent(event, *, url, show_link, status=RegistrationStatus.CONFIRMED):
    """One VEVENT. `show_link` puts the video-conference link in (members
    whose seat is confirmed only); a waitlisted member's copy is TENTATIVE."""
    description = [event.summary, url]
    if event.is_online:
        location = event.online_url if show_link else _("Online")
        if show_link:
            description.append(_("Video conference: %(link)s") % {"link": event.online_url})
    else:
        location = ", ".join(filter(None, [event.place, event.get_country_display()]))
    vevent = Event.new(
        uid=event_uid(event),
        summary=event.title,
        start=event.local_start,
        end=event.local_end,
        description="\n\n".join(description),
        location=location,
        url=url,
        last_modified=event.last_published_at or None,
        stamp=timezone.now(),
        status="TENTATIVE" if status == RegistrationStatus.WAITLISTED else "CONFIRMED",
    )
    for before in alarm_delays(event):
        vevent.add_component(build_alarm(event, before))
    return vevent


def alarm_delays(event):
    """When calendars remind the member: the day before, and an hour before
    an online event (as the site's own reminders do)."""
    delays = [datetime.timedelta(days=1)]
    if event.is_online:
        delays.append(datetime.timedelta(hours=1))
    return delays


def build_alarm(event, before):
    """A VALARM that shows a reminder ``before`` the start."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Reminder: %(title)s") % {"title": event.title})
    alarm.add("trigger", -before)
    return alarm


def build_calendar(vevents, *, name, refresh=False):
    """A whole .ics file (bytes) around `vevents`, with their time zones."""
    calendar = Calendar.new(
        prodid=PRODID,
        name=name,
        method="PUBLISH",
        refresh_interval=REFRESH_INTERVAL if refresh else None,
    )
    if refresh:
        # RFC 7986 requires the value type on REFRESH-INTERVAL.
        calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
        # The older name of REFRESH-INTERVAL, still the one Outlook reads:
        # an iCalendar duration too (PT6H), not Python's "6:00:00".
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    for vevent in vevents:
        calendar.add_component(vevent)
    if vevents:
        starts = [vevent.start.date() for vevent in vevents]
        ends = [vevent.end.date() for vevent in vevents]
        calendar.add_missing_timezones(
            first_date=min(starts) - datetime.timedelta(days=366),
            last_date=max(ends) + datetime.timedelta(days=366),
        )
    return calendar.to_ical()


def event_calendar(event, *, url, show_link):
    """The .ics file of one event."""
    return build_calendar([build_vevent(event, url=url, show_link=show_link)], name=event.title)
