"""Who is coming: the choice to be listed, the list members see, what the
organiser sees, and the counts."""

import pytest
from django.urls import reverse

from community.models import Institution, MemberProfile
from events import services
from events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def attendee(make_member):
    """A confirmed member, from an institution, whose profile shows in the directory."""

    def make(email, first_name, listed=True, visible=True, event=None):
        user = make_member(email, first_name=first_name, last_name="Participant")
        MemberProfile.objects.create(
            user=user,
            institution=Institution.objects.get_or_create(
                name="Université de Nantes", defaults={"kind": "university", "short_name": "UN"}
            )[0],
            visible_in_directory=visible,
        )
        if event is not None:
            services.register(event, user, notify=False, listed=listed)
        return user

    return make


def test_registering_lists_the_member_only_when_they_ask(member_client, member, make_event):
    event = make_event()
    html = member_client.get(event.url).content.decode()
    assert 'name="listed"' in html and "M’afficher parmi les participants" in html
    member_client.post(reverse("events:register", args=[event.pk]))
    assert Registration.objects.get(member=member).listed is False

    other = make_event()
    member_client.post(reverse("events:register", args=[other.pk]), {"listed": "on"})
    assert Registration.objects.get(member=member, event=other).listed is True


def test_the_member_changes_their_mind_later(member_client, member, make_event):
    event = make_event()
    services.register(event, member, notify=False)
    url = reverse("events:set_listed", args=[event.pk])
    response = member_client.post(url, {"listed": "on"}, follow=True)
    assert "Vous apparaissez désormais parmi les participants." in response.content.decode()
    assert Registration.objects.get(member=member).listed is True
    member_client.post(url, {})
    assert Registration.objects.get(member=member).listed is False
    assert member_client.get(url).status_code == 405


def test_members_see_listed_confirmed_attendees_with_their_institution(
    member_client, make_event, attendee
):
    event = make_event(capacity=2)
    attendee("ana@univ-test.example", "Ana", event=event)
    attendee("bea@univ-test.example", "Béa", listed=False, event=event)
    # Full: the third one waits, listed or not.
    attendee("cyd@univ-test.example", "Cyd", event=event)
    html = member_client.get(event.url).content.decode()
    assert "Qui vient" in html
    assert "Ana Participant" in html and "UN" in html
    assert "Béa Participant" not in html
    assert "Cyd Participant" not in html
    # The counts, for everyone.
    assert "2 confirmés" in html and "1 sur liste d'attente" in html


def test_a_hidden_profile_is_never_listed_to_members(member_client, make_event, attendee):
    event = make_event()
    attendee("hid@univ-test.example", "Hidden", visible=False, event=event)
    html = member_client.get(event.url).content.decode()
    assert "Hidden Participant" not in html
    assert "1 confirmé" in html


def test_an_unverified_account_is_never_listed(member_client, make_event, attendee):
    from allauth.account.models import EmailAddress

    event = make_event()
    user = attendee("new@univ-test.example", "Nouvelle", event=event)
    EmailAddress.objects.filter(user=user).update(verified=False)
    assert "Nouvelle Participant" not in member_client.get(event.url).content.decode()


def test_the_organiser_sees_every_registrant(editor_client, make_event, attendee):
    event = make_event(capacity=1)
    attendee("ana@univ-test.example", "Ana", listed=False, event=event)
    attendee("hid@univ-test.example", "Hidden", visible=False, event=event)
    html = editor_client.get(event.url).content.decode()
    assert "Ana Participant" in html and "Hidden Participant" in html
    assert "non affiché" in html and "Liste d’attente 1" in html


def test_cancelling_asks_for_confirmation_without_javascript(member_client, member, make_event):
    event = make_event()
    services.register(event, member, notify=False)
    html = member_client.get(event.url).content.decode()
    cancel_url = reverse("events:cancel", args=[event.pk])
    # The page's button opens the confirmation page (GET); the dialog posts.
    assert f'method="get" action="{cancel_url}" data-confirm-dialog="cancel-dialog"' in html
    assert '<dialog id="cancel-dialog"' in html
    page = member_client.get(cancel_url)
    assert page.status_code == 200
    assert "Annuler votre inscription" in page.content.decode()
    assert Registration.objects.active().filter(member=member).exists()
    member_client.post(cancel_url, {"next": "/fr/me/events/"})
    assert not Registration.objects.active().filter(member=member).exists()


def test_the_confirmation_page_without_registration_leads_back(member_client, make_event):
    event = make_event()
    response = member_client.get(reverse("events:cancel", args=[event.pk]))
    assert response.status_code == 302 and response["Location"] == event.url


def test_a_profile_shows_the_upcoming_events_its_member_chose_to_show(
    client, member, make_event, attendee
):
    shown = make_event(title="Atelier affiché")
    kept = make_event(title="Atelier discret")
    user = attendee("ana@univ-test.example", "Ana", event=shown)
    services.register(kept, user, notify=False, listed=False)
    client.force_login(member)
    html = client.get(reverse("members:profile", args=[user.pk])).content.decode()
    assert "Atelier affiché" in html and "Atelier discret" not in html


def test_a_member_without_a_profile_yet_is_listed_when_they_ask(
    client, member, make_member, make_event
):
    """A profile is created on first use (shown in the directory by default):
    choosing to be listed creates it, so the choice is honoured."""
    event = make_event()
    client.force_login(member)
    client.post(reverse("events:register", args=[event.pk]), {"listed": "on"})
    client.force_login(make_member("lea@univ-test.example"))
    assert "Camille Durand" in client.get(event.url).content.decode()
