"""E-mails through django-tasks: confirmation with the .ics attached,
waitlist, promotion and cancellation, in the member's language."""

import pytest
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import Locale

from events import services

pytestmark = pytest.mark.django_db


def test_confirmation_carries_the_ics(
    member_client, member, make_event, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """Links point at the address members use (WAGTAILADMIN_BASE_URL), not
    at the Wagtail Site record's hostname (localhost on a fresh install)."""
    settings.WAGTAILADMIN_BASE_URL = "https://intranet.example.org"
    event = make_event(title="Atelier Facebook", capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("events:register", args=[event.pk]))
    (email,) = mailoutbox
    assert email.to == [member.email]
    assert "Atelier Facebook" in email.subject
    event_url = "https://intranet.example.org" + event.url
    assert event_url in email.body
    assert "https://intranet.example.org" + reverse("events:my_registrations") in email.body
    assert "localhost" not in email.body
    ((filename, content, mimetype),) = email.attachments
    assert filename == "event.ics"
    assert mimetype.startswith("text/calendar")
    (vevent,) = Calendar.from_ical(content).events
    assert vevent.start == event.start
    assert str(vevent["URL"]) == event_url


def test_nothing_is_sent_before_the_transaction_commits(member, make_event, mailoutbox):
    services.register(make_event(), member)
    assert mailoutbox == []


def test_waitlist_then_promotion_emails(
    make_member, make_event, mailoutbox, django_capture_on_commit_callbacks
):
    first = make_member("first@univ-test.example")
    second = make_member("second@univ-test.example", preferred_language="en")
    event = make_event(title="Atelier complet", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        registration, _ = services.register(event, first)
        services.register(event, second)
    assert [m.to for m in mailoutbox] == [[first.email], [second.email]]
    waitlisted = mailoutbox[1]
    assert "waitlist" in waitlisted.subject
    assert "number 1" in waitlisted.body
    assert waitlisted.attachments == []

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration, by=first)
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {first.email, second.email}
    promotion = by_recipient[second.email]
    assert "A seat has freed up" in promotion.subject
    assert promotion.attachments[0][0] == "event.ics"


def test_emails_follow_the_members_language(
    make_member, make_event, english_event_index, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(title="Atelier Instagram")
    english = event.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Instagram workshop"
    english.save_revision().publish()
    french_member = make_member("fr@univ-test.example", preferred_language="fr")
    english_member = make_member("en@univ-test.example", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, french_member)
        services.register(event, english_member)
    french_email, english_email = mailoutbox
    assert "Atelier Instagram" in french_email.subject
    assert "/fr/" in french_email.body
    assert english_email.subject == "[CM Hub] Your seat is confirmed: Instagram workshop"
    assert "/en/events/" in english_email.body
    assert "/en/me/events/" in english_email.body


def test_organiser_cancellation_says_so(
    member, editor, make_event, mailoutbox, django_capture_on_commit_callbacks
):
    registration, _ = services.register(make_event(), member, notify=False)
    member.preferred_language = "en"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration, by=editor)
    (email,) = mailoutbox
    assert "Registration cancelled" in email.subject
    assert "An organiser has cancelled your registration" in email.body
