"""When an organiser publishes an event with more seats, the waitlist moves up."""

from wagtail.signals import page_published

from .models import EventPage
from .services import fill_free_seats


def promote_waitlist_on_publish(sender, instance, **kwargs):
    fill_free_seats(instance)


def register_signal_handlers():
    page_published.connect(
        promote_waitlist_on_publish, sender=EventPage, dispatch_uid="events_fill_free_seats"
    )
