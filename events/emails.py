"""The e-mails members receive about their registrations, written in their
preferred language."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.emails import site_email
from core.links import public_url

from .ical import event_calendar
from .models import EventPage, member_time_zone

SUBJECTS = {
    "confirmed": _("Your seat is confirmed: %(title)s"),
    "waitlisted": _("You are on the waitlist: %(title)s"),
    "promoted": _("A seat has freed up for you: %(title)s"),
    "cancelled": _("Registration cancelled: %(title)s"),
}

#: The e-mails that confirm a seat carry the event's .ics file.
WITH_CALENDAR = {"confirmed", "promoted"}


def event_in_language(event, language_code):
    """The live translation of the event in that language, else the event."""
    return (
        EventPage.objects.live()
        .filter(translation_key=event.translation_key, locale__language_code=language_code)
        .first()
        or event
    )


def registration_email(registration, message):
    """The e-mail for `message` (a key of SUBJECTS) about a registration."""
    member = registration.member
    with translation.override(member.preferred_language):
        event = event_in_language(registration.event, member.preferred_language)
        event_url = public_url(event.get_url())
        context = {
            "member": member,
            "event": event,
            "registration": registration,
            "event_url": event_url,
            "registrations_url": public_url(reverse("events:my_registrations")),
            "member_zone": member_time_zone(member),
            "by_organiser": bool(
                registration.cancelled_by_id and registration.cancelled_by_id != member.pk
            ),
        }
        subject = str(SUBJECTS[message]) % {"title": event.title}
        email = site_email(subject, f"events/email/{message}.txt", context, member.email)
        if message in WITH_CALENDAR:
            email.attach(
                "event.ics",
                event_calendar(event, url=event_url, show_link=True),
                "text/calendar; charset=utf-8; method=PUBLISH",
            )
    return email
