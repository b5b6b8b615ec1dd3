"""Time zones: Paris and Montréal events side by side, typed by editors in
the event's own zone, shown in the event's zone and the member's, and
written to .ics files that parse back to the same instants."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy
from icalendar import Calendar
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from community.models import Institution, Person, TimeZone, Topic
from events.models import EventPage

from .conftest import MONTREAL, PARIS

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture
def montreal_event(make_event):
    start = datetime.datetime(2030, 10, 15, 18, 0, tzinfo=MONTREAL)
    return make_event(
        title="Webinaire gestion de crise",
        time_zone="America/Toronto",
        start=start,
        end=start + datetime.timedelta(hours=2),
        city="Montréal",
        country="CA",
    )


def in_french(text):
    """`text` as the French page shows it (translated when the catalogue
    has it), HTML-escaped."""
    with translation.override("fr"):
        return escape(str(text))


def test_montreal_event_shows_local_and_paris_times(member_client, montreal_event):
    html = member_client.get(montreal_event.url).content.decode()
    # In Montréal: Tuesday 15 October 2030, 18:00–20:00 (EDT, UTC-4).
    assert "mardi 15 octobre 2030, 18:00–20:00" in html
    assert f'· <span class="event-when__zone">{in_french(TimeZone.MONTREAL.label)}</span>' in html
    # The member lives in Paris (UTC+2 that day): midnight to 2 am the next day.
    assert f"{in_french(gettext_lazy('Your time:'))} mercredi 16 octobre, 00:00–02:00" in html
    assert f"00:00–02:00 · {in_french(TimeZone.PARIS.label)}" in html


def test_member_in_montreal_sees_paris_event_in_both_zones(client, make_member, make_event):
    quebecer = make_member("sophie@usaintlaurent.example", time_zone="America/Toronto")
    client.force_login(quebecer)
    start = datetime.datetime(2030, 3, 5, 9, 30, tzinfo=PARIS)
    event = make_event(start=start, end=start + datetime.timedelta(hours=3))
    html = client.get(event.url).content.decode()
    assert "09:30–12:30" in html
    assert f"03:30–06:30 · {in_french(TimeZone.MONTREAL.label)}" in html


def test_member_in_the_same_zone_sees_the_time_once(member_client, make_event):
    event = make_event()
    html = member_client.get(event.url).content.decode()
    assert in_french(gettext_lazy("Your time:")) not in html


def test_event_stores_the_instant_in_utc(montreal_event):
    montreal_event.refresh_from_db()
    assert montreal_event.start == datetime.datetime(2030, 10, 15, 22, 0, tzinfo=UTC)
    assert montreal_event.local_start.hour == 18


def test_event_ics_parses_back_to_the_same_instants(member_client, montreal_event):
    response = member_client.get(reverse("events:ics", args=[montreal_event.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (vevent,) = calendar.events
    assert vevent.start == montreal_event.start
    assert vevent.end == montreal_event.end
    assert str(vevent.start.tzinfo) == "America/Toronto"
    assert b"DTSTART;TZID=America/Toronto:20301015T180000" in response.content
    assert [tz.tz_name for tz in calendar.timezones] == ["America/Toronto"]
    assert calendar.get_missing_tzids() == set()
    assert str(vevent["SUMMARY"]) == "Webinaire gestion de crise"
    assert "Montréal" in str(vevent["LOCATION"])
    # The link is on the address the member used, not the Site record's.
    assert f"http://testserver{montreal_event.url}" in str(vevent["DESCRIPTION"])
    # Its VTIMEZONE alone (no Python zone database) gives the same instant.
    local = vevent.start.replace(tzinfo=None)
    offset = calendar.timezones[0].to_tz().utcoffset(local)
    assert local - offset == montreal_event.start.astimezone(UTC).replace(tzinfo=None)


def admin_event_data(index_parent, **overrides):
    data = {
        "title": "Atelier à Montréal",
        "slug": "atelier-a-montreal",
        "summary": "Un atelier du soir.",
        "kind": "workshop",
        "time_zone": "America/Toronto",
        "start": "2030-11-20 18:00",
        "end": "2030-11-20 21:00",
        "is_online": "",
        "online_url": "",
        "venue": "Pavillon central",
        "address": "1 rue du Fleuve",
        "city": "Montréal",
        "country": "CA",
        "host_institution": "",
        "prerequisites": rich_text(""),
        "program": streamfield([]),
        "total_hours": "",
        "description": streamfield([]),
        "capacity": "20",
        "registration_opens_at": "",
        "registration_closes_at": "2030-11-19 12:00",
        "speakers": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_creates_an_event_in_the_admin_in_its_own_time_zone(editor_client, event_index):
    institution = Institution.objects.create(name="Université du Saint-Laurent", kind="university")
    speaker = Person.objects.create(
        first_name="Sophie", last_name="Tremblay", locale_id=event_index.locale_id
    )
    topic = Topic.objects.create(name="Veille", slug="veille", locale_id=event_index.locale_id)
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk])
    assert editor_client.get(url).status_code == 200
    data = admin_event_data(
        event_index,
        host_institution=str(institution.pk),
        speakers=inline_formset([{"person": str(speaker.pk)}]),
        program=streamfield(
            [
                (
                    "part",
                    {
                        "title": "Théorie",
                        "day": "2030-11-20",
                        "start_time": "18:00",
                        "end_time": "19:30",
                        "duration": "",
                        "speaker": str(speaker.pk),
                        "description": "Les bases.",
                    },
                ),
                (
                    "part",
                    {
                        "title": "Pratique",
                        "day": "",
                        "start_time": "",
                        "end_time": "",
                        "duration": "1.5",
                        "speaker": "",
                        "description": "",
                    },
                ),
            ]
        ),
    )
    data["topics"] = [str(topic.pk)]
    data["audiences"] = ["1"]
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(slug="atelier-a-montreal")
    assert event.live
    # Typed 18:00 in Montréal (EST, UTC-5 in November): 23:00 UTC.
    assert event.start == datetime.datetime(2030, 11, 20, 23, 0, tzinfo=UTC)
    assert event.end == datetime.datetime(2030, 11, 21, 2, 0, tzinfo=UTC)
    assert event.registration_closes_at == datetime.datetime(2030, 11, 19, 17, 0, tzinfo=UTC)
    assert event.host_institution == institution
    assert [s.person for s in event.speakers.all()] == [speaker]
    assert list(event.topics.all()) == [topic]
    assert [part.value["title"] for part in event.program] == ["Théorie", "Pratique"]
    assert event.program[0].value["speaker"] == speaker
    assert event.program[0].value.hours == Decimal("1.50")
    assert event.hours == Decimal("3.00")

    # The edit form shows the times as typed, in the event's zone.
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    assert 'value="2030-11-20 18:00"' in edit.content.decode()


def test_admin_refuses_a_time_that_does_not_exist(editor_client, event_index):
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk])
    # Clocks go from 02:00 to 03:00 in Paris on 31 March 2030.
    data = admin_event_data(
        event_index,
        time_zone="Europe/Paris",
        start="2030-03-31 02:30",
        end="2030-03-31 05:00",
        registration_closes_at="",
        city="Lyon",
        country="FR",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "start" in response.context["form"].errors
    assert not EventPage.objects.filter(slug="atelier-a-montreal").exists()


def test_admin_checks_the_event_makes_sense(editor_client, event_index):
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk])
    data = admin_event_data(
        event_index, end="2030-11-20 17:00", is_online="on", online_url="", city=""
    )
    response = editor_client.post(url, data)
    errors = response.context["form"].errors
    assert {"end", "online_url"} <= set(errors)


def test_paris_and_montreal_events_sort_by_instant(make_event, event_index):
    paris = make_event(start=datetime.datetime(2030, 5, 4, 20, 0, tzinfo=PARIS))
    montreal = make_event(
        time_zone="America/Toronto",
        start=datetime.datetime(2030, 5, 4, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Toronto")),
    )
    # 15:00 in Montréal is 21:00 in Paris: after the Paris event.
    upcoming = list(event_index.events().upcoming())
    assert upcoming == [paris, montreal]
