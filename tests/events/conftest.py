"""Fixtures of the events tests: an event index under the French home page
and a factory of events around a fixed "now"."""

import datetime
import zoneinfo

import pytest
from wagtail.models import Locale

from events.models import EventIndexPage, EventPage

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONTREAL = zoneinfo.ZoneInfo("America/Toronto")


@pytest.fixture
def event_index(home_pages):
    french_home, _english_home = home_pages
    index = EventIndexPage(title="Événements", slug="evenements", summary="Les ateliers.")
    french_home.add_child(instance=index)
    return index


@pytest.fixture
def english_event_index(event_index, home_pages):
    english = event_index.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Events"
    english.slug = "events"
    english.save_revision().publish()
    english.refresh_from_db()
    return english


@pytest.fixture
def make_event(event_index):
    """Create a live event; by default in Paris, in 30 days, 10 seats, open.
    The default start is read from the clock once per test: every event
    made without one starts at the same instant, even when the test runs
    across midnight in Paris."""
    counter = iter(range(1, 10_000))
    default_start = datetime.datetime.now(PARIS).replace(
        hour=14, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=30)

    def make(parent=None, **fields):
        number = next(counter)
        start = fields.pop("start", default_start)
        defaults = {
            "title": f"Atelier {number}",
            "slug": f"atelier-{number}",
            "summary": "Un atelier pratique.",
            "kind": "workshop",
            "time_zone": "Europe/Paris",
            "start": start,
            "end": start + datetime.timedelta(hours=3),
            "city": "Lyon",
            "venue": "Maison de l'étudiant",
            "capacity": 10,
        }
        defaults.update(fields)
        event = EventPage(**defaults)
        (parent or event_index).add_child(instance=event)
        return event

    return make
