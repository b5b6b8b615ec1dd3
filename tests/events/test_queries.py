"""Bounded queries: the event list, the calendar and an event page cost the
same number of SQL queries with 3 or 40 events, 0 or 200 registrants."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale

from community.models import Institution, Person, Topic
from events.models import EventSpeaker, Registration, RegistrationStatus

from .conftest import PARIS

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_calendar(make_event, member):
    """40 events in March 2031 (some online, several hosts and topics), the
    member registered for half of them."""
    french = Locale.get_default()
    institutions = [
        Institution.objects.create(name=f"Université {n}", kind="university") for n in range(5)
    ]
    topics = [
        Topic.objects.create(name=f"Sujet {n}", slug=f"sujet-{n}", locale=french) for n in range(5)
    ]
    events = []
    for n in range(40):
        start = datetime.datetime(2031, 3, 1 + n % 28, 9 + n % 8, 0, tzinfo=PARIS)
        event = make_event(
            start=start,
            end=start + datetime.timedelta(hours=2),
            host_institution=institutions[n % 5],
            is_online=n % 3 == 0,
            online_url="https://visio.example/x",
        )
        event.topics.set(topics[: 1 + n % 3])
        event.save()
        if n % 2:
            Registration.objects.create(event=event, member=member, status="confirmed")
        events.append(event)
    return events


def test_event_list_queries_do_not_grow_with_events(
    member_client, busy_calendar, event_index, django_assert_max_num_queries
):
    member_client.get(event_index.url)  # warm the site-root cache
    # 20 + 1: the comment counts of every card, read in one query; + 2: the
    # view restrictions and the member's groups, to hide restricted events.
    with django_assert_max_num_queries(23):
        response = member_client.get(event_index.url)
    assert response.status_code == 200
    assert len(response.context["events"]) == 12
    with django_assert_max_num_queries(23):
        response = member_client.get(event_index.url + "?page=3&mode=in_person&month=2031-03")
    assert response.status_code == 200


def test_calendar_queries_do_not_grow_with_events(
    member_client, busy_calendar, event_index, django_assert_max_num_queries
):
    member_client.get(event_index.url)
    # + 2: the view restrictions and the member's groups (restricted events).
    with django_assert_max_num_queries(19):
        response = member_client.get(event_index.url + "calendar/2031/3/")
    assert response.status_code == 200
    placed = sum(len(day["events"]) for week in response.context["month"].weeks for day in week)
    assert placed == 40


def test_event_page_with_200_registrants(
    member_client, member, make_event, django_assert_max_num_queries
):
    event = make_event(capacity=150)
    french = Locale.get_default()
    for n in range(4):
        person = Person.objects.create(first_name=f"P{n}", last_name="Intervenant", locale=french)
        EventSpeaker.objects.create(page=event, person=person, sort_order=n)
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"user{n}", email=f"user{n}@univ-test.example") for n in range(200)
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            member=user,
            status=RegistrationStatus.CONFIRMED if n < 150 else RegistrationStatus.WAITLISTED,
            waitlist_position=None if n < 150 else n - 149,
        )
        for n, user in enumerate(users)
    )
    member_client.get(event.url)
    with django_assert_max_num_queries(20):
        response = member_client.get(event.url)
    html = response.content.decode()
    assert "50" in html  # members on the waitlist
    assert response.context["waitlist_count"] == 50


def test_admin_registrations_report_with_200_registrants(
    editor_client, make_event, django_assert_max_num_queries
):
    event = make_event(capacity=150)
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"user{n}", email=f"user{n}@univ-test.example") for n in range(200)
    )
    Registration.objects.bulk_create(
        Registration(event=event, member=user, status=RegistrationStatus.CONFIRMED)
        for user in users
    )
    url = reverse("events_admin:registrations", args=[event.pk])
    editor_client.get(url)
    with django_assert_max_num_queries(15):
        response = editor_client.get(url)
    assert len(response.context["object_list"]) == 100
