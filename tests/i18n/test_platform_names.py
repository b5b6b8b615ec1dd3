"""Platform and audience names in the reader's language: a platform is a
translatable snippet (wagtail-localize), read on guides, in the lists'
filters and in search facets in the page's language, with the default
language's name where no translation exists; filters and search keep
knowing a platform by the same slug whatever the language."""

import html
import re

import pytest
from wagtail.models import Locale

from community.models import Audience, Platform
from resources.models import GuideIndexPage
from search import indexer
from tests.resources.factories import make_event, make_guide, platform

pytestmark = pytest.mark.django_db

FRENCH_NAME = "Plateformes de partage de documents"
ENGLISH_NAME = "Document-sharing platforms"


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


@pytest.fixture
def document_sharing(english):
    """The platform the community migration creates, translated by an editor."""
    french = platform("document-sharing")
    assert french.name == FRENCH_NAME
    translation = french.copy_for_translation(english)
    translation.name = ENGLISH_NAME
    translation.save()
    return french


@pytest.fixture
def intranet():
    """A platform nobody translated yet."""
    return Platform.objects.create(name="Réseau social interne", slug="reseau-interne")


@pytest.fixture
def guide_in_both_languages(sections, english, document_sharing, intranet):
    french = make_guide(
        sections[(GuideIndexPage, "fr")],
        1,
        title="Publier un support de cours",
        platforms=[document_sharing, intranet],
    )
    translation = french.copy_for_translation(english)
    translation.title = "Publishing course material"
    translation.save_revision().publish()
    translation.refresh_from_db()
    return french, translation


def text(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def platform_options(page):
    """The options of the list's platform filter: value -> label."""
    select = re.search(r'<select name="platform"[^>]*>(.*?)</select>', page, re.S)
    assert select, "no platform filter"
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


@pytest.mark.parametrize("timeout", [0, 3600], ids=["cache-off", "cache-on"])
def test_a_guide_names_its_platforms_in_its_language(
    member_client, settings, guide_in_both_languages, timeout
):
    settings.FRAGMENT_CACHE_TIMEOUT = timeout
    french, english = guide_in_both_languages
    # French first: with caching on, the English page must not reuse it.
    page = text(member_client.get(french.url))
    assert FRENCH_NAME in page and ENGLISH_NAME not in page

    page = text(member_client.get(english.url))
    assert ENGLISH_NAME in page
    assert FRENCH_NAME not in page
    # Not translated yet: the default language's name rather than nothing.
    assert "Réseau social interne" in page


def test_the_guide_list_filter_names_platforms_in_the_list_language_and_still_filters(
    member_client, sections, guide_in_both_languages
):
    _french, english = guide_in_both_languages
    english_list = sections[(GuideIndexPage, "en")]
    page = text(member_client.get(english_list.url))
    options = platform_options(page)
    assert options["document-sharing"] == ENGLISH_NAME
    assert FRENCH_NAME not in options.values()
    assert options["reseau-interne"] == "Réseau social interne"
    assert list(options.values()).count(ENGLISH_NAME) == 1  # one option per platform

    filtered = text(member_client.get(english_list.url, {"platform": "document-sharing"}))
    assert english.title in filtered

    french_list = sections[(GuideIndexPage, "fr")]
    french_options = platform_options(text(member_client.get(french_list.url)))
    assert french_options["document-sharing"] == FRENCH_NAME
    filtered = text(member_client.get(french_list.url, {"platform": "document-sharing"}))
    assert "Publier un support de cours" in filtered


def facet(response, name):
    for group in response.context["facets"]:
        if group["name"] == name:
            return {item["label"]: item["count"] for item in group["items"]}
    return {}


def test_search_facets_name_platforms_in_the_member_language(
    member_client, guide_in_both_languages
):
    response = member_client.get("/en/search/", {"q": "course material"})
    assert [hit.document.title for hit in response.context["hits"]] == [
        "Publishing course material"
    ]
    assert facet(response, "platform") == {ENGLISH_NAME: 1, "Réseau social interne": 1}
    assert FRENCH_NAME not in text(response)

    # The facet's value is the same slug in both languages, and it filters.
    chosen = member_client.get(
        "/en/search/", {"q": "course material", "platform": "document-sharing"}
    )
    assert chosen.context["total"] == 1
    assert [item["label"] for item in chosen.context["active_filters"]] == [ENGLISH_NAME]

    response = member_client.get("/fr/search/", {"q": "support de cours"})
    assert facet(response, "platform") == {FRENCH_NAME: 1, "Réseau social interne": 1}
    assert ENGLISH_NAME not in text(response)


def test_search_finds_a_page_by_its_platform_name_in_either_language(
    member_client, guide_in_both_languages
):
    # "sharing" is in the English name only.
    response = member_client.get("/en/search/", {"q": "sharing"})
    assert [hit.document.title for hit in response.context["hits"]] == [
        "Publishing course material"
    ]
    response = member_client.get("/fr/search/", {"q": "partage de documents"})
    assert [hit.document.title for hit in response.context["hits"]] == [
        "Publier un support de cours"
    ]


def test_a_platform_translated_later_reaches_the_search_documents(
    member_client, sections, english, intranet
):
    make_guide(sections[(GuideIndexPage, "en")], 2, title="Onboarding", platforms=[intranet])
    assert member_client.get("/en/search/", {"q": "workplace network"}).context["total"] == 0

    translation = intranet.copy_for_translation(english)
    translation.name = "Workplace network"
    translation.save()  # the page's document is rebuilt (immediate tasks in tests)

    response = member_client.get("/en/search/", {"q": "workplace network"})
    assert [hit.document.title for hit in response.context["hits"]] == ["Onboarding"]


def test_a_rebuild_carries_the_platform_names_in_every_language(
    member_client, guide_in_both_languages
):
    indexer.rebuild()
    response = member_client.get("/en/search/", {"q": "sharing"})
    assert response.context["total"] == 1


def test_an_event_names_its_audiences_in_its_language(member_client, home_pages):
    french_home, english_home = home_pages
    students = Audience.objects.filter(kind="students")
    french = make_event(french_home, title="Rencontre des CM")
    french.audiences = list(students)
    french.save_revision().publish()
    english = make_event(english_home, title="CM meetup", days=-31)
    english.audiences = list(students)
    english.save_revision().publish()

    page = text(member_client.get(english.url))
    assert "Students" in page and "Étudiants" not in page
    page = text(member_client.get(french.url))
    assert "Étudiants" in page and "Students" not in page


def test_an_editor_translates_a_platform_in_the_admin(editor_client, english):
    french = platform("document-sharing")
    listing = text(editor_client.get("/admin/snippets/community/platform/"))
    submit = f"/admin/localize/submit/snippet/community/platform/{french.pk}/"
    assert submit in listing  # the "Translate" action

    response = editor_client.post(submit, {"locales": [english.pk]})
    assert response.status_code == 302
    translation = Platform.objects.get(translation_key=french.translation_key, locale=english)
    assert translation.slug == french.slug  # synchronised: filters keep working

    # The translation opens in wagtail-localize's editor, the name to translate.
    editor = text(editor_client.get(response["Location"]))
    assert "js-translation-editor" in editor
    assert FRENCH_NAME in editor
