"""Template helpers of the events app: dates and times in the right zone,
the member's "Registered" badges on cached cards, the event page's cached
registration panel."""

import re

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.template.defaultfilters import date as format_date
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

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


#: Where an event card rendered inside ``{% event_cards_fragment %}`` puts
#: the member's "Registered" badge.
_BADGE_MARK = re.compile(r"<!--cmhub-registered:([0-9a-f-]+)-->")


class EventCardsFragmentNode(template.Node):
    def __init__(self, nodelist, events, keys, name, vary_on):
        self.nodelist = nodelist
        self.events = events
        self.keys = keys
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        timeout = int(context.get("fragment_timeout") or 0)
        key = make_template_fragment_key(
            self.name, [value.resolve(context) for value in self.vary_on]
        )
        html = cache.get(key) if timeout else None
        if html is None:
            started = timezone.now()
            with context.push(registered_marks=True):
                html = self.nodelist.render(context)
            # Events over before the rendering started show as over already.
            ends = [
                event.end for event in self.events.resolve(context) or () if event.end > started
            ]
            if ends:
                # The first card that shows an event not over yet goes stale
                # when it ends.
                left = (min(ends) - timezone.now()).total_seconds()
                timeout = min(timeout, max(int(left), 0))
            if timeout:
                cache.set(key, html, timeout)
        if not _BADGE_MARK.search(html):
            return html
        keys = {str(key) for key in self.keys.resolve(context) or ()}
        badge = render_to_string("events/includes/registered_badge.html")
        return mark_safe(  # noqa: S308 - the block's own HTML and a template's
            _BADGE_MARK.sub(lambda match: badge if match[1] in keys else "", html)
        )


@register.tag
def event_cards_fragment(parser, token):
    """``{% event_cards_fragment events keys "name" vary_on… %}…{% endevent_cards_fragment %}``

    A cached fragment of ``events`` (cards of upcoming events, a month's
    calendar) that every member of the same groups sees alike: cached like
    ``{% cache %}`` (for ``fragment_timeout`` seconds, keyed on "name" and
    vary_on, which should include the content version), and no longer than
    until the first of ``events`` not over yet ends (its card, its places
    left and its place in the list change then). The
    "Registered" badges, the member's own, are filled in after: on the
    cards of the events whose translation key is in ``keys``, read only
    when the fragment holds an event."""
    bits = token.split_contents()
    if len(bits) < 4:
        raise template.TemplateSyntaxError(
            "event_cards_fragment takes the events, the member's keys and a name"
        )
    nodelist = parser.parse(("endevent_cards_fragment",))
    parser.delete_first_token()
    return EventCardsFragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        parser.compile_filter(bits[2]),
        bits[3].strip("\"'"),
        [parser.compile_filter(bit) for bit in bits[4:]],
    )


#: Where a panel rendered inside ``{% panel_fragment %}`` puts the CSRF token
#: (an HTML comment, which no escaped text can forge).
_CSRF_HOLE = "<!--cmhub-panel-csrf-->"


class PanelFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        timeout = int(context.get("fragment_timeout") or 0)
        token = context.get("csrf_token")
        if not timeout or not token or str(token) == "NOTPROVIDED":
            return self.nodelist.render(context)
        key = make_template_fragment_key(
            self.name, [value.resolve(context) for value in self.vary_on]
        )
        html = cache.get(key)
        if html is None:
            with context.push(csrf_token=mark_safe(_CSRF_HOLE)):  # noqa: S308 - our own mark
                html = self.nodelist.render(context)
            cache.set(key, html, timeout)
        if _CSRF_HOLE in html:
            html = html.replace(_CSRF_HOLE, conditional_escape(str(token)))
        return mark_safe(html)  # noqa: S308 - rendered by our templates, the token escaped


@register.tag
def panel_fragment(parser, token):
    """``{% panel_fragment "name" vary_on… %}…{% endpanel_fragment %}``

    Like ``{% cache fragment_timeout "name" vary_on… %}``, for a part that
    holds forms: it is cached with a hole where ``{% csrf_token %}`` puts
    the token, and served with the member's own token filled in (the same
    HTML as rendered live). The vary_on must hold everything the part shows
    of the member (the event page: their registration's status, place and
    listing, whether they organise)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("panel_fragment takes a name")
    nodelist = parser.parse(("endpanel_fragment",))
    parser.delete_first_token()
    return PanelFragmentNode(
        nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]]
    )
