"""The members directory: search, filters, pagination, bounded queries."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from community.models import MemberProfile, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(make_member, make_institution):
    """Members of a French university and a Québec cégep."""
    lyon = make_institution(
        "Université de Lyon Test", "lyon.example", region="Auvergne-Rhône-Alpes", country="FR"
    )
    cegep = make_institution(
        "Cégep de Québec Test",
        "cegep.example",
        kind="cegep",
        region="Québec",
        country="CA",
    )
    french = Locale.objects.get(language_code="fr")
    english = Locale.objects.get(language_code="en")
    crisis = Topic.objects.create(name="Gestion de crise", slug="crise", locale=french)
    crisis_en = crisis.copy_for_translation(english)
    crisis_en.name, crisis_en.slug = "Crisis management", "crisis"
    crisis_en.save()
    lea = make_member("lea@lyon.example", first_name="Léa", last_name="Martin")
    MemberProfile.objects.create(
        user=lea, institution=lyon, job_title="Chargée de communication numérique"
    ).topics.add(crisis)
    marc = make_member("marc@cegep.example", first_name="Marc", last_name="Tremblay")
    MemberProfile.objects.create(
        user=marc, institution=cegep, job_title="Gestionnaire de communauté"
    ).topics.add(crisis_en)
    hidden = make_member("cache@lyon.example", first_name="Caché", last_name="Invisible")
    MemberProfile.objects.create(user=hidden, institution=lyon, visible_in_directory=False)
    return {"lyon": lyon, "cegep": cegep, "crisis": crisis}


def names(response):
    return [profile.user.last_name for profile in response.context["members"]]


def test_directory_lists_visible_members_only(member_client, community):
    response = member_client.get(reverse("members:directory"))
    assert response.status_code == 200
    assert names(response) == ["Martin", "Tremblay"]


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"q": "tremblay"}, ["Tremblay"]),
        ({"q": "gestionnaire"}, ["Tremblay"]),
        ({"q": "Lyon"}, ["Martin"]),
        ({"kind": "cegep"}, ["Tremblay"]),
        ({"region": "Auvergne-Rhône-Alpes"}, ["Martin"]),
        ({"kind": "not-a-kind"}, ["Martin", "Tremblay"]),
        ({"q": "<script>"}, []),
    ],
)
def test_directory_search_and_filters(member_client, community, params, expected):
    response = member_client.get(reverse("members:directory"), params)
    assert names(response) == expected


@pytest.mark.parametrize(
    "params", [{"q": "Trem\x00blay"}, {"region": "\x00"}, {"topic": "cri\x00se"}]
)
def test_nul_characters_in_search_and_filters_are_a_clear_400(member_client, community, params):
    """PostgreSQL refuses NUL in text: a NUL typed or pasted in the search
    box or a filter gets a clear "bad request" page, not a server error
    (core.security.RejectNulMiddleware)."""
    response = member_client.get(reverse("members:directory"), params)
    assert response.status_code == 400
    assert "Cette adresse ne peut pas être lue" in response.content.decode()


def test_directory_filters_by_institution(member_client, community):
    response = member_client.get(
        reverse("members:directory"), {"institution": community["cegep"].pk}
    )
    assert names(response) == ["Tremblay"]


def test_topic_filter_matches_every_translation(member_client, community):
    response = member_client.get(reverse("members:directory"), {"topic": "crise"})
    assert names(response) == ["Martin", "Tremblay"]


def test_directory_queries_stay_bounded(
    member_client, community, make_member, django_assert_max_num_queries
):
    for number in range(60):
        user = make_member(f"cm{number}@lyon.example", last_name=f"Membre {number:02}")
        MemberProfile.objects.create(user=user, institution=community["lyon"])
    with django_assert_max_num_queries(13):
        response = member_client.get(reverse("members:directory"), {"page": 2})
    assert response.status_code == 200
    assert len(response.context["members"]) == 24
    assert response.context["members"].paginator.count == 62


def test_header_links_to_the_directory(member_client, home_pages):
    content = member_client.get("/fr/").content.decode()
    assert reverse("members:directory") in content
