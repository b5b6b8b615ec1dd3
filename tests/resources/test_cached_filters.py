"""The list filters live in the list's cached fragment (resources and
events): what they offer follows the topics and platforms at once, and a
value that does not exist is still reported."""

import pytest
from wagtail.models import Locale

from resources.models import GuideIndexPage
from tests.resources.factories import make_guide, make_topic, platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides(sections):
    section = sections[(GuideIndexPage, "fr")]
    make_guide(section, 1, title="Guide de la veille")
    return section


def test_a_renamed_topic_or_platform_shows_in_the_cached_filters_at_once(member_client, guides):
    topic = make_topic(Locale.objects.get(language_code="fr"), "veille", "Veille")
    html = member_client.get(guides.url).content.decode()
    assert ">Veille</option>" in html
    topic.name = "Veille sociale"
    topic.save()
    facebook = platform("facebook")
    facebook.name = "Facebook (Meta)"
    facebook.save()
    html = member_client.get(guides.url).content.decode()
    assert ">Veille sociale</option>" in html and ">Veille</option>" not in html
    assert ">Facebook (Meta)</option>" in html


def test_an_unknown_filter_value_is_reported_from_the_cached_list_too(member_client, guides):
    for _ in range(2):  # the first request fills the cache, the second reads it
        response = member_client.get(f"{guides.url}?topic=nulle-part")
        html = response.content.decode()
        assert "Guide de la veille" in html
        assert 'role="alert"' in html


def test_a_new_topic_or_platform_is_a_valid_filter_at_once(member_client, guides):
    """A filter value is checked against the topics and platforms each
    process keeps for the content version: a topic or platform added since
    is accepted on the next request, a removed one refused."""
    url = f"{guides.url}?topic=moderation"
    for _ in range(2):  # the second answer comes from what the process kept
        assert member_client.get(url).status_code == 400
    topic = make_topic(Locale.objects.get(language_code="fr"), "moderation", "Modération")
    assert member_client.get(url).status_code == 200
    topic.delete()
    assert member_client.get(url).status_code == 400
    tiktok = platform("tiktok")
    assert member_client.get(f"{guides.url}?platform=tiktok").status_code == 200
    tiktok.delete()
    assert member_client.get(f"{guides.url}?platform=tiktok").status_code == 400


def test_a_language_keeps_its_own_platform_names(member_client, sections, settings):
    """The kept lists are per language: the English list's filter names a
    translated platform in English right after the French list was read in
    the same process (and the other way round)."""
    settings.FRAGMENT_CACHE_TIMEOUT = 0  # the form rendered each time, from the kept list
    french = platform("document-sharing")
    translation = french.copy_for_translation(Locale.objects.get(language_code="en"))
    translation.name = "Document-sharing platforms"
    translation.save()
    english_list = sections[(GuideIndexPage, "en")].url
    french_list = sections[(GuideIndexPage, "fr")].url
    for _ in range(2):
        html = member_client.get(f"{french_list}?platform=document-sharing").content.decode()
        assert ">Plateformes de partage de documents</option>" in html
        html = member_client.get(f"{english_list}?platform=document-sharing").content.decode()
        assert ">Document-sharing platforms</option>" in html
