"""The search page finds live pages of the member's language and never
fails on what a member types."""

import pytest

from resources.models import GuideIndexPage
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db


def test_member_finds_a_guide_by_a_word_of_its_summary(member_client, sections):
    make_guide(
        sections[(GuideIndexPage, "fr")],
        1,
        title="Ouvrir une page Facebook",
        summary="Les étapes pour une composante.",
    )
    make_guide(sections[(GuideIndexPage, "en")], 2, title="Facebook page in English")
    response = member_client.get("/fr/search/", {"q": "Facebook"})
    assert response.status_code == 200
    assert [page.title for page in response.context["results"]] == ["Ouvrir une page Facebook"]


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
    ],
)
def test_odd_queries_answer_200(member_client, sections, query):
    make_guide(sections[(GuideIndexPage, "fr")], 1, title="Droit à l'image")
    response = member_client.get("/fr/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_too_long_queries_get_a_clear_400(member_client):
    response = member_client.get("/fr/search/", {"q": "x" * 250})
    assert response.status_code == 400
    assert "trop longue" in response.content.decode()


def test_page_numbers_out_of_range_fall_back(member_client, sections):
    make_guide(sections[(GuideIndexPage, "fr")], 1, title="Veille sur Facebook")
    for page in ("999", "-1", "abc"):
        response = member_client.get("/fr/search/", {"q": "Facebook", "page": page})
        assert response.status_code == 200
