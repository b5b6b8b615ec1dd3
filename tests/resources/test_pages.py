"""What members see on resource pages and lists."""

import datetime
from html import unescape

import pytest
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase

from community.models import Audience, Institution, Platform
from core.models import SiteSettings
from home.models import HomePage
from resources.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    GuideIndexPage,
    GuidePage,
    JobProfileIndexPage,
    JobProfilePage,
    ResourceIndexPage,
    TalkIndexPage,
    TalkPage,
)

from .factories import (
    make_case_study,
    make_event,
    make_guide,
    make_institution,
    make_job_profile,
    make_person,
    make_talk,
    make_topic,
    platform,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def french():
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


# --- Detail pages ------------------------------------------------------------


def test_guide_renders_its_structured_parts(member_client, sections, french):
    author = make_person(french, role="Responsable des réseaux sociaux")
    guide = make_guide(
        sections[(GuideIndexPage, "fr")],
        title="Annoncer un nouveau compte",
        author=author,
        institution=make_institution(city="Lyon"),
        estimated_minutes=30,
        body=[
            ("step", {"title": "Prévenir le site web", "text": "<p>Une actualité.</p>"}),
            ("step", {"title": "Écrire dans le magazine", "text": "<p>Un encadré.</p>"}),
            ("checklist", {"title": "", "items": ["Lien dans la signature"]}),
            ("do_dont", {"dos": ["Publier trois fois"], "donts": ["Acheter des abonnés"]}),
            ("legal_note", {"subject": "copyright", "text": "<p>Citer les sources.</p>"}),
            ("quote", {"text": "Un compte est une conversation.", "attribution": "Claire"}),
        ],
        topics=[make_topic(french)],
        platforms=[platform("facebook")],
    )
    html = unescape(member_client.get(guide.url).content.decode())
    assert html.count('class="step"') == 2
    assert "Prévenir le site web" in html and "Écrire dans le magazine" in html
    assert "Lien dans la signature" in html
    assert "Publier trois fois" in html and "Acheter des abonnés" in html
    assert "Note juridique — Droit d'auteur" in html
    assert "Un compte est une conversation." in html
    assert "Claire Vasseur" in html and "Responsable des réseaux sociaux" in html
    assert "Facebook" in html and "Veille" in html and "Lyon" in html
    assert "30 minutes" in html


def test_old_guide_shows_needs_review_warning(member_client, sections, home_pages):
    settings = SiteSettings.for_site(home_pages[0].get_site())
    settings.guide_review_months = 6
    settings.save()
    today = datetime.date.today()
    fresh = make_guide(sections[(GuideIndexPage, "fr")], 1, last_reviewed=today)
    stale = make_guide(
        sections[(GuideIndexPage, "fr")], 2, last_reviewed=today - datetime.timedelta(days=200)
    )
    assert "warning-box" not in member_client.get(fresh.url).content.decode()
    stale_html = member_client.get(stale.url).content.decode()
    assert "warning-box" in stale_html
    assert "plus de 6 mois" in stale_html


def test_talk_renders_its_sections_and_speakers(member_client, sections, french):
    speakers = [make_person(french, "Sophie", "Tremblay"), make_person(french, "Karim", "Benali")]
    talk = make_talk(
        sections[(TalkIndexPage, "fr")],
        speakers=speakers,
        career_path="<p>Journaliste puis CM.</p>",
        organisation="<p>Deux crises en 2019.</p>",
        advice="<p>Admettre une panne.</p>",
        questions=[("qa", {"question": "Et les trolls ?", "answer": "<p>Une réponse.</p>"})],
        key_takeaways="Transparence\nConversation",
        video_url="https://www.youtube.com/watch?v=abc",
    )
    html = member_client.get(talk.url).content.decode()
    for text in (
        "Parcours",
        "Journaliste puis CM.",
        "Deux crises en 2019.",
        "Admettre une panne.",
        "Et les trolls ?",
        "Transparence",
        "Sophie Tremblay",
        "Karim Benali",
        "youtube.com",
    ):
        assert text in html, text


def test_talk_links_to_the_event_it_was_given_at(member_client, sections, home_pages, french):
    event = make_event(home_pages[0], title="Rencontre annuelle des CM")
    talk = make_talk(sections[(TalkIndexPage, "fr")], speakers=[make_person(french)], event=event)
    html = member_client.get(talk.url).content.decode()
    assert "Donnée lors de" in html
    assert f'href="{event.url}"' in html and "Rencontre annuelle des CM" in html
    event_html = member_client.get(event.url).content.decode()
    assert talk.url in event_html


def test_job_profile_renders_lists_and_salary(member_client, sections):
    profile = make_job_profile(
        sections[(JobProfileIndexPage, "fr")],
        synonyms="gestionnaire de communauté",
        tools="Canva\nMeta Business Suite",
        interview_questions="Racontez une crise.",
        salary_min=32000,
        salary_max=42000,
        source="APEC",
        source_date=datetime.date(2025, 1, 1),
    )
    html = member_client.get(profile.url).content.decode()
    assert "gestionnaire de communauté" in html
    assert "Meta Business Suite" in html
    assert "Racontez une crise." in html
    assert "32\u202f000 – 42\u202f000 € (EUR), France" in html
    assert "APEC" in html


def test_case_study_renders_timeline_and_figures(member_client, sections):
    case = make_case_study(
        sections[(CaseStudyIndexPage, "fr")],
        kind="crisis",
        timeline=[
            (
                "step",
                {"date": datetime.date(2025, 6, 2), "title": "Réponse publique", "description": ""},
            )
        ],
        results=[
            ("figure", {"label": "Lectures après un mois", "value": "900", "unit": "lectures"})
        ],
        lessons="<p>Répondre une fois.</p>",
        platforms=[platform("x-twitter")],
    )
    html = member_client.get(case.url).content.decode()
    assert "Crise" in html
    assert "Réponse publique" in html and "2 juin 2025" in html
    assert "900" in html and "Lectures après un mois" in html
    assert "Canaux utilisés" in html and "X (Twitter)" in html


# --- Listings ----------------------------------------------------------------


def test_section_lists_filters_and_paginates(member_client, sections, french):
    parent = sections[(GuideIndexPage, "fr")]
    veille = make_topic(french)
    school = make_institution("École Test", kind="business_school")
    for number in range(14):
        make_guide(
            parent,
            number,
            topics=[veille] if number % 2 else [],
            institution=school if number < 3 else None,
            platforms=[platform("linkedin")] if number == 5 else [],
        )
    response = member_client.get(parent.url)
    assert response.status_code == 200
    assert response.context["resources"].paginator.count == 14
    assert len(response.context["resources"]) == 12
    second = member_client.get(parent.url + "?page=2")
    assert len(second.context["resources"]) == 2
    beyond = member_client.get(parent.url + "?page=999")
    assert beyond.status_code == 200 and beyond.context["resources"].number == 2

    by_topic = member_client.get(parent.url + "?topic=veille")
    assert by_topic.context["resources"].paginator.count == 7
    assert 'rel="next"' not in by_topic.content.decode()

    combined = member_client.get(parent.url + "?topic=veille&institution_kind=business_school")
    assert [g.title for g in combined.context["resources"]] == ["Guide 1"]

    by_platform = member_client.get(parent.url + "?platform=linkedin")
    assert [g.title for g in by_platform.context["resources"]] == ["Guide 5"]

    by_title = member_client.get(parent.url + "?sort=title")
    assert by_title.context["resources"][0].title == "Guide 0"


def test_pagination_links_keep_the_filters(member_client, sections, french):
    parent = sections[(GuideIndexPage, "fr")]
    veille = make_topic(french)
    for number in range(13):
        make_guide(parent, number, topics=[veille])
    html = member_client.get(parent.url + "?topic=veille&sort=oldest").content.decode()
    assert "?topic=veille&amp;sort=oldest&amp;page=2" in html


def test_unknown_filter_values_answer_400_with_a_message(member_client, sections):
    parent = sections[(GuideIndexPage, "fr")]
    make_guide(parent, 1)
    response = member_client.get(parent.url + "?topic=nope&institution=abc&sort=upside-down")
    assert response.status_code == 400
    assert "ignorés" in response.content.decode()
    assert response.context["resources"].paginator.count == 1


def test_language_filter_spans_both_trees(member_client, sections):
    make_guide(sections[(GuideIndexPage, "fr")], 1, title="Guide en français")
    make_guide(sections[(GuideIndexPage, "en")], 2, title="Guide in English")
    parent = sections[(GuideIndexPage, "fr")]

    def titles(query):
        return {g.title for g in member_client.get(parent.url + query).context["resources"]}

    assert titles("") == {"Guide en français"}
    assert titles("?language=en") == {"Guide in English"}
    assert titles("?language=all") == {"Guide en français", "Guide in English"}


def test_audience_filter(member_client, sections):
    parent = sections[(GuideIndexPage, "fr")]
    for_students = make_guide(parent, 1)
    for_students.audiences = [Audience.objects.get(kind="students")]
    for_students.save_revision().publish()
    make_guide(parent, 2)
    response = member_client.get(parent.url + "?audience=students")
    assert [g.pk for g in response.context["resources"]] == [for_students.pk]


def test_resources_index_shows_the_newest_of_every_kind(member_client, sections, french):
    make_guide(sections[(GuideIndexPage, "fr")], 1, title="Un guide")
    make_talk(
        sections[(TalkIndexPage, "fr")], 1, title="Une intervention", speakers=[make_person(french)]
    )
    make_job_profile(sections[(JobProfileIndexPage, "fr")], 1, title="Un profil")
    make_case_study(sections[(CaseStudyIndexPage, "fr")], 1, title="Un cas")
    html = member_client.get(sections[(ResourceIndexPage, "fr")].url).content.decode()
    for title in ("Un guide", "Une intervention", "Un profil", "Un cas"):
        assert title in html


def test_dashboard_lists_the_latest_resources(member_client, sections, home_pages):
    make_guide(sections[(GuideIndexPage, "fr")], 1, title="Fiche récente")
    html = member_client.get("/fr/").content.decode()
    assert "Fiche récente" in html
    assert "Aucun contenu n'est encore publié" not in html


def test_resources_published_at_the_same_instant_keep_one_order(
    member_client, sections, home_pages
):
    """Imported resources dated only by their day share one publication
    instant: the dashboard and the resources index list them newest
    page first, always in the same order (the database alone may return
    them either way)."""
    parent = sections[(GuideIndexPage, "fr")]
    first = make_guide(parent, 1, title="Fiche importée A")
    second = make_guide(parent, 2, title="Fiche importée B")
    same_day = datetime.datetime(2025, 3, 14, tzinfo=datetime.UTC)
    GuidePage.objects.filter(pk__in=[first.pk, second.pk]).update(first_published_at=same_day)
    for url in ("/fr/", sections[(ResourceIndexPage, "fr")].url):
        html = member_client.get(url).content.decode()
        assert html.index("Fiche importée B") < html.index("Fiche importée A"), url


def test_drafts_are_never_listed(member_client, sections):
    parent = sections[(GuideIndexPage, "fr")]
    draft = GuidePage(title="Brouillon", slug="brouillon", summary="Pas prêt.", body=[])
    parent.add_child(instance=draft)
    draft.unpublish()
    response = member_client.get(parent.url)
    assert "Brouillon" not in response.content.decode()
    assert member_client.get("/fr/ressources/fiches-conseil/brouillon/").status_code == 404


# --- Comparison ----------------------------------------------------------------


def test_job_profiles_compare_side_by_side(member_client, sections):
    parent = sections[(JobProfileIndexPage, "fr")]
    france = make_job_profile(
        parent, 1, title="Community manager", tools="Canva", salary_region="france"
    )
    quebec = make_job_profile(
        parent,
        2,
        title="Gestionnaire de communauté",
        tools="Hootsuite",
        salary_region="quebec",
        salary_currency="CAD",
        salary_min=52000,
    )
    response = member_client.get(f"{parent.url}compare/?profiles={france.pk}&profiles={quebec.pk}")
    assert response.status_code == 200
    rows = {str(row["label"]): row["values"] for row in response.context["rows"]}
    assert rows["outils"] == [["Canva"], ["Hootsuite"]]
    assert rows["Salaire"] == ["", "52\u202f000 $ CA (CAD), Québec"]
    html = response.content.decode()
    assert "Community manager" in html and "Gestionnaire de communauté" in html


@pytest.mark.parametrize(
    "query", ["", "?profiles=1", "?profiles=abc", "?profiles=999999&profiles=999998"]
)
def test_comparison_refuses_bad_choices_with_a_message(member_client, sections, query):
    parent = sections[(JobProfileIndexPage, "fr")]
    make_job_profile(parent, 1)
    response = member_client.get(f"{parent.url}compare/{query}")
    assert response.status_code == 400
    assert 'class="message message--error"' in response.content.decode()


def test_comparison_refuses_four_profiles(member_client, sections):
    parent = sections[(JobProfileIndexPage, "fr")]
    profiles = [make_job_profile(parent, number) for number in range(4)]
    query = "&".join(f"profiles={p.pk}" for p in profiles)
    response = member_client.get(f"{parent.url}compare/?{query}")
    assert response.status_code == 400
    assert "deux ou trois" in response.content.decode()


# --- Translations ----------------------------------------------------------------


def test_translated_resource_uses_the_topics_of_its_language(sections, french, english):
    veille = make_topic(french, "veille", "Veille")
    monitoring = veille.copy_for_translation(english)
    monitoring.name = "Monitoring"
    monitoring.save()
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1, topics=[veille])
    translation = guide.copy_for_translation(english)
    assert list(translation.topics.all()) == [monitoring]
    assert translation.get_parent().specific == sections[(GuideIndexPage, "en")]


# --- Page-type rules ---------------------------------------------------------------


class TestResourceTreeRules(WagtailPageTestCase):
    def test_each_kind_lives_under_its_own_index(self):
        self.assertIn(ResourceIndexPage, HomePage.allowed_subpage_models())
        self.assertCanCreateAt(HomePage, ResourceIndexPage)
        self.assertAllowedSubpageTypes(
            ResourceIndexPage,
            {GuideIndexPage, TalkIndexPage, JobProfileIndexPage, CaseStudyIndexPage},
        )
        for index, page in (
            (GuideIndexPage, GuidePage),
            (TalkIndexPage, TalkPage),
            (JobProfileIndexPage, JobProfilePage),
            (CaseStudyIndexPage, CaseStudyPage),
        ):
            self.assertAllowedSubpageTypes(index, {page})
            self.assertAllowedParentPageTypes(page, {index})
            self.assertCanCreateAt(index, page)
            self.assertCanNotCreateAt(ResourceIndexPage, page)
        self.assertCanNotCreateAt(GuideIndexPage, TalkPage)
        self.assertCanNotCreateAt(Page, ResourceIndexPage)


def test_institution_kinds_cover_the_field():
    assert {"university", "business_school", "cegep"} <= {
        kind for kind, _ in Institution._meta.get_field("kind").choices
    }
    assert Platform.objects.filter(slug="tiktok").exists()
