"""Whatever a member (or a script) puts in the search URL, the answer is a
200 or a 400 with a message, never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.query import FACETS

pytestmark = pytest.mark.django_db

PARAMS = ["q", *FACETS, "sort", "lang", "page"]
SPECIAL = st.sampled_from(
    [
        '"',
        "'",
        "*",
        "(",
        ")",
        "-",
        "+",
        ":",
        "^",
        "~",
        "NEAR",
        "AND",
        "OR",
        "NOT",
        "%",
        "_",
        "\\",
        "<",
        ">",
        "&",
        ";",
        "--",
        "/*",
        "0",
        "-1",
        "99999999999999999999",
        "é",
        "ﬁ",
        "👍",
        " ",
        "\t",
        "NULL",
        "all",
        "date",
        "relevance",
    ]
)
VALUES = st.one_of(
    st.text(max_size=40),
    st.lists(SPECIAL, max_size=6).map("".join),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def content(guides):
    guides(title="Réseaux sociaux et étudiants", summary="Veille, crise, formation.")
    guides("en", title="Social media for students", summary="Listening and training.")


@SETTINGS
@given(params=st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=5))
def test_search_page_never_fails(member_client, content, params):
    params = {key: value.replace("\x00", "") for key, value in params.items()}
    response = member_client.get("/fr/search/", params)
    assert response.status_code in (200, 400), params
    if response.status_code == 400:
        assert response.context["errors"], params


@SETTINGS
@given(q=VALUES, lang=st.sampled_from(["", "all", "xx"]))
def test_autocomplete_never_fails(member_client, content, q, lang):
    response = member_client.get("/en/search/suggest/", {"q": q.replace("\x00", ""), "lang": lang})
    assert response.status_code in (200, 400)
    assert isinstance(response.json()["results"], list)
