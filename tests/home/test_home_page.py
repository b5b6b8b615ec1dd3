"""The dashboard in both languages, the language switch, page-type rules."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase

from community.models import Topic
from events.models import EventIndexPage, EventPage
from home.models import HomePage
from resources.models import (
    CaseStudyIndexPage,
    GuideIndexPage,
    JobProfileIndexPage,
    ResourceIndexPage,
    TalkIndexPage,
)
from tests.community.comment_helpers import add_comment
from tests.resources.factories import (
    make_case_study,
    make_guide,
    make_institution,
    make_job_profile,
    make_talk,
)

pytestmark = pytest.mark.django_db


def test_member_sees_the_dashboard_in_french(member_client, home_pages):
    response = member_client.get("/fr/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "Tableau de bord" in html  # navigation, translated
    assert "Derniers contenus" in html
    assert "Bonjour Camille" in html


def test_member_sees_the_dashboard_in_english(member_client, home_pages):
    response = member_client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "<h1>Welcome to CM Hub</h1>" in html
    assert "Latest resources" in html
    assert "Hello Camille" in html


def test_dashboard_lists_topics_of_its_language(member_client, home_pages):
    french = Topic.objects.create(name="Veille", slug="veille", locale=Locale.get_default())
    english = french.copy_for_translation(Locale.objects.get(language_code="en"))
    english.name = "Monitoring"
    english.save()

    assert "Veille" in member_client.get("/fr/").content.decode()
    english_html = member_client.get("/en/").content.decode()
    assert "Monitoring" in english_html
    assert "Veille" not in english_html


def test_empty_dashboard_says_what_will_appear(member_client, home_pages):
    html = member_client.get("/en/").content.decode()
    assert "No resources have been published yet" in html
    assert "No workshop is planned for now" in html
    assert "No discussion yet" in html


def test_language_switcher_lands_on_the_translated_page(member_client, home_pages):
    french_home, english_home = home_pages
    html = member_client.get("/fr/").content.decode()
    assert 'name="language" value="en"' in html
    response = member_client.post("/i18n/setlang/?next=/en/", {"language": "en"})
    assert response.status_code == 302
    assert response["Location"] == english_home.url == "/en/"
    assert response.cookies["django_language"].value == "en"


def test_language_switcher_on_a_non_page_view_keeps_the_view(member_client, home_pages):
    response = member_client.post(
        "/i18n/setlang/", {"language": "en", "next": "/fr/search/?q=crise"}
    )
    assert response["Location"] == "/en/search/?q=crise"


def test_login_page_language_switch_works_for_visitors(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/fr/account/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/account/login/"


def test_home_page_costs_the_same_with_n_or_3n_resources_events_and_topics(
    member_client, member, sections, page_queries
):
    """A full dashboard (resources of every kind with their institutions and
    topics, events, discussions, many topics) costs the same number of
    queries as a small one, with fragment caching off and on."""
    french = Locale.get_default()
    french_home = sections[(ResourceIndexPage, "fr")].get_parent()
    event_index = EventIndexPage(title="Événements", slug="evenements", summary="Ateliers.")
    french_home.add_child(instance=event_index)
    start = timezone.now() + datetime.timedelta(days=10)
    numbers = iter(range(10_000))
    makers = [
        (GuideIndexPage, make_guide),
        (TalkIndexPage, make_talk),
        (JobProfileIndexPage, make_job_profile),
        (CaseStudyIndexPage, make_case_study),
    ]

    def add(count):
        """`count` resources of each kind and events, 20 topics each time."""
        for _ in range(count):
            n = next(numbers)
            topics = Topic.objects.bulk_create(
                Topic(name=f"Sujet {n}.{t}", slug=f"sujet-{n}-{t}", locale=french)
                for t in range(20)
            )
            for kind, (model, make) in enumerate(makers):
                resource = make(
                    sections[(model, "fr")],
                    n,
                    topics=topics[:3],
                    institution=make_institution(f"Établissement {n}.{kind}"),
                )
                add_comment(resource, member, f"Avis {n}")
            event = EventPage(
                title=f"Atelier {n}",
                slug=f"atelier-{n}",
                summary="Un atelier.",
                kind="workshop",
                time_zone="Europe/Paris",
                start=start + datetime.timedelta(days=n),
                end=start + datetime.timedelta(days=n, hours=3),
                city="Lyon",
                capacity=10,
                host_institution=make_institution(f"Hôte {n}"),
            )
            event_index.add_child(instance=event)
            event.topics = topics[:2]
            event.save_revision().publish()

    add(1)
    small, large = page_queries.assert_constant(
        member_client, "/fr/", lambda: add(2), cold=34, warm=4
    )
    html = large.response.content.decode()
    assert html.count('class="tag"') >= 60
    assert "Atelier 0" in html and "Atelier 2" in html
    assert html.count('class="card"') == 6
    assert html.count('class="recent-discussions__excerpt"') == 5


class TestHomePageRules(WagtailPageTestCase):
    """Where home pages may be created, and what they may hold."""

    def test_home_page_lives_at_the_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_renders_for_a_member(self):
        member = get_user_model().objects.create_user(
            username="reader", email="reader@univ-test.example", password="x"
        )
        for home in HomePage.objects.all():
            self.assertPageIsRenderable(home, user=member)


def test_the_sections_go_directly_under_a_home_page_only():
    """Resources and Events are created under a home page and nowhere else
    (the home app declares it for the content apps below it)."""
    from events.models import EventIndexPage
    from home.models import HomePage
    from resources.models import ResourceIndexPage

    for section in (ResourceIndexPage, EventIndexPage):
        assert section.allowed_parent_page_models() == [HomePage]
