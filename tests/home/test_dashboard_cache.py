"""The dashboard's cached parts (upcoming events, recent discussions) never
show a member anything stale or anything they may not see."""

import datetime
import time

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events.models import EventIndexPage, EventPage
from events.services import register
from resources.models import GuideIndexPage
from tests.clients import logged_in
from tests.community.comment_helpers import add_comment
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_index(home_pages):
    index = EventIndexPage(title="Événements", slug="evenements", summary="Les ateliers.")
    home_pages[0].add_child(instance=index)
    return index


def publish_event(event_index, number, start=None, **fields):
    start = start or timezone.now() + datetime.timedelta(days=10 + number)
    event = EventPage(
        title=fields.pop("title", f"Atelier {number}"),
        slug=f"atelier-{number}",
        summary="Un atelier.",
        kind="workshop",
        time_zone="Europe/Paris",
        start=start,
        end=fields.pop("end", start + datetime.timedelta(hours=3)),
        city="Lyon",
        capacity=fields.pop("capacity", 10),
        **fields,
    )
    event_index.add_child(instance=event)
    event.save_revision().publish()
    return event


def events_panel(html):
    return html.split('id="upcoming-events"', 1)[1].split("</section>", 1)[0]


def test_registering_shows_at_once_and_only_on_the_members_own_dashboard(
    member, make_member, event_index
):
    event = publish_event(event_index, 1, capacity=6)
    other = make_member("lea@univ-test.example", first_name="Léa")
    mine, theirs = logged_in(member), logged_in(other)
    assert "6 places restantes" in events_panel(theirs.get("/fr/").content.decode())

    register(event, member, notify=False)

    my_panel = events_panel(mine.get("/fr/").content.decode())
    their_panel = events_panel(theirs.get("/fr/").content.decode())
    assert "Inscrit·e" in my_panel and "Plus que 5 places" in my_panel
    assert "Inscrit·e" not in their_panel and "Plus que 5 places" in their_panel
    assert "<!--cmhub-registered" not in my_panel + their_panel


def test_a_published_event_shows_at_once(member_client, event_index):
    publish_event(event_index, 1)
    assert "Atelier 2" not in member_client.get("/fr/").content.decode()

    publish_event(event_index, 2)

    assert "Atelier 2" in events_panel(member_client.get("/fr/").content.decode())


def test_an_event_leaves_the_dashboard_when_it_ends(member_client, event_index):
    """The cached part lasts no longer than the first of its events."""
    now = timezone.now()
    ends = now + datetime.timedelta(seconds=3)
    publish_event(event_index, 1, start=now - datetime.timedelta(hours=1), end=ends)
    publish_event(event_index, 2)
    assert "Atelier 1" in events_panel(member_client.get("/fr/").content.decode())

    time.sleep(max((ends - timezone.now()).total_seconds(), 0) + 0.5)

    panel = events_panel(member_client.get("/fr/").content.decode())
    assert "Atelier 1" not in panel and "Atelier 2" in panel


def test_restricted_events_stay_hidden_from_members_outside_the_group(
    member, make_member, event_index
):
    secret = publish_event(event_index, 1, title="Atelier réservé")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    editor = make_member("eva@univ-test.example", first_name="Éva")
    editor.groups.add(Group.objects.get(name="Editors"))

    # The editor fills the cache first: the member must not get their part.
    assert "Atelier réservé" in logged_in(editor).get("/fr/").content.decode()
    assert "Atelier réservé" not in logged_in(member).get("/fr/").content.decode()


def test_recent_discussions_follow_comments_and_restrictions(member, make_member, sections):
    parent = sections[(GuideIndexPage, "fr")]
    public = make_guide(parent, 1, title="Guide ouvert")
    secret = make_guide(parent, 2, title="Guide réservé")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    editor = make_member("eva@univ-test.example", first_name="Éva")
    editor.groups.add(Group.objects.get(name="Editors"))
    add_comment(public, member, "Un avis public")
    add_comment(secret, editor, "Un avis entre éditeurs")
    editors, members = logged_in(editor), logged_in(member)

    editors_html = editors.get("/fr/").content.decode()
    members_html = members.get("/fr/").content.decode()
    assert "Un avis entre éditeurs" in editors_html
    assert "Un avis entre éditeurs" not in members_html
    assert "Un avis public" in members_html

    add_comment(public, editor, "Une réponse toute fraîche")

    assert "Une réponse toute fraîche" in members.get("/fr/").content.decode()


def test_the_events_panel_links_to_all_events_in_words(member_client, event_index):
    """The link under the next events read "événements →" in French (a
    wrong translation of "All events")."""
    publish_event(event_index, 1)

    panel = events_panel(member_client.get("/fr/").content.decode())

    assert f'<a href="{event_index.url}">Tous les événements →</a>' in panel
