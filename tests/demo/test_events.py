"""The demo events: loaded by load_demo, idempotent, with few places left
on the micro-programme's first part."""

import pytest
from django.core.management import call_command

from events.models import EventIndexPage, EventPage, Registration

pytestmark = pytest.mark.django_db


def test_demo_events_load_twice_without_duplicates(member_client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (EventPage.objects.count(), Registration.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (EventPage.objects.count(), Registration.objects.count())
    assert EventIndexPage.objects.count() == 2

    french = EventPage.objects.filter(locale__language_code="fr")
    assert french.count() == 10
    assert EventPage.objects.filter(locale__language_code="en").count() == 3
    weekend = french.with_registration_counts().get(slug="microprogramme-volet-1-fondamentaux")
    assert weekend.few_places_left
    assert weekend.hours == 12
    assert weekend.speakers.count() == 4
    assert weekend.time_zone == "America/Toronto"
    assert french.filter(is_online=True).exists()
    assert french.past().count() >= 3

    index = EventIndexPage.objects.get(locale__language_code="fr")
    response = member_client.get(index.url)
    assert response.status_code == 200
    assert weekend.title in response.content.decode()
    assert member_client.get(weekend.url).status_code == 200
