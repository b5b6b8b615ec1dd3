"""Template helpers of the events app: dates and times in the right zone."""

from django import template
from django.template.defaultfilters import date as format_date
from django.utils import timezone

from community.models import TimeZone

register = template.Library()


def wall_clock(moment, zone):
    """`moment` as the clocks show it in `zone`, without its zone, so the
    template's date filters print it as is (they would convert an aware
    date-time to the active time zone)."""
    return timezone.localtime(moment, zone).replace(tzinfo=None)


def zone_label(zone_name):
    return TimeZone(zone_name).label if zone_name in TimeZone.values else zone_name


@register.inclusion_tag("events/includes/when.html")
def event_when(event, member_zone=None, compact=False):
    """When the event takes place, in its own time zone, and in the member's
    when it differs (a Paris member reading a Montréal event)."""
    context = {
        "start": wall_clock(event.start, event.zone),
        "end": wall_clock(event.end, event.zone),
        "zone": zone_label(event.time_zone),
        "iso_start": event.start.isoformat(),
        "compact": compact,
        "member": None,
    }
    if member_zone is not None and event.start.astimezone(member_zone).utcoffset() != (
        event.local_start.utcoffset()
    ):
        context["member"] = {
            "start": wall_clock(event.start, member_zone),
            "end": wall_clock(event.end, member_zone),
            "zone": zone_label(member_zone.key),
        }
    return context


@register.filter
def name_in(item, names):
    """A translatable snippet's name in the page's language, from a
    {translation_key: name} mapping; its own name when untranslated."""
    return (names or {}).get(item.translation_key, item.name)


@register.filter
def local_start(event):
    """The event's start as the clocks show it where it takes place."""
    return wall_clock(event.start, event.zone)


@register.simple_tag
def event_moment(event, moment):
    """A date and time of the event (e.g. when registration closes), in its
    time zone, with the zone named."""
    moment = format_date(wall_clock(moment, event.zone), "l j F Y, H:i")
    return f"{moment} · {zone_label(event.time_zone)}"


def period_text(event, zone):
    start, end = wall_clock(event.start, zone), wall_clock(event.end, zone)
    if start.date() == end.date():
        text = f"{format_date(start, 'l j F Y, H:i')}–{format_date(end, 'H:i')}"
    else:
        text = f"{format_date(start, 'l j F Y, H:i')} – {format_date(end, 'l j F Y, H:i')}"
    return f"{text} · {zone_label(zone.key)}"


@register.simple_tag
def event_period(event):
    """When the event takes place, as plain text (e-mails), in its zone."""
    return period_text(event, event.zone)


@register.simple_tag
def member_period(event, member_zone):
    """The same in the member's zone; empty when their clocks agree."""
    if event.start.astimezone(member_zone).utcoffset() == event.local_start.utcoffset():
        return ""
    return period_text(event, member_zone)
