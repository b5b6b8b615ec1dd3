"""Workshops, trainings, webinars and meet-ups, and registration to them.

An event may exist in several languages (one page per locale). Its
registrations all belong to its original page, the translation created
first: French and English members share the same seats.

One module per model family: the index page (index_page), the event page
with its queries and admin form (event_page), registrations and members'
calendar feeds. Every name is importable from `events.models`, as the
migrations and the other apps expect.
"""

from .calendar_feeds import CalendarFeed, new_feed_token
from .event_page import (
    FEW_PLACES_LEFT,
    EventKind,
    EventPage,
    EventPageForm,
    EventPageManager,
    EventPageQuerySet,
    EventSpeaker,
    localized,
    localized_names,
    member_time_zone,
)
from .index_page import EventIndexPage
from .registrations import (
    Registration,
    RegistrationQuerySet,
    RegistrationStatus,
    attendees,
    is_organiser,
    registered_translation_keys,
)
from .reminders import EventReminder, ReminderKind

__all__ = [
    "FEW_PLACES_LEFT",
    "CalendarFeed",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "EventPageForm",
    "EventPageManager",
    "EventPageQuerySet",
    "EventReminder",
    "EventSpeaker",
    "Registration",
    "RegistrationQuerySet",
    "RegistrationStatus",
    "ReminderKind",
    "attendees",
    "is_organiser",
    "localized",
    "localized_names",
    "member_time_zone",
    "new_feed_token",
    "registered_translation_keys",
]
