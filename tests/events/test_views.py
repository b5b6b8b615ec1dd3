"""The member-facing pages and views: access rules, one-click registration,
the online link, the event list and calendar, the personal iCal feed and
the member's registrations."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from community.models import Institution, Topic
from events import services
from events.models import CalendarFeed, EventIndexPage, EventPage, Registration
from home.models import HomePage

from .conftest import PARIS

pytestmark = pytest.mark.django_db

ONLINE_LINK = "https://visio.example/salle-cm-42"


@pytest.fixture
def online_event(make_event):
    return make_event(
        title="Webinaire e-réputation", is_online=True, online_url=ONLINE_LINK, city="", capacity=1
    )


# --- access -----------------------------------------------------------------------


def test_visitors_are_sent_to_the_login_page(client, make_event, event_index):
    event = make_event()
    for url in (
        event.url,
        event_index.url,
        event_index.url + "calendar/",
        reverse("events:ics", args=[event.pk]),
        reverse("events:my_registrations"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/fr/account/login/"), url
    response = client.post(reverse("events:register", args=[event.pk]))
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_registering_needs_a_post_with_csrf(client, member, make_event):
    event = make_event()
    client.force_login(member)
    assert client.get(reverse("events:register", args=[event.pk])).status_code == 405
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(reverse("events:register", args=[event.pk])).status_code == 403
    assert not Registration.objects.exists()


def test_member_registers_in_one_click(member_client, member, make_event):
    event = make_event(capacity=5)
    response = member_client.post(reverse("events:register", args=[event.pk]), follow=True)
    assert response.redirect_chain[-1][0] == event.url
    registration = Registration.objects.get(member=member)
    assert registration.is_confirmed
    html = response.content.decode()
    assert 'action="{}"'.format(reverse("events:cancel", args=[event.pk])) in html


def test_member_cancels_from_the_event_page(member_client, member, make_event):
    event = make_event()
    services.register(event, member, notify=False)
    response = member_client.post(reverse("events:cancel", args=[event.pk]))
    assert response.status_code == 302
    assert not Registration.objects.active().exists()


def test_leaving_a_waitlist_is_worded_as_leaving_it(member_client, member, make_member, make_event):
    """A member on the waitlist is asked whether to leave it and told they
    left it: no talk of a seat they never had (the dialog, the page without
    JavaScript, "My registrations" and the message)."""
    full = make_event(title="Complet", capacity=1)
    services.register(full, make_member("first@univ-test.example"), notify=False)
    services.register(full, member, notify=False)
    pages = [
        member_client.get(full.url),
        member_client.get(reverse("events:cancel", args=[full.pk])),
    ]
    for response in pages:
        html = response.content.decode().replace("&#x27;", "'")
        assert "Quitter la liste d’attente\u00a0?" in html
        assert "Oui, quitter la liste d'attente" in html
        assert "Non, rester sur la liste d'attente" in html
        assert "Oui, annuler" not in html and "garder ma place" not in html
    # "My registrations" has both dialogs; the waitlist's button opens its own.
    html = member_client.get(reverse("events:my_registrations")).content.decode()
    assert 'data-confirm-dialog="leave-waitlist-dialog"' in html
    assert "Oui, quitter la liste d'attente" in html.replace("&#x27;", "'")
    response = member_client.post(reverse("events:cancel", args=[full.pk]), follow=True)
    html = response.content.decode().replace("&#x27;", "'")
    assert "Vous avez quitté la liste d'attente." in html
    assert "Votre inscription est annulée." not in html


def test_a_seat_and_a_waitlist_place_each_get_their_own_dialog(
    member_client, member, make_member, make_event
):
    seated = make_event(title="Une place")
    full = make_event(title="Complet", capacity=1)
    services.register(full, make_member("first@univ-test.example"), notify=False)
    services.register(seated, member, notify=False)
    services.register(full, member, notify=False)
    html = member_client.get(reverse("events:my_registrations")).content.decode()
    assert html.count('data-confirm-dialog="cancel-dialog"') == 1
    assert html.count('data-confirm-dialog="leave-waitlist-dialog"') == 1
    assert 'id="cancel-dialog"' in html and 'id="leave-waitlist-dialog"' in html
    response = member_client.post(reverse("events:cancel", args=[seated.pk]), follow=True)
    assert "Votre inscription est annulée." in response.content.decode()


def test_unknown_or_draft_event_is_404(member_client, make_event):
    event = make_event()
    event.unpublish()
    assert member_client.post(reverse("events:register", args=[event.pk])).status_code == 404
    assert member_client.post(reverse("events:register", args=[999999])).status_code == 404


def test_closed_registration_is_explained(member_client, make_event):
    event = make_event(
        registration_opens_at=datetime.datetime.now(PARIS) + datetime.timedelta(days=2)
    )
    html = member_client.get(event.url).content.decode()
    assert reverse("events:register", args=[event.pk]) not in html
    response = member_client.post(reverse("events:register", args=[event.pk]), follow=True)
    assert not Registration.objects.exists()
    assert list(response.context["messages"])[0].level_tag == "error"


def test_online_link_only_for_confirmed_members(client, make_member, online_event):
    seated, waiting, other = (make_member(f"m{n}@univ-test.example") for n in range(3))
    services.register(online_event, seated, notify=False)
    services.register(online_event, waiting, notify=False)
    for user, sees_link in ((seated, True), (waiting, False), (other, False)):
        client.force_login(user)
        assert (ONLINE_LINK in client.get(online_event.url).content.decode()) is sees_link
        ics = client.get(reverse("events:ics", args=[online_event.pk])).content.decode()
        assert (ONLINE_LINK in ics) is sees_link


@pytest.fixture
def intranet_host(settings):
    """The address members really use, which is neither the Wagtail Site
    record's hostname (localhost) nor django.contrib.sites' (cmhub.example)."""
    settings.ALLOWED_HOSTS = ["intranet.example.org"]
    return {"HTTP_HOST": "intranet.example.org", "secure": True}


def test_ics_links_use_the_address_the_member_used(member_client, make_event, intranet_host):
    event = make_event(title="Atelier Instagram")
    response = member_client.get(reverse("events:ics", args=[event.pk]), **intranet_host)
    assert response.status_code == 200
    (vevent,) = Calendar.from_ical(response.content).events
    page_url = "https://intranet.example.org" + event.url
    assert str(vevent["URL"]) == page_url
    assert page_url in str(vevent["DESCRIPTION"])
    # The UID names the event, not an address: the same whatever the host,
    # so a calendar never holds the same event twice.
    assert str(vevent["UID"]) == f"event-{event.translation_key}@cmhub"
    assert b"localhost" not in response.content
    assert b"cmhub.example" not in response.content


# --- event page -----------------------------------------------------------------


def test_event_page_shows_places_left_speakers_and_programme(
    member_client, make_member, make_event
):
    from community.models import Person
    from events.models import EventSpeaker

    event = make_event(capacity=4)
    person = Person.objects.create(
        first_name="Claire", last_name="Vasseur", locale=Locale.get_default()
    )
    EventSpeaker.objects.create(page=event, person=person)
    for n in range(3):
        services.register(event, make_member(f"p{n}@univ-test.example"), notify=False)
    html = member_client.get(event.url).content.decode()
    assert "Claire Vasseur" in html
    assert 'class="badge badge--warning"' in html  # only 1 place left


def test_past_event_lists_the_talks_given_there(member_client, make_event, sections):
    from resources.models import TalkIndexPage
    from tests.resources.factories import make_talk

    past = make_event(start=datetime.datetime.now(PARIS) - datetime.timedelta(days=30))
    past.save_revision().publish()
    other = make_event()
    talk = make_talk(sections[(TalkIndexPage, "fr")], 1, title="Parcours d'une CM", event=past)
    make_talk(sections[(TalkIndexPage, "fr")], 2, title="Ailleurs", event=other)
    assert list(past.given_talks()) == [talk]
    html = member_client.get(past.url).content.decode()
    assert "Parcours d" in html and talk.url in html
    assert "Ailleurs" not in html


# --- index and calendar -----------------------------------------------------------


def test_index_lists_upcoming_then_past_events(member_client, make_event, event_index):
    now = datetime.datetime.now(PARIS)
    soon = make_event(title="Bientôt", start=now + datetime.timedelta(days=2))
    later = make_event(title="Plus tard", start=now + datetime.timedelta(days=20))
    past = make_event(title="Passé", start=now - datetime.timedelta(days=20))
    response = member_client.get(event_index.url)
    assert list(response.context["events"]) == [soon, later]
    response = member_client.get(event_index.url + "?when=past")
    assert list(response.context["events"]) == [past]


def test_index_filters(member_client, make_event, event_index):
    institution = Institution.objects.create(name="Cégep de la Capitale", kind="cegep")
    topic = Topic.objects.create(name="Veille", slug="veille", locale=Locale.get_default())
    online = make_event(title="En ligne", is_online=True, online_url=ONLINE_LINK, kind="webinar")
    hosted = make_event(title="Chez le cégep", host_institution=institution)
    hosted.topics.add(topic)
    hosted.save()
    start = datetime.datetime(2031, 2, 10, 9, 0, tzinfo=PARIS)
    february = make_event(title="Février", start=start, end=start + datetime.timedelta(hours=2))

    def listed(query):
        response = member_client.get(f"{event_index.url}?{query}")
        assert response.status_code == 200, response.context["form"].errors
        return set(response.context["events"])

    assert listed("mode=online") == {online}
    assert listed("mode=in_person") == {hosted, february}
    assert listed("kind=webinar") == {online}
    assert listed(f"institution={institution.pk}") == {hosted}
    assert listed("topic=veille") == {hosted}
    assert listed("month=2031-02") == {february}


@pytest.mark.parametrize(
    "query",
    [
        "kind=party",
        "mode=teleport",
        "institution=999999",
        "institution=abc",
        "month=2031-13",
        "month=soon",
        "topic=nope",
        "when=yesterday",
    ],
)
def test_bad_filter_values_answer_400_with_the_form(member_client, event_index, query):
    response = member_client.get(f"{event_index.url}?{query}")
    assert response.status_code == 400
    assert response.context["form"].errors
    assert 'class="errorlist' in response.content.decode()


def test_calendar_places_events_on_their_local_day(member_client, make_event, event_index):
    from .conftest import MONTREAL

    # 21:00 in Montréal on 31 January is already 1 February in Paris: it
    # belongs to January, where it takes place.
    late = make_event(
        title="Soirée Montréal",
        time_zone="America/Toronto",
        start=datetime.datetime(2031, 1, 31, 21, 0, tzinfo=MONTREAL),
        end=datetime.datetime(2031, 1, 31, 23, 0, tzinfo=MONTREAL),
        city="Montréal",
    )
    weekend = make_event(
        title="Week-end",
        start=datetime.datetime(2031, 1, 18, 9, 0, tzinfo=PARIS),
        end=datetime.datetime(2031, 1, 19, 17, 0, tzinfo=PARIS),
    )
    response = member_client.get(event_index.url + "calendar/2031/1/")
    assert response.status_code == 200
    days = {
        day["date"].day: day["events"]
        for week in response.context["month"].weeks
        for day in week
        if day["in_month"]
    }
    assert days[31] == [late]
    assert days[18] == days[19] == [weekend]
    assert member_client.get(event_index.url + "calendar/2031/2/").context["month"].is_empty
    assert member_client.get(event_index.url + "calendar/").status_code == 200


@pytest.mark.parametrize("path", ["calendar/2031/13/", "calendar/2031/0/", "calendar/1800/5/"])
def test_calendar_refuses_months_that_do_not_exist(member_client, event_index, path):
    response = member_client.get(event_index.url + path)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


# --- personal feed and account page ---------------------------------------------------


def test_personal_feed_works_without_a_session(client, member, make_event):
    confirmed = make_event(title="Atelier confirmé", capacity=5)
    full = make_event(title="Atelier complet", capacity=0)
    not_mine = make_event(title="Pas inscrit")
    services.register(confirmed, member, notify=False)
    services.register(full, member, notify=False)
    feed = CalendarFeed.objects.create(member=member)
    response = client.get(reverse("events:feed", args=[feed.token]))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    events = {str(event["SUMMARY"]): event for event in calendar.events}
    assert set(events) == {"Atelier confirmé", "Atelier complet"}
    assert str(events["Atelier complet"]["STATUS"]) == "TENTATIVE"
    assert events["Atelier confirmé"].start == confirmed.start
    assert not_mine.title not in response.content.decode()
    assert calendar.get_missing_tzids() == set()


def test_personal_feed_links_and_refresh_interval(client, member, make_event, intranet_host):
    event = make_event(title="Atelier TikTok")
    services.register(event, member, notify=False)
    feed = CalendarFeed.objects.create(member=member)
    response = client.get(reverse("events:feed", args=[feed.token]), **intranet_host)
    lines = response.content.decode().splitlines()
    assert "X-PUBLISHED-TTL:PT6H" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in lines
    (vevent,) = Calendar.from_ical(response.content).events
    assert str(vevent["URL"]) == "https://intranet.example.org" + event.url
    assert "localhost" not in response.content.decode()


def test_personal_feed_unknown_token_is_404(client):
    assert client.get(reverse("events:feed", args=["not-a-real-token"])).status_code == 404


def test_member_regenerates_the_feed_address(member_client, member):
    old = member_client.get(reverse("events:my_registrations")).context["feed_url"]
    old_token = CalendarFeed.objects.get(member=member).token
    assert old_token in old
    response = member_client.post(reverse("events:regenerate_feed"))
    assert response.status_code == 302
    new_token = CalendarFeed.objects.get(member=member).token
    assert new_token != old_token
    member_client.logout()
    assert member_client.get(reverse("events:feed", args=[old_token])).status_code == 404
    assert member_client.get(reverse("events:feed", args=[new_token])).status_code == 200


def test_my_registrations_lists_seats_and_waitlist(member_client, member, make_member, make_event):
    seated = make_event(title="J'ai une place")
    full = make_event(title="Complet", capacity=1)
    services.register(full, make_member("first@univ-test.example"), notify=False)
    services.register(seated, member, notify=False)
    services.register(full, member, notify=False)
    response = member_client.get(reverse("events:my_registrations"))
    html = response.content.decode()
    assert response.status_code == 200
    assert [r.event for r in response.context["upcoming"]] == [seated, full]
    assert "J&#x27;ai une place" in html and "Complet" in html
    assert reverse("events:my_registrations") in member_client.get("/fr/").content.decode()


def test_my_registrations_at_the_same_hour_keep_one_order(member_client, member, make_event):
    """Two workshops starting at the same minute: listed in the order they
    were published, whatever the order the member registered in (the
    database alone may return them either way)."""
    earlier = make_event(title="Premier publié")
    later = make_event(title="Second publié")
    assert earlier.start == later.start
    for event in (later, earlier):
        services.register(event, member, notify=False)
    response = member_client.get(reverse("events:my_registrations"))
    assert [r.event for r in response.context["upcoming"]] == [earlier, later]
    html = response.content.decode()
    assert html.index("Premier publié") < html.index("Second publié")


def test_member_changes_their_time_zone(member_client, member):
    response = member_client.post(reverse("events:set_time_zone"), {"time_zone": "America/Toronto"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.time_zone == "America/Toronto"
    response = member_client.post(reverse("events:set_time_zone"), {"time_zone": "Mars/Base"})
    assert response.status_code == 400


class TestEventPageRules(WagtailPageTestCase):
    """Where event pages may be created."""

    def test_page_tree(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertCanCreateAt(HomePage, EventIndexPage)
