"""Registration rules: opening and closing times, capacity, waitlist order,
promotion when a seat frees up, one registration per member."""

import datetime

import pytest
from django.utils import timezone, translation

from events import services
from events.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The service's refusals are read here in English (the source strings)."""
    with translation.override("en"):
        yield


@pytest.fixture
def members(make_member):
    return [make_member(f"membre{n}@univ-test.example", first_name=f"Membre{n}") for n in range(6)]


def statuses(event):
    return list(
        Registration.objects.for_event(event)
        .order_by("created_at", "pk")
        .values_list("member__first_name", "status", "waitlist_position")
    )


def test_seats_then_waitlist_in_arrival_order(make_event, members):
    event = make_event(capacity=2)
    for member in members[:5]:
        services.register(event, member, notify=False)
    assert statuses(event) == [
        ("Membre0", "confirmed", None),
        ("Membre1", "confirmed", None),
        ("Membre2", "waitlisted", 1),
        ("Membre3", "waitlisted", 2),
        ("Membre4", "waitlisted", 3),
    ]


def test_registering_twice_keeps_the_first_registration(make_event, member):
    event = make_event(capacity=1)
    first, created = services.register(event, member, notify=False)
    again, created_again = services.register(event, member, notify=False)
    assert created and not created_again
    assert first == again
    assert Registration.objects.count() == 1


def test_no_limit_when_capacity_is_empty(make_event, members):
    event = make_event(capacity=None)
    for member in members:
        services.register(event, member, notify=False)
    assert Registration.objects.confirmed().count() == len(members)
    assert event.places_left is None


def test_cancelling_a_seat_promotes_the_first_waitlisted(make_event, members):
    event = make_event(capacity=2)
    registrations = [services.register(event, m, notify=False)[0] for m in members[:5]]
    services.cancel(registrations[0], by=members[0], notify=False)
    assert statuses(event) == [
        ("Membre0", "cancelled", None),
        ("Membre1", "confirmed", None),
        ("Membre2", "confirmed", None),
        ("Membre3", "waitlisted", 1),
        ("Membre4", "waitlisted", 2),
    ]
    promoted = Registration.objects.get(member=members[2])
    assert promoted.confirmed_at is not None


def test_leaving_the_waitlist_closes_the_gap(make_event, members):
    event = make_event(capacity=1)
    registrations = [services.register(event, m, notify=False)[0] for m in members[:4]]
    services.cancel(registrations[2], by=members[2], notify=False)
    assert statuses(event)[1:] == [
        ("Membre1", "waitlisted", 1),
        ("Membre2", "cancelled", None),
        ("Membre3", "waitlisted", 2),
    ]


def test_cancelling_twice_is_harmless(make_event, member):
    event = make_event()
    registration, _ = services.register(event, member, notify=False)
    services.cancel(registration, by=member, notify=False)
    services.cancel(registration, by=member, notify=False)
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED


def test_a_member_can_register_again_after_cancelling(make_event, member):
    event = make_event()
    registration, _ = services.register(event, member, notify=False)
    services.cancel(registration, by=member, notify=False)
    again, created = services.register(event, member, notify=False)
    assert created and again.is_confirmed
    assert Registration.objects.count() == 2


def test_registration_opens_and_closes_at_set_times(make_event, member):
    now = timezone.now()
    event = make_event(
        registration_opens_at=now + datetime.timedelta(days=1),
        registration_closes_at=now + datetime.timedelta(days=10),
    )
    with pytest.raises(services.RegistrationError, match="not open yet"):
        services.register(event, member, now=now, notify=False)
    with pytest.raises(services.RegistrationError, match="closed"):
        services.register(event, member, now=now + datetime.timedelta(days=11), notify=False)
    registration, _ = services.register(
        event, member, now=now + datetime.timedelta(days=2), notify=False
    )
    assert registration.is_confirmed


def test_registration_closes_when_the_event_starts(make_event, member):
    event = make_event()
    with pytest.raises(services.RegistrationError, match="closed"):
        services.register(event, member, now=event.start, notify=False)
    with pytest.raises(services.RegistrationError, match="over"):
        services.register(event, member, now=event.end, notify=False)


def test_members_cannot_cancel_once_the_event_started_but_organisers_can(
    make_event, member, editor
):
    event = make_event()
    registration, _ = services.register(event, member, notify=False)
    with pytest.raises(services.RegistrationError, match="started"):
        services.cancel(registration, by=member, now=event.start, notify=False)
    services.cancel(registration, by=editor, now=event.start, notify=False)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert registration.cancelled_by == editor


def test_more_seats_on_publish_promote_the_waitlist(make_event, members):
    event = make_event(capacity=1)
    for member in members[:4]:
        services.register(event, member, notify=False)
    event.capacity = 3
    event.save_revision().publish()
    assert statuses(event)[1:] == [
        ("Membre1", "confirmed", None),
        ("Membre2", "confirmed", None),
        ("Membre3", "waitlisted", 1),
    ]


def test_translations_share_the_same_seats(make_event, english_event_index, members):
    from wagtail.models import Locale

    event = make_event(capacity=2)
    english = event.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    services.register(event, members[0], notify=False)
    services.register(english, members[1], notify=False)
    third, _ = services.register(english, members[2], notify=False)
    assert third.is_waitlisted
    assert set(Registration.objects.values_list("event_id", flat=True)) == {event.pk}
    english.refresh_from_db()
    assert english.places_left == 0


def test_places_left_come_from_one_annotated_query(make_event, members, event_index):
    event = make_event(capacity=3)
    for member in members[:2]:
        services.register(event, member, notify=False)
    annotated = event_index.events().get(pk=event.pk)
    assert (annotated.confirmed_count, annotated.waitlist_count) == (2, 0)
    assert annotated.places_left == 1
    assert annotated.few_places_left


def test_a_member_deleting_their_account_hands_their_seat_on(
    client, make_event, members, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    leaving, waiting = members[0], members[1]
    services.register(event, leaving, notify=False)
    services.register(event, waiting, notify=False)
    client.force_login(leaving)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/me/delete/", {"confirm_email": leaving.email})
    assert response.status_code == 302
    assert statuses(event) == [("Membre1", "confirmed", None)]
    assert [message.to for message in mailoutbox] == [[waiting.email]]


def test_my_registrations_in_english_mark_french_titles(
    client, make_event, english_event_index, members
):
    """An English reader's list: the English title where there is one, the
    French one (lang="fr", for screen readers) where there is none."""
    from wagtail.models import Locale

    french_only = make_event(title="Atelier en français")
    translated = make_event(title="Atelier traduit")
    english = translated.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Translated workshop"
    english.save_revision().publish()
    for event in (french_only, translated):
        services.register(event, members[0], notify=False)
    client.force_login(members[0])

    html = client.get("/en/me/events/").content.decode()
    assert f'<a href="{french_only.url}" lang="fr">Atelier en français</a>' in html
    assert f'<a href="{english.url}">Translated workshop</a>' in html
    translation.activate("fr")  # the next tests reverse URLs in French
