"""The search page, as a member uses it: French-aware matching, synonyms,
ranking, facets with counts, languages, who may see what, and odd input."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from wagtail.models import PageViewRestriction

from community.models import MemberProfile
from resources.models import CaseStudyIndexPage
from search import statistics
from search.models import SearchDocument, SearchQueryStat, Synonym
from tests.resources.factories import (
    make_case_study,
    make_institution,
    make_topic,
    platform,
)

pytestmark = pytest.mark.django_db


def search(client, language="fr", **params):
    return client.get(f"/{language}/search/", params)


# --- Words in their forms ------------------------------------------------


def test_a_word_finds_its_plural_and_the_plural_its_singular(member_client, guides, titles):
    guides(title="Nos formations en ligne", summary="Catalogue.")
    guides(title="Organiser une formation", summary="Pas à pas.")
    guides(title="Veille concurrentielle", summary="Outils.")
    for word in ("formation", "formations", "Formations"):
        response = search(member_client, q=word)
        assert response.status_code == 200
        assert sorted(titles(response)) == ["Nos formations en ligne", "Organiser une formation"]


def test_accents_do_not_matter_either_way(member_client, guides, titles):
    guides(title="Surveiller son e-réputation", summary="Alertes et veille.")
    guides(title="Accueillir les étudiants internationaux", summary="Rentrée.")
    assert titles(search(member_client, q="e-reputation")) == ["Surveiller son e-réputation"]
    assert titles(search(member_client, q="reputation")) == ["Surveiller son e-réputation"]
    assert titles(search(member_client, q="etudiants")) == [
        "Accueillir les étudiants internationaux"
    ]
    assert titles(search(member_client, q="ÉTUDIANT")) == [
        "Accueillir les étudiants internationaux"
    ]


def test_english_pages_are_stemmed_in_english(member_client, guides, titles):
    guides("en", title="Training student ambassadors", summary="A programme.")
    response = search(member_client, language="en", q="trainings")
    assert titles(response) == ["Training student ambassadors"]


def test_synonyms_from_the_editors_list_apply(member_client, guides, titles):
    Synonym.objects.create(terms="newsletter, infolettre, lettre d'information")
    Synonym.objects.create(
        terms="community manager, gestionnaire de communauté, animateur de communauté"
    )
    guides(title="Rédiger une infolettre", summary="Pour les diplômés.")
    guides(title="Le métier de gestionnaire de communauté", summary="Missions.")
    guides(title="Plan de communication", summary="Une lettre de cadrage, un manager.")
    assert titles(search(member_client, q="newsletter")) == ["Rédiger une infolettre"]
    assert titles(search(member_client, q="community manager")) == [
        "Le métier de gestionnaire de communauté"
    ]
    # Only the whole phrase is a synonym: "manager" alone is a plain word.
    assert titles(search(member_client, q="manager")) == ["Plan de communication"]


def test_title_and_summary_weigh_more_than_the_body(member_client, guides, titles):
    guides(
        title="Préparer la rentrée",
        summary="Un calendrier.",
        body=[("step", {"title": "Étape", "text": "<p>Penser aux hashtags du campus.</p>"})],
    )
    guides(title="Choisir ses hashtags", summary="Les bons mots-clés.")
    assert titles(search(member_client, q="hashtags")) == [
        "Choisir ses hashtags",
        "Préparer la rentrée",
    ]


def test_every_word_must_be_found(member_client, guides, titles):
    guides(title="Vidéos courtes sur Instagram", summary="Formats verticaux.")
    guides(title="Vidéos longues sur YouTube", summary="Formats.")
    assert titles(search(member_client, q="vidéos instagram")) == ["Vidéos courtes sur Instagram"]


def test_when_no_result_has_every_word_those_with_most_words_come(member_client, guides, titles):
    guides(title="Salaire d'un community manager", summary="Grilles en France.")
    guides(title="Salaire et avantages", summary="Négocier.")
    guides(title="Veille", summary="Outils.")
    response = search(member_client, q="salaire community manager québec")
    assert response.context["some_words"]
    assert titles(response) == ["Salaire d'un community manager", "Salaire et avantages"]
    assert "quelques-uns" in response.content.decode()


def test_results_show_type_institution_date_and_highlighted_words(member_client, guides):
    institution = make_institution("Université des Bois")
    guides(
        title="Animer un compte LinkedIn",
        summary="Les publications qui intéressent les diplômés.",
        institution=institution,
    )
    response = search(member_client, q="diplomes")
    html = response.content.decode()
    assert "Fiche conseil" in html
    assert "Université des Bois" in html
    assert "<mark>diplômés</mark>" in html
    assert str(datetime.date.today().year) in html


def test_a_hostile_page_text_is_escaped_in_snippets(member_client, guides):
    guides(title="Sécurité", summary="<script>alert('x')</script> sécurité des comptes & <b")
    html = search(member_client, q="securite").content.decode()
    assert "<script>alert" not in html
    assert "<mark>sécurité</mark> des comptes &amp; &lt;b" in html


# --- Facets --------------------------------------------------------------


@pytest.fixture
def catalogue(guides, sections, fr):
    """Five resources about social networks across two institutions."""
    lyon = make_institution("Université de Lyon-Test", region="Auvergne-Rhône-Alpes")
    quebec = make_institution("Cégep de Québec-Test", kind="cegep", country="CA", region="Québec")
    crisis = make_topic(fr, "crise", "Crise")
    watch = make_topic(fr, "veille-test", "Veille")
    linkedin = platform("linkedin")
    guides(title="Réseaux sociaux : la charte", institution=lyon, topics=[crisis])
    guides(title="Réseaux sociaux : la veille", institution=lyon, topics=[watch])
    guides(
        title="Réseaux sociaux au cégep",
        institution=quebec,
        topics=[crisis, watch],
        platforms=[linkedin],
    )
    make_case_study(
        sections[(CaseStudyIndexPage, "fr")],
        1,
        title="Une crise sur les réseaux sociaux",
        institution=quebec,
        topics=[crisis],
    )
    guides(title="Sans rapport", institution=lyon)
    return {"lyon": lyon, "quebec": quebec}


def facet(response, name):
    for group in response.context["facets"]:
        if group["name"] == name:
            return {item["label"]: item["count"] for item in group["items"]}
    return {}


def test_facets_count_the_matching_results(member_client, catalogue):
    response = search(member_client, q="réseaux sociaux")
    assert response.context["total"] == 4
    assert facet(response, "type") == {"Fiche conseil": 3, "Retour d'expérience": 1}
    assert facet(response, "institution") == {
        "Université de Lyon-Test": 2,
        "Cégep de Québec-Test": 2,
    }
    assert facet(response, "institution_kind") == {"Université": 2, "Cégep": 2}
    assert facet(response, "country") == {"France": 2, "Canada": 2}
    assert facet(response, "topic") == {"Crise": 3, "Veille": 2}
    assert facet(response, "platform") == {"LinkedIn": 1}


def test_facets_combine_and_stay_in_links(member_client, catalogue, titles):
    response = search(member_client, q="réseaux", topic="crise", country="CA")
    assert sorted(titles(response)) == [
        "Réseaux sociaux au cégep",
        "Une crise sur les réseaux sociaux",
    ]
    assert facet(response, "type") == {"Fiche conseil": 1, "Retour d'expérience": 1}
    chosen = [
        item for group in response.context["facets"] for item in group["items"] if item["chosen"]
    ]
    assert {item["label"] for item in chosen} == {"Crise", "Canada"}
    # Each chosen value links to the same search without it.
    removal = {item["label"]: item["url"] for item in chosen}
    assert "topic=" not in removal["Crise"] and "country=CA" in removal["Crise"]
    # Narrowing to a type keeps the other filters in the link.
    guide_link = next(
        item["url"]
        for group in response.context["facets"]
        if group["name"] == "type"
        for item in group["items"]
        if item["label"] == "Fiche conseil"
    )
    response = member_client.get("/fr/search/" + guide_link)
    assert titles(response) == ["Réseaux sociaux au cégep"]


def test_facets_without_words_browse_an_institution(member_client, catalogue, titles):
    response = search(member_client, institution=catalogue["lyon"].pk)
    assert response.status_code == 200
    assert set(titles(response)) == {
        "Université de Lyon-Test",
        "Réseaux sociaux : la charte",
        "Réseaux sociaux : la veille",
        "Sans rapport",
    }


def test_sorting_by_date(member_client, guides, titles):
    old = guides(title="Ancienne veille", summary="veille")
    guides(title="Veille récente", summary="veille veille")
    old.first_published_at = old.first_published_at - datetime.timedelta(days=400)
    old.save(update_fields=["first_published_at"])
    old.save_revision().publish()
    assert titles(search(member_client, q="veille", sort="date")) == [
        "Veille récente",
        "Ancienne veille",
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "podcast"},
        {"topic": "does-not-exist"},
        {"institution": "999999"},
        {"institution": "abc"},
        {"country": "ZZ"},
        {"year": "1800"},
        {"platform": "myspace"},
        {"audience": "aliens"},
        {"sort": "random"},
        {"lang": "de"},
    ],
)
def test_unknown_facet_values_get_a_400_with_a_message_and_results(
    member_client, guides, titles, params
):
    guides(title="Veille sur LinkedIn", summary="Outils.")
    response = search(member_client, q="veille", **params)
    if params == {"institution": "999999"}:
        # A well-formed id that matches nothing is an empty facet, not an error.
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.context["errors"]
    assert titles(response) == ["Veille sur LinkedIn"]


# --- Languages and who sees what ------------------------------------------


def test_the_members_language_by_default_all_languages_on_request(member_client, guides, titles):
    guides(title="Veille concurrentielle", summary="Outils de veille.")
    guides("en", title="Social listening", summary="Veille tools for CMs.")
    assert titles(search(member_client, q="veille")) == ["Veille concurrentielle"]
    assert sorted(titles(search(member_client, q="veille", lang="all"))) == [
        "Social listening",
        "Veille concurrentielle",
    ]
    assert titles(search(member_client, language="en", q="veille")) == ["Social listening"]


def test_unpublished_and_password_protected_pages_are_never_found(member_client, guides, titles):
    gone = guides(title="Veille retirée", summary="veille")
    secret = guides(title="Veille confidentielle", summary="veille")
    guides(title="Veille publique", summary="veille")
    gone.unpublish()
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert titles(search(member_client, q="veille")) == ["Veille publique"]
    assert not SearchDocument.objects.filter(key=f"page:{gone.pk}").exists()


def test_group_restricted_pages_only_for_that_group(client, member, editor, guides, titles):
    restricted = guides(title="Veille réservée aux éditeurs", summary="veille")
    guides(title="Veille pour tous", summary="veille")
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    restriction.save()
    client.force_login(member)
    assert titles(search(client, q="veille")) == ["Veille pour tous"]
    assert search(client, q="veille").context["total"] == 1
    client.force_login(editor)
    assert sorted(titles(search(client, q="veille"))) == [
        "Veille pour tous",
        "Veille réservée aux éditeurs",
    ]


def test_deleted_pages_leave_the_index(member_client, guides, titles):
    page = guides(title="Veille éphémère", summary="veille")
    page.delete()
    assert titles(search(member_client, q="veille")) == []


def test_member_profiles_only_when_their_owner_shows_them(member_client, make_member, titles):
    shown = make_member("nadia@univ-test.example", first_name="Nadia", last_name="Côté")
    MemberProfile.objects.create(user=shown, job_title="Chargée de veille")
    hidden = make_member("paul@univ-test.example", first_name="Paul", last_name="Côté")
    MemberProfile.objects.create(user=hidden, job_title="Veille", visible_in_directory=False)
    response = search(member_client, q="cote")
    assert titles(response) == ["Nadia Côté"]
    assert response.context["hits"][0].document.url == f"/fr/members/{shown.pk}/"
    english = search(member_client, language="en", q="cote")
    assert english.context["hits"][0].document.url == f"/en/members/{shown.pk}/"


def test_institutions_are_found_and_lead_to_their_content(member_client, catalogue, titles):
    response = search(member_client, q="lyon")
    assert titles(response)[0] == "Université de Lyon-Test"
    assert response.context["hits"][0].document.url.endswith(f"?institution={catalogue['lyon'].pk}")


def test_visitors_are_sent_to_log_in(client):
    assert search(client, q="veille").status_code == 302
    assert client.get("/fr/search/suggest/", {"q": "ve"}).status_code == 302


# --- Odd input -------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '"""(((***',
        "e-réputation",
        "AND OR NOT",
        "NEAR(a b)",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "^*:-+~",
        "l'image",
        "ﬁche 👍",
        "de la les",
        "a" * 199,
        "title:foo body:bar",
    ],
)
def test_odd_queries_answer_200(member_client, guides, query):
    guides(title="Droit à l'image", summary="Autorisations.")
    response = search(member_client, q=query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_null_characters_get_a_clear_400(member_client):
    response = search(member_client, q="veille\x00")
    assert response.status_code == 400
    assert "Cette adresse ne peut pas être lue" in response.content.decode()


def test_too_long_queries_get_a_clear_400(member_client):
    response = search(member_client, q="x" * 250)
    assert response.status_code == 400
    assert "trop longue" in response.content.decode()


def test_page_numbers_out_of_range_fall_back(member_client, guides):
    for _ in range(3):
        guides(title="Veille", summary="veille")
    for page, expected in (("999", 1), ("-1", 1), ("abc", 1), ("1", 1)):
        response = search(member_client, q="veille", page=page)
        assert response.status_code == 200
        assert response.context["page_number"] == expected
        assert len(response.context["hits"]) == 3


def test_pagination_keeps_the_filters(member_client, guides, fr):
    topic = make_topic(fr, "veille-p", "Veille")
    for _ in range(25):
        guides(title="Veille", summary="veille", topics=[topic])
    response = search(member_client, q="veille", topic="veille-p")
    assert response.context["last_page"] == 2
    assert "topic=veille-p" in response.context["next_url"]
    second = member_client.get("/fr/search/" + response.context["next_url"])
    assert len(second.context["hits"]) == 5
    assert second.context["first_rank"] == 21


# --- Did you mean, suggestions, statistics --------------------------------


def test_a_typo_gets_a_did_you_mean(member_client, guides):
    guides(title="Animer une communauté étudiante", summary="Les rituels.")
    response = search(member_client, q="comunaute")
    assert response.context["total"] == 0
    assert response.context["did_you_mean"] == "communaute"
    assert "Vouliez-vous dire" in response.content.decode()
    assert search(member_client, q=response.context["did_you_mean"]).context["total"] == 1


def test_nothing_found_offers_popular_searches(member_client, guides):
    guides(title="Charte graphique", summary="Couleurs.")
    for _ in range(3):
        search(member_client, q="charte")
    statistics.flush()  # searches reach the statistics in batches
    response = search(member_client, q="zzzzqqq")
    assert response.context["popular"] == ["charte"]


def test_searches_are_counted_for_the_editors_report(member_client, guides):
    guides(title="Charte graphique", summary="Couleurs.")
    search(member_client, q="Charte")
    search(member_client, q="charte ")
    search(member_client, q="xylophone")
    search(member_client, q="charte", page="2")  # the same search, paged: not counted
    statistics.flush()  # searches reach the report in batches
    stats = {row.query: row for row in SearchQueryStat.objects.all()}
    assert stats["charte"].searches == 2
    assert stats["charte"].zero_results == 0
    assert stats["xylophone"].zero_results == 1


# --- Cost ------------------------------------------------------------------


def test_the_search_page_costs_the_same_for_5_or_15_results(
    member_client, guides, fr, page_queries
):
    """With the search cache and fragments cold or warm (tests/queries.py)."""
    topic = make_topic(fr, "veille-q", "Veille")
    institution = make_institution("Université Q")

    def add(count):
        for _ in range(count):
            guides(title="Veille", summary="veille", topics=[topic], institution=institution)

    add(5)
    # PostgreSQL's engine wraps its query in a savepoint with SET LOCAL: 4 statements.
    # Cold, the header's unread notification count is one more. Warm (the
    # results part cached): the test client's session and the form's check
    # that the topic exists.
    cold = 21 if connection.vendor == "postgresql" else 17
    small, large = page_queries.assert_constant(
        member_client, "/fr/search/?q=veille&topic=veille-q", lambda: add(10), cold=cold, warm=2
    )
    assert large.response.context["total"] == 15
    assert large.response.content.decode().count('<li class="search-result ') == 15


def test_a_search_that_finds_nothing_costs_the_same_whatever_the_content(
    member_client, guides, page_queries
):
    """No hit: "did you mean" and the popular searches, cold or warm."""

    def add(count):
        for _ in range(count):
            guides(title="Veille", summary="veille")

    add(5)
    cold = 18 if connection.vendor == "postgresql" else 14
    small, large = page_queries.assert_constant(
        member_client, "/fr/search/?q=xylophonique", lambda: add(10), cold=cold, warm=1
    )
    assert large.response.context["total"] == 0
