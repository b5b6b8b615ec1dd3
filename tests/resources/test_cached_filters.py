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
