"""The event page and the events list with their shared parts cached
(issue 15): who is coming and the event's facts are cached for every
member, the seats, the waitlist and the member's own registration are read
on every view. A registration, a cancellation, a promotion from the
waitlist or a change of mind about being listed shows at once, to the
member and to everyone else, and one member's registration never shows on
another's page."""

import re

import pytest
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.urls import reverse

from community.models import Institution, MemberProfile
from events import services
from tests.clients import logged_in

pytestmark = pytest.mark.django_db

CONFIRMED = "Votre place est confirmée."
REGISTER = "M'inscrire"


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.FRAGMENT_CACHE_TIMEOUT = 3600
    cache.clear()


@pytest.fixture
def people(make_member):
    """Three members in the directory: Ana, Béa and Cyd."""
    institution = Institution.objects.create(name="Université de Nantes", kind="university")
    users = []
    for name in ("Ana", "Béa", "Cyd"):
        user = make_member(f"{name.lower()}@univ-test.example", first_name=name, last_name="Membre")
        MemberProfile.objects.create(user=user, institution=institution)
        users.append(user)
    return users


def page(client, event):
    return client.get(event.url).content.decode()


def registration_panel(html):
    """The registration panel, without its CSRF tokens (masked anew on
    every request)."""
    panel = html.split('class="panel event-registration"', 1)[1].split("</aside>", 1)[0]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", panel)


def test_registering_shows_at_once_to_the_member_and_the_seats_to_everyone(make_event, people):
    ana, bea, _cyd = people
    event = make_event(capacity=20)
    ana_client, bea_client = logged_in(ana), logged_in(bea)
    # Both pages are cached first.
    assert "20 places restantes sur 20" in page(ana_client, event)
    assert "20 places restantes sur 20" in page(bea_client, event)

    response = ana_client.post(reverse("events:register", args=[event.pk]), {"listed": "on"})
    assert response.status_code == 302

    mine = registration_panel(page(ana_client, event))
    theirs = registration_panel(page(bea_client, event))
    assert CONFIRMED in mine and "Annuler mon inscription" in mine
    assert "19 places restantes sur 20" in mine and "1 confirmé" in mine
    # Béa sees the seat taken and Ana among the attendees, not Ana's registration.
    assert CONFIRMED not in theirs and REGISTER in theirs
    assert "19 places restantes sur 20" in theirs and "Ana Membre" in theirs

    ana_client.post(reverse("events:cancel", args=[event.pk]))

    mine = registration_panel(page(ana_client, event))
    theirs = registration_panel(page(bea_client, event))
    assert CONFIRMED not in mine and REGISTER in mine and "20 places restantes sur 20" in mine
    assert "20 places restantes sur 20" in theirs and "Ana Membre" not in theirs


def test_a_promotion_from_the_waitlist_shows_at_once(make_event, people):
    ana, bea, cyd = people
    event = make_event(capacity=1)
    services.register(event, ana, notify=False, listed=True)
    services.register(event, bea, notify=False, listed=True)
    bea_client, cyd_client = logged_in(bea), logged_in(cyd)
    waiting = registration_panel(page(bea_client, event))
    assert "Vous êtes n° 1 sur la liste d'attente" in waiting and "Quitter la liste" in waiting
    others = registration_panel(page(cyd_client, event))
    assert "Complet" in others and "1 membre sur la liste d'attente." in others
    assert "Ana Membre" in others and "Béa Membre" not in others

    logged_in(ana).post(reverse("events:cancel", args=[event.pk]))

    promoted = registration_panel(page(bea_client, event))
    assert CONFIRMED in promoted and "Vous êtes n°" not in promoted
    others = registration_panel(page(cyd_client, event))
    assert "Complet" in others and "0 membre sur la liste d'attente." in others
    assert "Béa Membre" in others and "Ana Membre" not in others


def test_the_online_link_follows_the_members_own_seat(make_event, people):
    ana, bea, _cyd = people
    event = make_event(capacity=1, is_online=True, online_url="https://visio.example/salle")
    ana_client, bea_client = logged_in(ana), logged_in(bea)
    assert "https://visio.example/salle" not in page(ana_client, event)
    services.register(event, ana, notify=False)
    services.register(event, bea, notify=False)  # on the waitlist
    assert "https://visio.example/salle" in page(ana_client, event)
    assert "https://visio.example/salle" not in page(bea_client, event)


def test_being_listed_or_hiding_ones_profile_shows_at_once(make_event, people):
    ana, bea, _cyd = people
    event = make_event()
    services.register(event, ana, notify=False)
    bea_client = logged_in(bea)
    assert "Ana Membre" not in page(bea_client, event)

    logged_in(ana).post(reverse("events:set_listed", args=[event.pk]), {"listed": "on"})
    assert "Ana Membre" in page(bea_client, event)

    profile = MemberProfile.objects.get(user=ana)
    profile.visible_in_directory = False
    profile.save()
    assert "Ana Membre" not in page(bea_client, event)


def test_organisers_and_members_never_share_the_list_of_attendees(
    make_event, people, editor_client
):
    ana, bea, _cyd = people
    event = make_event()
    services.register(event, ana, notify=False, listed=False)
    # The organiser fills the cache first: members must not get their list.
    assert "Ana Membre" in page(editor_client, event)
    assert "Ana Membre" not in page(logged_in(bea), event)


def test_the_events_list_shows_a_registration_at_once_to_the_member_only(
    make_event, event_index, people
):
    ana, bea, _cyd = people
    event = make_event(title="Atelier vidéo", capacity=20)
    ana_client, bea_client = logged_in(ana), logged_in(bea)

    def card(client):
        html = client.get(event_index.url).content.decode()
        return (
            html.split("Atelier vidéo", 1)[0].rsplit("<article", 1)[1]
            + html.split("Atelier vidéo", 1)[1].split("</article>", 1)[0]
        )

    assert "Inscrit·e" not in card(ana_client) and "20 places restantes" in card(bea_client)

    ana_client.post(reverse("events:register", args=[event.pk]))

    assert "Inscrit·e" in card(ana_client) and "19 places restantes" in card(ana_client)
    theirs = card(bea_client)
    assert "Inscrit·e" not in theirs and "19 places restantes" in theirs
    assert "<!--cmhub-registered" not in card(ana_client) + theirs

    ana_client.post(reverse("events:cancel", args=[event.pk]))

    assert "Inscrit·e" not in card(ana_client) and "20 places restantes" in card(ana_client)


def test_the_registered_badges_are_read_again_after_a_change_in_the_database(
    make_event, event_index, member, member_client
):
    """The member's cached "Registered" keys follow every save or delete of
    one of their registrations, also one made outside the views."""
    event = make_event(title="Atelier podcast")
    assert "Inscrit·e" not in member_client.get(event_index.url).content.decode()
    registration, _created = services.register(event, member, notify=False)
    assert "Inscrit·e" in member_client.get(event_index.url).content.decode()
    registration.delete()
    assert "Inscrit·e" not in member_client.get(event_index.url).content.decode()


def facts(html):
    return html.split('<dl class="event-facts">', 1)[1].split("</dl>", 1)[0]


@pytest.mark.parametrize("state", ["confirmed", "waitlisted", "none", "organiser"])
@pytest.mark.parametrize("is_online", [False, True])
def test_the_page_is_the_same_with_caching_off(
    make_event, people, settings, editor_client, state, is_online
):
    """The cached panel and facts (shared by every member in the same
    state) show what the live rendering shows, whatever the member's state."""
    ana, bea, cyd = people
    event = make_event(capacity=1, is_online=is_online, online_url="https://visio.example/salle")
    services.register(event, ana, notify=False, listed=True)
    services.register(event, bea, notify=False)
    member = {"confirmed": ana, "waitlisted": bea, "none": cyd}.get(state)
    client = editor_client if member is None else logged_in(member)
    page(client, event)
    cached = page(client, event)
    settings.FRAGMENT_CACHE_TIMEOUT = 0
    live = page(client, event)
    assert registration_panel(cached) == registration_panel(live)
    assert facts(cached) == facts(live)
    assert ("https://visio.example/salle" in facts(cached)) == (is_online and state == "confirmed")


def test_the_cached_panel_holds_the_members_own_csrf_token_and_choice(make_event, people):
    """The panel's forms are cached with a hole for the token: every token
    on a member's page is made from their own CSRF secret, also when another
    member in the same state filled the cache; a member listed among the
    attendees never shares a panel with one who is not."""
    ana, bea, cyd = people
    event = make_event(capacity=5)
    services.register(event, ana, notify=False, listed=True)
    services.register(event, bea, notify=False)
    services.register(event, cyd, notify=False)
    ana_client, bea_client, cyd_client = logged_in(ana), logged_in(bea), logged_in(cyd)
    page(bea_client, event)
    html = page(cyd_client, event)  # the panel Béa's request cached
    panel = html.split('class="panel event-registration"', 1)[1].split("</aside>", 1)[0]
    secret = cyd_client.cookies["csrftoken"].value
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', panel)
    assert len(tokens) == 2  # being listed, cancelling
    assert all(_unmask_cipher_token(token) == secret for token in tokens)
    assert "<!--cmhub-panel-csrf-->" not in html
    listed = '<input type="checkbox" name="listed" checked>'
    assert listed not in panel
    assert listed in registration_panel(page(ana_client, event))
    assert listed not in registration_panel(page(bea_client, event))


def test_a_warm_event_page_renders_no_template_of_its_panel_or_facts(make_event, people):
    """Warm, the registration panel, who is coming and the facts (when, in
    the member's time zone too, and where) come from the cache: their
    templates are not rendered again."""
    ana, _bea, _cyd = people
    event = make_event(capacity=5)
    services.register(event, ana, notify=False, listed=True)
    client = logged_in(ana)
    cold = client.get(event.url)
    assert {"events/includes/when.html", "events/includes/attendees.html"} <= {
        template.name for template in cold.templates
    }
    warm = client.get(event.url)
    rendered = {template.name for template in warm.templates}
    assert "events/includes/when.html" not in rendered
    assert "events/includes/attendees.html" not in rendered
    assert CONFIRMED in registration_panel(warm.content.decode())


def test_an_organisers_own_hidden_avatar_stays_theirs(make_event, make_member):
    """Organisers see every registrant, and their own avatar even when
    their profile is hidden: another organiser's cached list never shows it."""
    event = make_event()
    first, second = (
        make_member(f"{name.lower()}@univ-test.example", groups=("Members", "Editors"))
        for name in ("Orga", "Autre")
    )
    MemberProfile.objects.create(user=first, visible_in_directory=False)
    MemberProfile.objects.filter(user=first).update(avatar="avatars/orga.png")
    services.register(event, first, notify=False)

    assert "avatars/orga.png" in page(logged_in(first), event)
    assert "avatars/orga.png" not in page(logged_in(second), event)


def test_each_member_keeps_their_own_place_through_the_cache(make_event, people):
    """The seats, the waitlist and each member's registration are cached
    per member: with every page warm, each sees their own place, and a
    cancellation moves everyone up at once (the promoted member, the one
    behind them, and the figures everyone sees)."""
    ana, bea, cyd = people
    event = make_event(capacity=1)
    for member in people:
        services.register(event, member, notify=False)
    clients = {member: logged_in(member) for member in people}
    for client in clients.values():
        page(client, event)  # cached, then read through the read-ahead's plan
    panels = {member: registration_panel(page(client, event)) for member, client in clients.items()}
    assert CONFIRMED in panels[ana] and "Vous êtes n°" not in panels[ana]
    assert "Vous êtes n° 1 sur la liste d'attente" in panels[bea] and CONFIRMED not in panels[bea]
    assert "Vous êtes n° 2 sur la liste d'attente" in panels[cyd] and CONFIRMED not in panels[cyd]
    assert all("2 membres sur la liste d'attente." in panel for panel in panels.values())

    clients[ana].post(reverse("events:cancel", args=[event.pk]))

    panels = {member: registration_panel(page(client, event)) for member, client in clients.items()}
    assert REGISTER in panels[ana] and CONFIRMED not in panels[ana]
    assert CONFIRMED in panels[bea] and "Vous êtes n°" not in panels[bea]
    assert "Vous êtes n° 1 sur la liste d'attente" in panels[cyd]
    assert all("1 membre sur la liste d'attente." in panel for panel in panels.values())
    assert all("1 confirmé" in panel for panel in panels.values())


def test_figures_read_before_a_registration_are_never_served_after_it(make_event, people):
    """A request that read the figures before a registration committed may
    store them late: under the content version it read first, which the
    registration has bumped, so no later request reads them."""
    from core import fragments
    from events.models.registrations import SUMMARY_KEY

    ana, _bea, _cyd = people
    event = make_event(capacity=20)
    client = logged_in(ana)
    assert "20 places restantes sur 20" in page(client, event)
    before = fragments.version()

    services.register(event, ana, notify=False)
    # The late write of a request that read the version and the rows before.
    stale = (0, 0, None, None, None, None, 0)
    key = SUMMARY_KEY.format(event=event.translation_key, member=ana.pk, version=before)
    cache.set(key, stale, 3600)

    mine = registration_panel(page(client, event))
    assert CONFIRMED in mine and "19 places restantes sur 20" in mine


def test_the_cached_times_follow_the_members_own_time_zone(make_event, people):
    """When the event takes place is cached per time zone: a member in
    Montréal sees their own time, one in Paris does not, whoever filled the
    cache, and a member who changes their time zone sees it at once."""
    ana, bea, _cyd = people
    event = make_event()
    ana.time_zone = "America/Toronto"
    ana.save()
    ana_client, bea_client = logged_in(ana), logged_in(bea)
    your_time = "Votre heure\u00a0:"
    assert your_time not in page(bea_client, event)
    assert your_time in page(ana_client, event)
    assert your_time not in page(bea_client, event)

    response = bea_client.post(reverse("events:set_time_zone"), {"time_zone": "America/Toronto"})
    assert response.status_code == 302
    assert your_time in page(bea_client, event)


def test_an_editors_preview_shows_the_draft_not_the_cached_page(
    make_event, editor, editor_client, people
):
    """A preview renders the draft (Wagtail's preview calls `serve_preview`
    with `is_preview` set): its place and seats, not the cached
    parts of the published page, and stores nothing members would see."""
    from django.test import RequestFactory
    from django.utils import translation

    from events.models import EventPage

    _ana, bea, _cyd = people
    event = make_event(capacity=10, city="Lyon")
    bea_client = logged_in(bea)
    for client in (editor_client, bea_client):
        assert "10 places restantes sur 10" in page(client, event)
        page(client, event)
    draft = EventPage.objects.get(pk=event.pk)
    draft.capacity, draft.city = 3, "Grenoble"
    request = RequestFactory().get(event.url)
    request.user = editor
    request.is_preview = True
    with translation.override("fr"):
        html = draft.serve_preview(request, draft.default_preview_mode).render().content.decode()
    assert "Plus que 3 places" in html and "Grenoble" in html
    assert "10 places restantes sur 10" not in html

    for client in (editor_client, bea_client):
        live = page(client, event)
        assert "10 places restantes sur 10" in live and "Grenoble" not in live
