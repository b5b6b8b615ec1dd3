"""Events for tests outside the events app's own conftest: the list under a
home page and workshops in it."""

import datetime

from events.models import EventIndexPage, EventPage


def add_event_index(home):
    """The events list under ``home`` (a draft until published)."""
    index = EventIndexPage(title="Événements", slug="evenements", summary="Les ateliers.")
    home.add_child(instance=index)
    return index


def add_workshop(index, start, *, title, slug, publish=False, **fields):
    """A three-hour workshop in Lyon (Europe/Paris time) under ``index``,
    from ``start``; ``fields`` set any other field (seats, summary…)."""
    values = {
        "summary": "Un atelier.",
        "kind": "workshop",
        "time_zone": "Europe/Paris",
        "end": start + datetime.timedelta(hours=3),
        "city": "Lyon",
        **fields,
    }
    event = EventPage(title=title, slug=slug, start=start, **values)
    index.add_child(instance=event)
    if publish:
        event.save_revision().publish()
    return event
