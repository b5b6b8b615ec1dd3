"""The calendar's month is cached like the events list (issue 15): shared by
the members of the same groups, never showing a restricted event to a
member outside its group, another member's "Registered" badge, or anything
stale after a change."""

import datetime
import time

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from events.services import register
from tests.clients import logged_in

from .conftest import PARIS

pytestmark = pytest.mark.django_db

MARCH = "calendar/2031/3/"


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.FRAGMENT_CACHE_TIMEOUT = 3600
    cache.clear()


def in_march(make_event, day, **fields):
    start = datetime.datetime(2031, 3, day, 14, 0, tzinfo=PARIS)
    event = make_event(start=start, end=start + datetime.timedelta(hours=2), **fields)
    event.save_revision().publish()
    return event


def grid(html):
    """The month's table and agenda, without the header."""
    return html.split('class="month-calendar"', 1)[1]


def test_a_restricted_event_never_reaches_members_outside_its_group(
    member, make_member, make_event, event_index
):
    in_march(make_event, 10, title="Atelier ouvert")
    secret = in_march(make_event, 11, title="Atelier réservé")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    editor = make_member("eva@univ-test.example", first_name="Éva")
    editor.groups.add(Group.objects.get(name="Editors"))

    # The editor fills the cache first: the member must not get their month.
    assert "Atelier réservé" in logged_in(editor).get(event_index.url + MARCH).content.decode()
    html = logged_in(member).get(event_index.url + MARCH).content.decode()
    assert "Atelier réservé" not in html and "Atelier ouvert" in html


def test_registering_shows_at_once_and_only_on_the_members_own_calendar(
    member, make_member, make_event, event_index
):
    event = in_march(make_event, 12, capacity=6)
    other = make_member("lea@univ-test.example", first_name="Léa")
    mine, theirs = logged_in(member), logged_in(other)
    url = event_index.url + MARCH
    assert "6 places restantes" in grid(theirs.get(url).content.decode())
    assert "Inscrit·e" not in grid(mine.get(url).content.decode())

    register(event, member, notify=False)

    my_month = grid(mine.get(url).content.decode())
    their_month = grid(theirs.get(url).content.decode())
    # Twice: in the table and in the agenda.
    assert my_month.count("Inscrit·e") == 2 and "5 places restantes" in my_month
    assert "Inscrit·e" not in their_month and "5 places restantes" in their_month
    assert "<!--cmhub-registered" not in my_month + their_month


def test_a_published_or_changed_event_shows_at_once(member_client, make_event, event_index):
    first = in_march(make_event, 3, title="Atelier vidéo")
    url = event_index.url + MARCH
    assert "Atelier vidéo" in member_client.get(url).content.decode()

    in_march(make_event, 4, title="Atelier podcast")
    first.title = "Atelier vidéo verticale"
    first.save_revision().publish()

    html = grid(member_client.get(url).content.decode())
    assert "Atelier podcast" in html and "Atelier vidéo verticale" in html


def test_filters_are_part_of_the_cached_month(member_client, make_event, event_index):
    in_march(
        make_event, 5, title="Atelier en ligne", is_online=True, online_url="https://v.example"
    )
    in_march(make_event, 6, title="Atelier à Lyon")
    url = event_index.url + MARCH

    everything = grid(member_client.get(url).content.decode())
    online = grid(member_client.get(url + "?mode=online").content.decode())

    assert "Atelier en ligne" in everything and "Atelier à Lyon" in everything
    assert "Atelier en ligne" in online and "Atelier à Lyon" not in online


def test_places_left_go_when_the_event_is_over(member_client, make_event, event_index):
    """The cached month lasts no longer than its first event not over yet."""
    now = datetime.datetime.now(PARIS).replace(microsecond=0)
    ends = now + datetime.timedelta(seconds=3)
    event = make_event(title="Atelier qui finit", start=now - datetime.timedelta(hours=1), end=ends)
    event.save_revision().publish()
    url = event_index.url + f"calendar/{now.year}/{now.month}/"
    assert "10 places restantes" in grid(member_client.get(url).content.decode())

    time.sleep(max((ends - datetime.datetime.now(PARIS)).total_seconds(), 0) + 0.5)

    html = grid(member_client.get(url).content.decode())
    assert "Atelier qui finit" in html and "places restantes" not in html
