"""Speaker pages: every person who gives a talk or speaks at an event has
a page in both languages, listing only what the member may see."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from community.models import Institution
from events.models import EventSpeaker
from search.documents import person_document
from tests.resources.factories import make_person

from .conftest import restrict

pytestmark = pytest.mark.django_db


@pytest.fixture
def claire(db):
    french = Locale.objects.get(language_code="fr")
    return make_person(
        french,
        role="Responsable des réseaux sociaux",
        bio="<p>Quinze ans de <b>community management</b>.</p>",
        institution=Institution.objects.create(name="Université de Lille", kind="university"),
    )


def test_the_speaker_page_shows_the_person_their_talks_and_events(
    member_client, claire, talk_maker, make_event
):
    talk_maker(1, speakers=[claire], title="Gérer une crise sur X")
    event = make_event(title="Atelier crise")
    EventSpeaker.objects.create(page=event, person=claire)
    url = claire.get_absolute_url()
    assert url == f"/fr/intervenants/{claire.pk}-claire-vasseur/"
    response = member_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Claire Vasseur" in html and "Responsable des réseaux sociaux" in html
    assert "Université de Lille" in html and "<b>community management</b>" in html
    assert "Gérer une crise sur X" in html and "Atelier crise" in html


def test_restricted_and_unpublished_pages_are_left_out(
    client, member, claire, talk_maker, make_event
):
    talk_maker(1, speakers=[claire], title="Talk public")
    secret = talk_maker(2, speakers=[claire], title="Talk de la direction")
    group = restrict(secret)
    gone = talk_maker(3, speakers=[claire], title="Talk retiré")
    gone.unpublish()
    event = make_event(title="Atelier de la direction")
    EventSpeaker.objects.create(page=event, person=claire)
    restrict(event)
    client.force_login(member)
    html = client.get(claire.get_absolute_url()).content.decode()
    assert "Talk public" in html
    for hidden in ("Talk de la direction", "Talk retiré", "Atelier de la direction"):
        assert hidden not in html
    member.groups.add(group)
    client.force_login(type(member).objects.get(pk=member.pk))
    html = client.get(claire.get_absolute_url()).content.decode()
    assert "Talk de la direction" in html and "Atelier de la direction" in html


def test_the_english_address_shows_the_english_translation(member_client, claire):
    english = claire.copy_for_translation(Locale.objects.get(language_code="en"))
    english.role = "Head of social media"
    english.save()
    # The French person's id under /en/ leads to the English translation.
    response = member_client.get(f"/en/speakers/{claire.pk}-claire-vasseur/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/speakers/{english.pk}-claire-vasseur/"
    assert "Head of social media" in member_client.get(response["Location"]).content.decode()


def test_a_wrong_name_redirects_and_an_unknown_id_is_404(member_client, claire):
    response = member_client.get(f"/fr/intervenants/{claire.pk}-quelqu-un/")
    assert response["Location"] == claire.get_absolute_url()
    assert member_client.get("/fr/intervenants/999999-personne/").status_code == 404


def test_talk_and_event_pages_link_to_the_speaker(member_client, claire, make_event):
    event = make_event()
    EventSpeaker.objects.create(page=event, person=claire)
    event.save_revision().publish()
    assert claire.get_absolute_url() in member_client.get(event.url).content.decode()


def test_search_results_for_a_speaker_lead_to_their_page(claire):
    assert person_document(claire).values["url"] == f"/fr/intervenants/{claire.pk}-claire-vasseur/"
    english = claire.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save()
    with translation.override("fr"):
        url = person_document(english).values["url"]
    assert url == f"/en/speakers/{english.pk}-claire-vasseur/"


def test_french_titles_on_the_english_speaker_page_say_they_are_french(
    member_client, claire, talk_maker, make_event
):
    """Screen readers read a French-only event's title in French."""
    event = make_event(title="Atelier crise")
    EventSpeaker.objects.create(page=event, person=claire)
    talk = talk_maker(1, speakers=[claire], title="Gérer une crise sur X")
    english_talk = talk.copy_for_translation(Locale.objects.get(language_code="en"))
    english_talk.title = "Handling a crisis on X"
    english_talk.save_revision().publish()
    english = claire.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save()

    html = member_client.get(f"/en/speakers/{english.pk}-claire-vasseur/").content.decode()
    assert f'<a href="{event.url}" lang="fr">Atelier crise</a>' in html
    assert f'<a href="{english_talk.url}">Handling a crisis on X</a>' in html
    french = member_client.get(f"/fr/intervenants/{claire.pk}-claire-vasseur/").content.decode()
    assert f'<a href="{event.url}">Atelier crise</a>' in french
