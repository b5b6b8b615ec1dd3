"""Seats that free up by other ways than a cancellation still go to the
waitlist: an event published with more seats, a member deleting their account."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.signals import page_published

from core import fragments

from .models import EventPage, Registration
from .models.registrations import forget_registered_keys
from .services import cancel, fill_free_seats


def promote_waitlist_on_publish(sender, instance, **kwargs):
    fill_free_seats(instance)


def free_seats_of_deleted_member(sender, instance, **kwargs):
    """Cancel a leaving member's seats and waitlist places first, so the next
    members in line are promoted (and told) before the rows disappear."""
    for registration in Registration.objects.active().filter(member=instance):
        cancel(registration, by=None, notify_member=False)


def registrations_changed(sender, instance, **kwargs):
    """Event cards show places left, event pages who is coming: cached
    parts must see the change, now and once the transaction commits (a
    request that read the rows before the commit may have cached them in
    between). The member's "Registered" badges are read again."""
    fragments.bump()
    transaction.on_commit(fragments.bump)
    forget_registered_keys(instance.member_id)


def register_signal_handlers():
    for signal in (post_save, post_delete):
        signal.connect(
            registrations_changed,
            sender=Registration,
            dispatch_uid=f"events_fragments_{signal is post_save}",
        )
    page_published.connect(
        promote_waitlist_on_publish, sender=EventPage, dispatch_uid="events_fill_free_seats"
    )
    pre_delete.connect(
        free_seats_of_deleted_member,
        sender=get_user_model(),
        dispatch_uid="events_free_seats_of_deleted_member",
    )
