"""What events add to the community's pages about people: a speaker's
events (community.speakers) and the upcoming events a member chose to show
on their profile (community.sections)."""

from django.utils import timezone

from community.speakers import spoken_pages
from core.security import visible_to

from .models import EventPage, Registration

#: Upcoming events listed on a profile.
PROFILE_EVENTS_SHOWN = 10


def speaker_events(person, viewer):
    """The live events ``viewer`` may see where ``person`` (in any language)
    speaks, most recent first, one per translation (one query)."""
    return spoken_pages(EventPage.objects.live().order_by("-start", "pk"), person, viewer, "start")


def listed_upcoming_events(member, viewer):
    """The upcoming live events ``member`` registered for and chose to show
    (the "show me among the attendees" choice), that ``viewer`` may see,
    soonest first (one query)."""
    listed = Registration.objects.active().filter(member=member, listed=True)
    return list(
        visible_to(
            EventPage.objects.live()
            .filter(pk__in=listed.values("event_id"))
            .select_related("locale")  # the profile marks titles in another language
            .upcoming(timezone.now()),
            viewer,
        )[:PROFILE_EVENTS_SHOWN]
    )
