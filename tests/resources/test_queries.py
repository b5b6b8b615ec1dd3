"""Every resource page and listing renders with a bounded number of queries,
whatever the number of children or blocks."""

import pytest
from wagtail.models import Locale

from resources.models import (
    CaseStudyIndexPage,
    GuideIndexPage,
    JobProfileIndexPage,
    ResourceIndexPage,
    TalkIndexPage,
)

from .factories import (
    make_case_study,
    make_guide,
    make_institution,
    make_job_profile,
    make_person,
    make_talk,
    make_topic,
    platform,
)

pytestmark = pytest.mark.django_db

#: Queries every member page pays whatever its content: session, user, site,
#: routing down the tree (two per level), view restrictions, settings, permissions.
BASE_QUERIES = 18


def get_twice(client, url):
    """Warm per-process caches (site root paths), then measure."""
    client.get(url)
    return url


def test_section_listing_queries_do_not_grow_with_children(
    member_client, sections, django_assert_max_num_queries
):
    french = Locale.objects.get(language_code="fr")
    topics = [make_topic(french, f"t{n}", f"Sujet {n}") for n in range(5)]
    institutions = [make_institution(f"Établissement {n}") for n in range(5)]
    parent = sections[(GuideIndexPage, "fr")]
    for number in range(30):
        make_guide(
            parent,
            number,
            topics=topics[: number % 5 + 1],
            institution=institutions[number % 5],
            platforms=[platform("facebook")],
        )
    url = get_twice(member_client, parent.url + "?platform=facebook&sort=title")
    with django_assert_max_num_queries(BASE_QUERIES + 8):
        response = member_client.get(url)
    assert len(response.context["resources"]) == 12


def test_resources_index_queries_are_bounded(
    member_client, sections, django_assert_max_num_queries
):
    french = Locale.objects.get(language_code="fr")
    speaker = make_person(french)
    for number in range(8):
        make_guide(sections[(GuideIndexPage, "fr")], number)
        make_talk(sections[(TalkIndexPage, "fr")], number, speakers=[speaker])
        make_job_profile(sections[(JobProfileIndexPage, "fr")], number)
        make_case_study(sections[(CaseStudyIndexPage, "fr")], number)
    url = get_twice(member_client, sections[(ResourceIndexPage, "fr")].url)
    # + 1: the member's groups, to leave out pages restricted to other groups.
    with django_assert_max_num_queries(BASE_QUERIES + 11):
        member_client.get(url)


def test_guide_with_many_blocks_has_bounded_queries(
    member_client, sections, django_assert_max_num_queries
):
    french = Locale.objects.get(language_code="fr")
    body = []
    for number in range(40):
        body += [
            ("step", {"title": f"Étape {number}", "text": "<p>Texte.</p>"}),
            ("checklist", {"title": "", "items": ["a", "b", "c"]}),
            ("do_dont", {"dos": ["x"], "donts": ["y"]}),
            ("legal_note", {"subject": "privacy", "text": "<p>RGPD.</p>"}),
        ]
    guide = make_guide(
        sections[(GuideIndexPage, "fr")],
        1,
        body=body,
        author=make_person(french),
        institution=make_institution(),
        topics=[make_topic(french)],
        platforms=[platform("facebook"), platform("instagram")],
    )
    url = get_twice(member_client, guide.url)
    with django_assert_max_num_queries(BASE_QUERIES + 8):
        response = member_client.get(url)
    assert response.content.decode().count('class="step"') == 40


def test_talk_with_many_speakers_has_bounded_queries(
    member_client, sections, django_assert_max_num_queries
):
    french = Locale.objects.get(language_code="fr")
    speakers = [
        make_person(french, f"Prénom{n}", f"Nom{n}", institution=make_institution(f"Inst {n}"))
        for n in range(12)
    ]
    talk = make_talk(
        sections[(TalkIndexPage, "fr")],
        speakers=speakers,
        questions=[("qa", {"question": f"Q{n}", "answer": "<p>R.</p>"}) for n in range(30)],
    )
    url = get_twice(member_client, talk.url)
    with django_assert_max_num_queries(BASE_QUERIES + 7):
        response = member_client.get(url)
    assert "Nom11" in response.content.decode()


def test_job_profile_and_comparison_have_bounded_queries(
    member_client, sections, django_assert_max_num_queries
):
    parent = sections[(JobProfileIndexPage, "fr")]
    profiles = [
        make_job_profile(parent, n, tools="\n".join(f"Outil {i}" for i in range(50)))
        for n in range(3)
    ]
    url = get_twice(member_client, profiles[0].url)
    with django_assert_max_num_queries(BASE_QUERIES + 7):
        member_client.get(url)
    compare = get_twice(
        member_client, parent.url + "compare/?" + "&".join(f"profiles={p.pk}" for p in profiles)
    )
    with django_assert_max_num_queries(BASE_QUERIES + 4):
        member_client.get(compare)


def test_case_study_has_bounded_queries(member_client, sections, django_assert_max_num_queries):
    import datetime

    case = make_case_study(
        sections[(CaseStudyIndexPage, "fr")],
        timeline=[
            (
                "step",
                {"date": datetime.date(2025, 6, n + 1), "title": f"Action {n}", "description": ""},
            )
            for n in range(25)
        ],
        results=[
            ("figure", {"label": f"Mesure {n}", "value": "10", "unit": ""}) for n in range(25)
        ],
    )
    url = get_twice(member_client, case.url)
    with django_assert_max_num_queries(BASE_QUERIES + 7):
        member_client.get(url)
