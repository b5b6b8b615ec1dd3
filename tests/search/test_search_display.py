"""What the search page shows of what it found (issue 16's browser walk):
snippets from the documents' prose, popular searches as members typed
them, editors' picks that respect the chosen facets."""

import html
import re

import pytest
from django.utils.html import strip_tags
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from community.models import Audience
from demo.search import load_search_activity
from resources.models import TalkIndexPage
from search import reports, service
from tests.resources.factories import make_event, make_person, make_talk, make_topic

pytestmark = pytest.mark.django_db


def search(client, language="fr", **params):
    return client.get(f"/{language}/search/", params)


def snippets(response):
    """title → the snippet's text, as a member reads it (marks removed)."""
    return {
        hit.document.title: " ".join(html.unescape(strip_tags(hit.snippet)).split())
        for hit in response.context["hits"]
    }


def marked(response, title):
    hit = next(hit for hit in response.context["hits"] if hit.document.title == title)
    return re.findall(r"<mark>(.*?)</mark>", hit.snippet)


# --- 1. Snippets come from the prose, in the page's language -------------


def test_a_word_found_only_in_the_audiences_shows_the_summary_not_the_tags(member_client, sections):
    """/fr/search/?q=communauté showed "Étudiants Students Community
    managers": the audiences in both languages, glued."""
    talk = make_talk(
        sections[(TalkIndexPage, "fr")],
        1,
        title="Vingt ans de réseaux sociaux",
        summary="Un parcours de chargée de communication, de la presse au numérique.",
        advice="<p>Garder du temps pour écouter.</p>",
    )
    talk.audiences = [
        Audience.objects.get(kind="students"),
        Audience.objects.get(kind="community_managers"),
    ]
    talk.save_revision().publish()

    response = search(member_client, q="community managers")
    shown = snippets(response)["Vingt ans de réseaux sociaux"]
    assert shown == "Un parcours de chargée de communication, de la presse au numérique"
    for tag in ("Students", "Étudiants", "Community managers"):
        assert tag not in shown


def test_an_event_snippet_never_glues_its_city_venue_and_audiences(member_client, home_pages, fr):
    """/fr/search/?q=crise showed "Sherbrooke Institut de formation continue
    en communication, salle 2.14 Community managers"."""
    event = make_event(home_pages[0], title="Volet 3 : mesure et crise")
    event.summary = "Indicateurs et bilans chiffrés."
    event.city = "Sherbrooke"
    event.venue = "Institut de formation continue en communication, salle 2.14"
    event.audiences = [Audience.objects.get(kind="community_managers")]
    event.topics = [make_topic(fr, "crise-t", "Gestion de crise")]
    event.save_revision().publish()

    # Words found in the venue, the topics or the audiences only: the summary.
    for q in ("formation continue communication", "gestion de crise", "community managers"):
        response = search(member_client, q=q)
        assert snippets(response)["Volet 3 : mesure et crise"] == (
            "Indicateurs et bilans chiffrés"
        ), q


def test_a_snippet_shows_the_matched_words_of_the_long_text(member_client, home_pages):
    event = make_event(home_pages[0], title="Volet 3 : mesure et crise")
    event.summary = "Indicateurs et bilans chiffrés."
    event.city = "Sherbrooke"
    event.description = [
        ("paragraph", "<p>Reconnaître une crise naissante et y répondre avec transparence.</p>")
    ]
    event.save_revision().publish()

    response = search(member_client, q="crise")
    shown = snippets(response)["Volet 3 : mesure et crise"]
    assert shown == "Reconnaître une crise naissante et y répondre avec transparence"
    assert marked(response, "Volet 3 : mesure et crise") == ["crise"]


def test_lines_of_a_list_are_not_glued_in_a_snippet(member_client, sections):
    make_talk(
        sections[(TalkIndexPage, "fr")],
        2,
        title="Tenir une ligne éditoriale",
        summary="Retour d'expérience.",
        key_takeaways="Écouter avant de publier\nPlanifier la veille\nMesurer.",
    )
    response = search(member_client, q="veille")
    assert snippets(response)["Tenir une ligne éditoriale"] == (
        "Écouter avant de publier · Planifier la veille · Mesurer"
    )


def test_a_speaker_s_bio_paragraphs_are_not_glued_in_the_snippet(member_client, fr):
    make_person(
        fr,
        first_name="Léa",
        last_name="Morin",
        role="Chargée de communication",
        bio="<p>Anime la communauté des diplômés</p><p>Veille &amp; e-réputation</p>",
    )
    response = search(member_client, q="veille")
    assert (
        snippets(response)["Léa Morin"]
        == "Anime la communauté des diplômés · Veille & e-réputation"
    )
    assert marked(response, "Léa Morin") == ["Veille"]


# --- 2. Popular searches as members typed them ---------------------------


def test_the_demo_s_popular_searches_show_as_typed(member_client):
    """The no-results page offered "droit a l image" (the folded form the
    demo stored without what members typed)."""
    load_search_activity()

    assert "droit à l'image" in service.popular_queries("fr")
    assert "droit a l image" not in service.popular_queries("fr")
    assert "droit à l'image" in [row["query"] for row in reports.top_queries(30, "fr")]
    page = search(member_client, q="xylophonique").content.decode()
    assert "droit à l&#x27;image" in page
    assert "droit a l image" not in page


# --- 3. Editors' picks respect the chosen facets -------------------------


def test_an_editors_pick_that_does_not_match_the_facets_is_not_shown(
    member_client, sections, home_pages
):
    """With "Type: Event" on, the promoted talk still showed."""
    talk = make_talk(sections[(TalkIndexPage, "fr")], 3, title="Gérer une crise en trois temps")
    event = make_event(home_pages[0], title="Atelier crise")
    query = Query.get("crise")
    SearchPromotion.objects.create(query=query, page=talk, sort_order=0)
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/crise",
        external_link_text="Un guide externe",
        sort_order=1,
    )

    def picks(**params):
        return [
            pick["title"]
            for pick in search(member_client, q="crise", **params).context["promotions"]
        ]

    assert picks() == ["Gérer une crise en trois temps", "Un guide externe"]
    assert picks(type="talk") == ["Gérer une crise en trois temps"]
    assert picks(type="event") == []
    assert "trois temps" not in search(member_client, q="crise", type="event").content.decode()
    assert picks(year=str(talk.date.year)) == ["Gérer une crise en trois temps"]
    assert picks(year=str(talk.date.year - 3)) == []
    SearchPromotion.objects.create(query=query, page=event, sort_order=2)
    assert picks(type="event") == ["Atelier crise"]
