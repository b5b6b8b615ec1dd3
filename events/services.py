"""The registration rules: seats, waitlist, promotion.

Every change to an event's registrations goes through this module and
happens in one transaction that first locks the row of the event's original
page (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``
serialises writers). Concurrent registrations for the same event therefore
run one after the other: the capacity is never exceeded, no registration is
lost and waitlist positions stay 1, 2, 3… in arrival order. E-mails are
queued only once the transaction has committed.
"""

from functools import partial

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import fragments
from notifications.api import notify as notify_member

from .models import EventPage, Registration, RegistrationStatus
from .tasks import send_registration_email

CLOSED_MESSAGES = {
    "not_yet": _("Registration for this event is not open yet."),
    "closed": _("Registration for this event is closed."),
    "over": _("This event is over."),
}


class RegistrationError(Exception):
    """A registration or cancellation the rules refuse; the message is
    written for the member."""


def lock_event(event):
    """Lock the row of the event's original page (the translation that holds
    the registrations) until the end of the transaction, and return it."""
    return (
        EventPage.objects.select_for_update(of=("self",))
        .filter(translation_key=event.translation_key)
        .order_by("pk")
        .first()
    )


def register(event, member, *, now=None, notify=True, listed=False):
    """Give the member a seat, or the next place on the waitlist when the
    event is full. Returns ``(registration, created)``; a member who already
    holds a seat or a place keeps it (``created`` is False). ``listed``: the
    member chose to appear among the attendees (off unless they ask)."""
    with transaction.atomic():
        original = lock_event(event)
        # Read the clock once the lock is held: registration times then
        # follow the order in which members took their seats.
        now = now or timezone.now()
        state = original.registration_state(now)
        if state != "open":
            raise RegistrationError(CLOSED_MESSAGES[state])
        existing = Registration.objects.active().filter(event=original, member=member).first()
        if existing is not None:
            return existing, False
        confirmed = _fill_free_seats(original, now, notify)
        if original.capacity is None or confirmed < original.capacity:
            registration = Registration.objects.create(
                event=original,
                member=member,
                listed=listed,
                status=RegistrationStatus.CONFIRMED,
                created_at=now,
                confirmed_at=now,
            )
        else:
            last = (
                Registration.objects.filter(event=original)
                .waitlisted()
                .aggregate(last=Max("waitlist_position"))["last"]
            )
            registration = Registration.objects.create(
                event=original,
                member=member,
                listed=listed,
                status=RegistrationStatus.WAITLISTED,
                waitlist_position=(last or 0) + 1,
                created_at=now,
            )
        if notify:
            _send_after_commit(registration, registration.status)
    return registration, True


def cancel(registration, *, by, now=None, notify=True, notify_member=True):
    """Cancel a registration and give freed seats to the waitlist, first in
    line first. Members may cancel their own until the event starts;
    organisers (`by` another user, or None for the system) at any time.
    Cancelling twice is harmless. `notify_member=False` tells the promoted
    members but not the one whose registration ends (an account being
    deleted, for instance)."""
    now = now or timezone.now()
    with transaction.atomic():
        original = lock_event(registration.event)
        registration = Registration.objects.select_related("member").get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        if by == registration.member and now >= original.start:
            raise RegistrationError(
                _("The event has started: registrations can no longer be cancelled.")
            )
        position = registration.waitlist_position
        registration.status = RegistrationStatus.CANCELLED
        registration.waitlist_position = None
        registration.cancelled_at = now
        registration.cancelled_by = by
        registration.save(
            update_fields=["status", "waitlist_position", "cancelled_at", "cancelled_by"]
        )
        if position is not None:
            _close_waitlist_gap(original, after=position, by=1)
        _fill_free_seats(original, now, notify)
        if notify and notify_member:
            _send_after_commit(registration, "cancelled")
    return registration


def fill_free_seats(event, *, now=None, notify=True):
    """Promote waitlisted members into free seats (after the capacity was
    raised, for instance). Returns the number of confirmed seats."""
    with transaction.atomic():
        return _fill_free_seats(lock_event(event), now or timezone.now(), notify)


def _fill_free_seats(original, now, notify):
    """Promote from the waitlist while seats are free, before the event
    starts; the event row must be locked. Returns the confirmed count."""
    registrations = Registration.objects.filter(event=original)
    confirmed = registrations.confirmed().count()
    if now >= original.start:
        return confirmed
    free = None if original.capacity is None else original.capacity - confirmed
    if free is not None and free <= 0:
        return confirmed
    waitlist = registrations.waitlisted()
    waitlist = waitlist.select_related("member")
    promoted = list(waitlist if free is None else waitlist[:free])
    if not promoted:
        return confirmed
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_position = None
        registration.confirmed_at = now
    Registration.objects.bulk_update(promoted, ["status", "waitlist_position", "confirmed_at"])
    _close_waitlist_gap(original, after=0, by=len(promoted))
    # No post_save for a bulk update: the cached seats and attendees are
    # told here (events.signal_handlers.registrations_changed for the rest).
    fragments.bump()
    transaction.on_commit(fragments.bump)
    if notify:
        for registration in promoted:
            # In this transaction: the notification exists if the seat does.
            notify_member(registration.member, "waitlist", original)
            _send_after_commit(registration, "promoted")
    return confirmed + len(promoted)


def _close_waitlist_gap(original, *, after, by):
    """Move everyone behind position `after` up by `by` places."""
    Registration.objects.filter(
        event=original, status=RegistrationStatus.WAITLISTED, waitlist_position__gt=after
    ).update(waitlist_position=F("waitlist_position") - by)


def _send_after_commit(registration, message):
    transaction.on_commit(partial(send_registration_email.enqueue, registration.pk, message))


def member_registrations(member):
    """The member's registrations, as the export of their data holds them
    (registered with `community.sections`)."""
    return list(
        Registration.objects.filter(member=member)
        .order_by("created_at", "pk")
        .values("event__title", "event__start", "status", "created_at", "cancelled_at")
    )
