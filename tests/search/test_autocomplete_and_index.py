"""Autocomplete, and the index following the content."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from community.models import MemberProfile
from search.models import SearchDocument, SearchDocumentTag
from tests.resources.factories import make_institution, make_person, make_topic

pytestmark = pytest.mark.django_db


def suggest(client, q, language="fr", **params):
    """As the search boxes' script asks: for JSON."""
    return client.get(
        f"/{language}/search/suggest/", {"q": q, **params}, HTTP_ACCEPT="application/json"
    )


def test_autocomplete_completes_titles_institutions_and_people(member_client, guides, fr):
    institution = make_institution("Université de Gestion-Test", short_name="UGT")
    make_person(fr, "Gaston", "Lagaffe", institution=institution)
    guides(title="Gestion de crise : les premières heures", institution=institution)
    guides(title="Rédiger une charte", summary="gestion des commentaires")
    response = suggest(member_client, "gest")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [result["title"] for result in results] == [
        "Gestion de crise : les premières heures",
        "Université de Gestion-Test",
    ]
    assert results[0]["kind_label"] == "Fiche conseil"
    assert results[0]["institution"] == "Université de Gestion-Test"
    assert results[0]["url"].startswith("/fr/ressources/")
    # Several words, the last one a prefix, accents optional.
    assert [r["title"] for r in suggest(member_client, "gestion de cri").json()["results"]] == [
        "Gestion de crise : les premières heures"
    ]
    assert [r["title"] for r in suggest(member_client, "premieres").json()["results"]] == [
        "Gestion de crise : les premières heures"
    ]
    assert [r["title"] for r in suggest(member_client, "lagaf").json()["results"]] == [
        "Gaston Lagaffe"
    ]
    assert [r["title"] for r in suggest(member_client, "ugt").json()["results"]] == [
        "Université de Gestion-Test"
    ]


def test_autocomplete_respects_language_and_restrictions(member_client, guides):
    guides(title="Veille en français")
    guides("en", title="Veille in English")
    secret = guides(title="Veille réservée")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    restriction.save()
    titles = [r["title"] for r in suggest(member_client, "veil").json()["results"]]
    assert titles == ["Veille en français"]
    english = [r["title"] for r in suggest(member_client, "veil", "en").json()["results"]]
    assert english == ["Veille in English"]


@pytest.mark.parametrize("q", ["", "a", "**", '"(', "' OR 1=1", "x" * 200, "\x00"])
def test_autocomplete_never_fails(member_client, guides, q):
    guides(title="Veille")
    response = suggest(member_client, q)
    assert response.status_code in (200, 400)
    assert "results" in response.json()


def test_autocomplete_refuses_very_long_input(member_client):
    response = suggest(member_client, "x" * 201)
    assert response.status_code == 400
    assert "trop longue" in response.json()["error"]


def test_autocomplete_costs_few_queries(member_client, guides, django_assert_max_num_queries):
    for number in range(30):
        guides(title=f"Veille numéro {number}")
    suggest(member_client, "ve")
    with django_assert_max_num_queries(8):
        response = suggest(member_client, "veil")
    assert len(response.json()["results"]) == 8


# --- The index follows the content -----------------------------------------


def test_editing_a_page_updates_its_document(guides):
    page = guides(title="Ancien titre", summary="Résumé.")
    page.title = "Nouveau titre"
    page.save_revision().publish()
    assert SearchDocument.objects.get(key=f"page:{page.pk}").title == "Nouveau titre"


def test_a_draft_does_not_change_what_search_shows(guides):
    page = guides(title="Titre publié")
    page.title = "Brouillon pas encore relu"
    page.save_revision()
    assert SearchDocument.objects.get(key=f"page:{page.pk}").title == "Titre publié"


def test_renaming_an_institution_updates_the_facets_of_its_pages(guides):
    institution = make_institution("Université Avant", kind="university")
    page = guides(title="Veille", institution=institution)
    institution.name = "Université Après"
    institution.kind = "business_school"
    institution.save()
    assert SearchDocument.objects.get(key=f"institution:{institution.pk}").title == (
        "Université Après"
    )
    assert SearchDocument.objects.get(key=f"page:{page.pk}").institution_kind == "business_school"


def test_topics_are_tagged_by_translation_key(guides, fr):
    topic = make_topic(fr, "crise-i", "Crise")
    page = guides(title="Crise", topics=[topic])
    tags = SearchDocumentTag.objects.filter(document__key=f"page:{page.pk}")
    assert [(tag.facet, tag.value) for tag in tags] == [("topic", str(topic.translation_key))]


def test_hiding_a_profile_removes_it(make_member):
    user = make_member("zoe@univ-test.example", first_name="Zoé")
    profile = MemberProfile.objects.create(user=user)
    assert SearchDocument.objects.filter(key=f"member:{user.pk}").exists()
    profile.visible_in_directory = False
    profile.save()
    assert not SearchDocument.objects.filter(key=f"member:{user.pk}").exists()
    profile.visible_in_directory = True
    profile.save()
    user.is_active = False
    user.save()
    assert not SearchDocument.objects.filter(key=f"member:{user.pk}").exists()


def test_update_index_rebuilds_everything(guides, member, fr):
    make_institution("Université Reconstruite")
    guides(title="Veille")
    SearchDocument.objects.all().delete()
    out = io.StringIO()
    call_command("update_index", "--members-search-only", stdout=out)
    assert "documents indexed" in out.getvalue()
    kinds = set(SearchDocument.objects.values_list("kind", flat=True))
    assert {"guide", "institution"} <= kinds


def test_logging_in_neither_reindexes_the_member_nor_stales_cached_pages(make_member, client):
    """A login saves only `last_login`: nothing search shows changed, so the
    member is not reindexed and every cached part of the site stays cached."""
    from core import fragments

    user = make_member("yves@univ-test.example", first_name="Yves")
    MemberProfile.objects.create(user=user)
    assert SearchDocument.objects.filter(key=f"member:{user.pk}").exists()
    version = fragments.version()

    client.force_login(user)

    user.refresh_from_db()
    assert user.last_login is not None
    assert fragments.version() == version
