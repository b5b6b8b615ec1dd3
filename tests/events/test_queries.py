"""Bounded queries: the event list, the calendar, an event page, the
member's registrations, their calendar feed and the admin's registrants view
cost the same number of SQL queries with N or 3N events, topics, speakers,
talks, comments or registrants, with fragment caching off (every fragment
rendered) and on (tests/queries.py)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale

from community.models import Institution, Person, Topic
from events.models import CalendarFeed, EventSpeaker, Registration, RegistrationStatus
from resources.models import TalkIndexPage
from tests.community.comment_helpers import add_comment
from tests.resources.factories import make_talk

from .conftest import PARIS

pytestmark = pytest.mark.django_db

#: The small data size; the large one is three times as much.
N = 4


@pytest.fixture
def add_events(make_event, member):
    """Adds events in March 2031 (some online, each with a host institution,
    topics and a comment), the member registered for every other one."""
    french = Locale.get_default()
    numbers = iter(range(10_000))

    def add(count, **fields):
        events = []
        for _ in range(count):
            n = next(numbers)
            start = datetime.datetime(2031, 3, 1 + n % 28, 9 + n % 8, 0, tzinfo=PARIS)
            event = make_event(
                start=start,
                end=start + datetime.timedelta(hours=2),
                host_institution=Institution.objects.create(
                    name=f"Université {n}", kind="university"
                ),
                is_online=n % 3 == 0,
                online_url="https://visio.example/x",
                **fields,
            )
            event.topics.set(
                Topic.objects.create(name=f"Sujet {n}.{t}", slug=f"sujet-{n}-{t}", locale=french)
                for t in range(3)
            )
            event.save_revision().publish()
            add_comment(event, member, f"Commentaire {n}")
            if n % 2:
                Registration.objects.create(event=event, member=member, status="confirmed")
            events.append(event)
        return events

    return add


@pytest.mark.parametrize("query", ["", "?mode=in_person&month=2031-03", "?period=past"])
def test_event_list_costs_the_same_with_n_or_3n_events(
    member_client, event_index, add_events, page_queries, query
):
    add_events(N)
    small, large = page_queries.assert_constant(
        # Warm (issue 15): the session and the page; the member's
        # "Registered" badges come from their cached keys.
        member_client,
        event_index.url + query,
        lambda: add_events(2 * N),
        cold=25,
        warm=2,
    )
    if not query:
        assert len(large.response.context["events"]) == 3 * N


def test_calendar_costs_the_same_with_n_or_3n_events(
    member_client, event_index, add_events, page_queries
):
    add_events(N)
    small, large = page_queries.assert_constant(
        member_client,
        event_index.url + "calendar/2031/3/",
        lambda: add_events(2 * N),
        cold=21,
        # The calendar is cached (issue 15): the session and the page; the
        # member's "Registered" badges come from their cached keys.
        warm=2,
    )
    month = large.response.context["month"]
    assert sum(len(day["events"]) for week in month.weeks for day in week) == 3 * N


def add_registrants(event, count, offset=0):
    """`count` members registered for `event`, confirmed up to its capacity,
    then on the waitlist."""
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"user{n}", email=f"user{n}@univ-test.example", last_name=f"Inscrit {n}")
        for n in range(offset, offset + count)
    )
    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    waitlisted = Registration.objects.filter(event=event, status="waitlisted").count()
    registrations = []
    for user in users:
        if confirmed < event.capacity:
            confirmed += 1
            registrations.append(Registration(event=event, member=user, status="confirmed"))
        else:
            waitlisted += 1
            registrations.append(
                Registration(
                    event=event,
                    member=user,
                    status=RegistrationStatus.WAITLISTED,
                    waitlist_position=waitlisted,
                )
            )
    Registration.objects.bulk_create(registrations)


def test_event_page_costs_the_same_with_n_or_3n_speakers_talks_and_registrants(
    member_client, member, make_event, sections, page_queries
):
    """A past event (its talks are listed) with speakers from institutions,
    topics, talks given there, registrants and a discussion."""
    french = Locale.get_default()
    start = datetime.datetime.now(PARIS).replace(microsecond=0) - datetime.timedelta(days=3)
    event = make_event(capacity=10 * N, start=start, end=start + datetime.timedelta(hours=3))
    numbers = iter(range(10_000))

    def add(count):
        for _ in range(count):
            n = next(numbers)
            person = Person.objects.create(
                first_name=f"P{n}",
                last_name=f"Intervenant {n}",
                role="Responsable communication",
                locale=french,
                institution=Institution.objects.create(name=f"Institution {n}", kind="university"),
            )
            EventSpeaker.objects.create(page=event, person=person, sort_order=n)
            event.topics.add(
                Topic.objects.create(name=f"Sujet {n}", slug=f"sujet-{n}", locale=french)
            )
            make_talk(sections[(TalkIndexPage, "fr")], n, speakers=[person], event=event)
            top = add_comment(event, member, f"Question {n}")
            add_comment(event, member, f"Précision {n}", parent=top)
        add_registrants(event, 15 * count, offset=15 * (next(numbers) + 100))
        speakers = [speaker.person for speaker in event.speakers.all()]
        event.program = [
            ("part", {"title": f"Volet {n}", "speaker": person, "duration": "1.5"})
            for n, person in enumerate(speakers)
        ]
        event.save_revision().publish()

    add(N)
    small, large = page_queries.assert_constant(
        # Includes, since issue 17, who is coming (one query for every
        # attendee) and the member's bookmark button (one query cold, none
        # warm: the member's cached bookmark state). Warm (issue 15): the
        # session and the page; who is coming, the host, audiences and
        # duration come from cached parts, the seats, the waitlist and the
        # member's own registration from the member's cached summary (one
        # query when the content version changed).
        member_client,
        event.url,
        lambda: add(2 * N),
        cold=28,
        warm=2,
    )
    html = large.response.content.decode()
    assert f"Institution {3 * N - 1}" in html
    assert f"Intervention {3 * N - 1}" in html
    assert html.count('class="program-part"') == 3 * N
    assert large.response.context["waitlist_count"] == 3 * 15 * N - 10 * N


def test_my_registrations_costs_the_same_with_n_or_3n_registrations(
    member_client, event_index, add_events, page_queries
):
    add_events(2 * N)  # N registrations
    small, large = page_queries.assert_constant(
        member_client,
        reverse("events:my_registrations"),
        lambda: add_events(4 * N),
        cold=12,
        warm=5,
    )
    assert len(large.response.context["upcoming"]) == 3 * N


def test_the_calendar_feed_costs_the_same_with_n_or_3n_registrations(
    client, member, event_index, add_events, page_queries
):
    add_events(2 * N)
    feed = CalendarFeed.objects.create(member=member)
    # The events' links are on the address the member's calendar app used:
    # one Site lookup for the request, whatever the number of events.
    small, large = page_queries.assert_constant(
        client, reverse("events:feed", args=[feed.token]), lambda: add_events(4 * N), cold=6, warm=4
    )
    assert large.response.content.decode().count("BEGIN:VEVENT") == 3 * N


def test_admin_registrants_view_costs_the_same_with_n_or_3n_registrants(
    editor_client, make_event, page_queries
):
    event = make_event(capacity=30 * N)
    add_registrants(event, 8 * N)
    url = reverse("events_admin:registrations", args=[event.pk])
    small, large = page_queries.assert_constant(
        editor_client, url, lambda: add_registrants(event, 16 * N, offset=8 * N), cold=14
    )
    assert len(large.response.context["object_list"]) == 24 * N


@pytest.mark.parametrize("state", ["none", "confirmed", "waitlisted"])
def test_the_members_own_registration_costs_no_query_of_its_own(
    member_client, member, make_member, make_event, page_queries, state
):
    """The seats, the waitlist and the member's registration are one query
    with caching off and none warm (the member's cached summary), whether
    the member holds a seat, waits or is not registered, with N or 3N
    registrants."""
    from events import services

    event = make_event(capacity=1)
    services.register(event, make_member("lea@univ-test.example"), notify=False)
    if state == "confirmed":
        Registration.objects.filter(event=event).update(status="cancelled")
        services.register(event, member, notify=False)
    elif state == "waitlisted":
        services.register(event, member, notify=False)
    event.capacity = 10 * N
    event.save()
    add_registrants(event, N, offset=500)
    small, large = page_queries.assert_constant(
        member_client, event.url, lambda: add_registrants(event, 2 * N, offset=600), cold=25, warm=2
    )
    mine = large.response.context["my_registration"]
    assert (mine.status if mine else "none") == state
    html = large.response.content.decode()
    if state == "waitlisted":
        assert "Vous êtes n° 1 sur la liste d'attente" in html
    elif state == "confirmed":
        assert "Votre place est confirmée." in html
    else:
        assert "M'inscrire" in html
