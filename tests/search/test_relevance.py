"""What makes the right result come first: every field a CM searches by is
indexed, documents with most of the words follow those with all of them,
French plurals, the starter synonyms, snippets that mark only the words
that matched, "did you mean" on several words, and autocomplete's accents.
Run on SQLite and on PostgreSQL (DATABASE_URL)."""

import pytest

from community.models import Audience, MemberProfile
from resources.models import JobProfileIndexPage
from tests.resources.factories import make_event, make_job_profile, make_topic, platform

pytestmark = pytest.mark.django_db


def search(client, language="fr", **params):
    return client.get(f"/{language}/search/", params)


def more_titles(response):
    return [hit.document.title for hit in response.context["more_hits"]]


# --- 1. Every field a CM searches by -------------------------------------


def test_events_are_found_by_their_kind_and_topics(member_client, home_pages, fr, titles):
    event = make_event(home_pages[0], title="Micro-programme, volet 1")
    event.kind = "training"
    event.topics = [make_topic(fr, "strategie-test", "Stratégie éditoriale")]
    event.save_revision().publish()
    make_event(home_pages[0], title="Apéro des CM", days=-60)
    assert titles(search(member_client, q="module de formation")) == ["Micro-programme, volet 1"]
    assert titles(search(member_client, q="formations stratégie")) == ["Micro-programme, volet 1"]
    # The kind in English too.
    assert titles(search(member_client, q="training")) == ["Micro-programme, volet 1"]


def test_job_profiles_are_found_by_their_salary(member_client, sections, titles):
    make_job_profile(
        sections[(JobProfileIndexPage, "fr")],
        1,
        title="Gestionnaire de communauté",
        salary_min=42000,
        salary_max=55000,
        salary_currency="CAD",
        salary_region="quebec",
    )
    make_job_profile(sections[(JobProfileIndexPage, "fr")], 2, title="Chargé de veille")
    for q in ("gestionnaire de communauté salaire", "rémunération québec", "42 000", "55000 CAD"):
        assert titles(search(member_client, q=q)) == ["Gestionnaire de communauté"], q


def test_pages_are_found_by_their_platforms_and_audiences(member_client, guides, titles):
    guide = guides(title="Animer un compte", platforms=[platform("linkedin")])
    guide.audiences = [Audience.objects.get(kind="staff")]
    guide.save_revision().publish()
    guides(title="Animer une page", summary="Pour tous.")
    assert titles(search(member_client, q="linkedin")) == ["Animer un compte"]
    assert titles(search(member_client, q="personnels")) == ["Animer un compte"]
    response = search(member_client, q="animer linkedin")
    assert titles(response) == ["Animer un compte"]
    assert not response.context["some_words"]


# --- 2. All the words first, then most of them, on the same page ----------


def test_results_with_most_words_follow_those_with_every_word(member_client, guides, titles):
    guides(title="Atelier photo pour Instagram", summary="Prises de vue.")
    guides(title="Atelier photo en pratique", summary="Lumière et cadrage.")
    guides(title="Atelier", summary="Un atelier.")
    guides(title="Charte graphique", summary="Couleurs.")
    response = search(member_client, q="atelier photo instagram")
    assert titles(response) == ["Atelier photo pour Instagram"]
    assert response.context["total"] == 1
    # Two words of three before one word of three; the unrelated page never.
    assert more_titles(response) == ["Atelier photo en pratique", "Atelier"]
    page = response.content.decode()
    assert page.index("Atelier photo pour Instagram") < page.index("Atelier photo en pratique")
    assert "Résultats avec une partie de vos mots" in page
    # One word: nothing to add.
    assert more_titles(search(member_client, q="instagram")) == []


def test_the_count_of_words_ranks_before_the_kind_of_result(
    member_client, make_member, guides, titles
):
    # No result has the three words. A member's profile (the kind that
    # weighs least) with two of them comes before a guide with one, however
    # often the guide says it: on Elasticsearch and OpenSearch the kind's
    # weight multiplied the count of words too, and the guide came first.
    nadia = make_member("nadia@univ-test.example", first_name="Nadia", last_name="Côté")
    MemberProfile.objects.create(user=nadia, job_title="Chargée de veille")
    guides(title="Veille, veille et veille", summary="La veille, encore la veille.")
    response = search(member_client, q="veille cote instagram")
    assert response.context["some_words"]
    assert titles(response) == ["Nadia Côté", "Veille, veille et veille"]


def test_among_pages_with_some_of_the_words_a_rare_word_weighs_more(member_client, guides, titles):
    # No page has both words; "linkedin" is on many pages, "alumni" (or
    # its synonym "anciens étudiants") on one: that one comes first. On
    # PostgreSQL, ts_rank counted both words alike (it knows no rarity).
    guides(title="Quinze jours", summary="Le lien envoyé aux anciens étudiants.")
    for number in range(4):
        guides(title=f"LinkedIn, fiche {number}", summary="Le lien envoyé sur LinkedIn.")
    guides(title="Charte graphique", summary="Couleurs.")
    response = search(member_client, q="linkedin alumni")
    assert response.context["some_words"]
    assert titles(response)[0] == "Quinze jours"


def test_a_query_of_words_with_many_synonyms_is_answered_with_most_words_too(
    member_client, guides, titles
):
    # On an English page (English and language-neutral documents: both
    # analysers), "community manager" has six starter synonyms: on
    # Elasticsearch and OpenSearch the index's synonyms expanded each one
    # again, and the query of most words failed (more than 1,024 clauses): a
    # 503 on the real node.
    guides("en", title="Community manager jobs in Quebec", summary="Openings.")
    guides("en", title="A social media manager job", summary="The role.")
    guides("en", title="Brand guidelines", summary="Colours.")
    response = search(member_client, language="en", q="community manager job quebec")
    assert response.status_code == 200
    assert titles(response) == ["Community manager jobs in Quebec"]
    assert more_titles(response) == ["A social media manager job"]


# --- 3. French plurals and word families ------------------------------------


def test_french_plurals_snowball_keeps_are_normalised(member_client, guides, titles):
    guides(title="Retoucher une photo", summary="Outils.")
    guides(title="Tourner des vidéos verticales", summary="Formats.")
    guides(title="Le campus", summary="Plan.")
    assert titles(search(member_client, q="photos")) == ["Retoucher une photo"]
    assert titles(search(member_client, q="video")) == ["Tourner des vidéos verticales"]
    assert titles(search(member_client, q="campus")) == ["Le campus"]


def test_starter_synonyms_join_word_families(member_client, guides, titles):
    guides(title="Gérer les commentaires", summary="Modération.")
    guides(title="Répondre aux commentaires", summary="Ton.")
    guides(title="Recrutement d'un alternant", summary="Annonce.")
    guides(title="Devenir formateur", summary="Animer un groupe.")
    assert titles(search(member_client, q="gestion commentaires")) == ["Gérer les commentaires"]
    assert titles(search(member_client, q="recruteur")) == ["Recrutement d'un alternant"]
    assert titles(search(member_client, q="formation")) == ["Devenir formateur"]


# --- 4. Acronyms and Québec / France vocabulary -----------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("RS", "réseaux sociaux"),
        ("réseaux sociaux", "RS"),
        ("RH", "ressources humaines"),
        ("ressources humaines", "RH"),
        ("SEO", "référencement naturel"),
        ("CM", "community manager"),
        ("animateur de communauté", "gestionnaire de communauté"),
        ("fin de semaine", "week-end"),
        ("week-end", "fin de semaine"),
        ("courriel", "e-mail"),
        ("infolettre", "newsletter"),
        ("newsletter", "infolettre"),
        ("clavarder", "chat"),
        ("chat", "clavardage"),
        ("bad buzz", "crise"),
        ("crise", "bad buzz"),
    ],
)
def test_starter_synonyms_know_acronyms_and_regional_words(
    member_client, guides, titles, typed, written
):
    guides(title=f"Le point sur : {written}", summary="Une fiche.")
    guides(title="Charte graphique", summary="Couleurs.")
    assert titles(search(member_client, q=typed)) == [f"Le point sur : {written}"]


def test_a_backlash_finds_the_pages_on_handling_a_crisis_in_english(member_client, guides, titles):
    guides("en", title="Crisis communication in three steps", summary="Listen, answer, learn.")
    guides("en", title="Brand guidelines", summary="Colours.")
    assert titles(search(member_client, language="en", q="backlash")) == [
        "Crisis communication in three steps"
    ]


# --- 5. Snippets and "did you mean" ------------------------------------------


def test_snippets_mark_only_the_words_that_matched(member_client, guides):
    guides(title="Nos formations", summary="Une formation, trois formats.")
    guides(title="Veille", summary="Surveiller son e-réputation par e-mail.")
    snippet = str(search(member_client, q="formation").context["hits"][0].snippet)
    assert "<mark>formation</mark>" in snippet
    assert "<mark>formats</mark>" not in snippet
    snippet = str(search(member_client, q="e-reputation").context["hits"][0].snippet)
    assert "<mark>réputation</mark>" in snippet
    assert "<mark>e</mark>-mail" not in snippet


def test_a_typo_in_a_query_of_several_words_gets_a_did_you_mean(member_client, guides):
    guides(title="Le métier de community manager", summary="Missions.")
    guides(title="Un manager bienveillant", summary="Équipe.")
    response = search(member_client, q="comunity manager")
    assert response.context["did_you_mean"] == "community manager"
    assert "Vouliez-vous dire" in response.content.decode()


# --- 8. Autocomplete's "starts with" and accents ----------------------------


def test_autocomplete_puts_titles_starting_with_the_word_first_whatever_the_accents(
    member_client, guides
):
    guides(title="Guide des réseaux", summary="Un guide.")
    guides(title="Réseaux en région", summary="Un autre.")
    response = member_client.get(
        "/fr/search/suggest/", {"q": "reseaux"}, HTTP_ACCEPT="application/json"
    )
    assert [result["title"] for result in response.json()["results"]] == [
        "Réseaux en région",
        "Guide des réseaux",
    ]


# --- 7. The admin's search (Wagtail's own backend) --------------------------


def test_editors_find_pages_in_the_admin_whatever_the_plural_and_accents(admin_client, guides):
    guides(title="Organiser une formation", summary="Pas à pas.")
    guides(title="Les réseaux du campus", summary="Carte.")

    def found(q):
        response = admin_client.get("/admin/pages/search/", {"q": q})
        assert response.status_code == 200
        return response.content.decode()

    assert "Organiser une formation" in found("formations")
    assert "Organiser une formation" in found("Formations")
    assert "Les réseaux du campus" in found("reseaux")
    assert "Organiser une formation" not in found("reseaux")


def test_a_result_named_exactly_as_typed_comes_first(member_client, guides, titles):
    from tests.resources.factories import make_institution

    cegep = make_institution("Cégep de la Capitale", kind="cegep", short_name="CDLC")
    guides(
        title="Le Cégep de la Capitale en ligne",
        summary="Le cégep de la Capitale, sa capitale et ses cégeps.",
        institution=cegep,
    )
    assert titles(search(member_client, q="cegep de la capitale"))[0] == "Cégep de la Capitale"
    assert titles(search(member_client, q="cdlc"))[0] == "Cégep de la Capitale"


def test_french_stop_words_typed_on_an_english_page_do_not_hide_an_institution(
    member_client, titles
):
    from tests.resources.factories import make_institution

    make_institution("Cégep de la Capitale", kind="cegep")
    response = search(member_client, language="en", q="Cegep de la Capitale")
    assert titles(response) == ["Cégep de la Capitale"]
    assert not response.context["some_words"]  # found with every word


def test_the_words_in_the_order_typed_come_first(member_client, guides, titles):
    guides(
        title="Un mois d'ateliers",
        summary="Former les relais coûte moins que réparer.",
    )
    guides(
        title="Les relais et la formation",
        summary="Des relais partout, une formation pour tous, des relais encore.",
    )
    assert titles(search(member_client, q="former les relais")) == [
        "Un mois d'ateliers",
        "Les relais et la formation",
    ]


def test_a_phrase_typed_does_not_come_before_its_synonyms(member_client, guides, titles):
    # "bad buzz" is one group (a phrase with synonyms): the page that names
    # it in passing, in its body, does not come before the page on crises.
    guides(title="Gestion de crise", summary="Une crise, trois temps.")
    guides(
        title="Veille",
        summary="Les outils.",
        body=[("step", {"title": "Un exemple", "text": "<p>Un bad buzz évité.</p>"})],
    )
    assert titles(search(member_client, q="bad buzz")) == ["Gestion de crise", "Veille"]


# --- 9. Ranking counts the words a page has ----------------------------------


def test_the_words_of_a_synonym_a_page_does_not_have_do_not_count(member_client, guides, titles):
    # "newsletter" is searched with its synonyms "infolettre" and "lettre
    # d'information". The second page says "information" but not the
    # phrase: on PostgreSQL, ts_rank counted that word anyway and put the
    # longer page first.
    guides(title="Le mot aux diplômés", summary="Écrire la newsletter.")
    guides(title="Stage photo", summary="Écrire la newsletter. Information pratique.")
    guides(title="Charte graphique", summary="Couleurs.")
    assert titles(search(member_client, q="newsletter")) == ["Le mot aux diplômés", "Stage photo"]
