"""Switching language on a page that has no version in the other language:
the member stays on the page, told in the language they chose."""

import html
import re
from urllib.parse import unquote

import pytest
from wagtail.models import Locale

from events.models import EventIndexPage
from resources.models import GuideIndexPage
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_indexes(home_pages):
    """The French event index and its English translation."""
    french = EventIndexPage(title="Événements", slug="evenements", summary="Les ateliers.")
    home_pages[0].add_child(instance=french)
    english = french.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title, english.slug = "Events", "events"
    english.save_revision().publish()
    english.refresh_from_db()
    return french, english


def switcher_target(page_html, code):
    """Where the header's switcher sends the member for ``code``."""
    match = re.search(rf'value="{code}"[^>]*formaction="/i18n/setlang/\?next=([^"]+)"', page_html)
    return unquote(html.unescape(match.group(1)))


def test_switching_to_english_on_a_french_only_page_stays_on_it_with_a_notice(
    sections, member_client
):
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1, title="Ouvrir un compte Instagram")
    target = switcher_target(member_client.get(guide.url).content.decode(), "en")
    assert target == f"{guide.url}?translation=en"

    response = member_client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert response.status_code == 302
    assert response["Location"] == target  # not /en/, not a 404
    assert response.cookies["django_language"].value == "en"

    page = member_client.get(target).content.decode()
    assert "Ouvrir un compte Instagram" in page
    notice = re.search(r'<p class="message message--info" lang="en">(.*?)</p>', page, re.S)
    assert notice, page
    assert "This page only exists in French." in notice.group(1)
    assert '<a href="/en/" hreflang="en">Go to the home page</a>' in notice.group(1)


def test_switching_to_french_on_an_english_only_page_says_so_in_french(sections, member_client):
    guide = make_guide(sections[(GuideIndexPage, "en")], 2, title="Open an Instagram account")
    target = switcher_target(member_client.get(guide.url).content.decode(), "fr")
    member_client.post("/i18n/setlang/", {"language": "fr", "next": target})
    page = html.unescape(member_client.get(target).content.decode())
    assert "Open an Instagram account" in page
    assert "Cette page n'existe qu'en anglais." in page
    assert '<a href="/fr/" hreflang="fr">Aller à l\'accueil</a>' in page


@pytest.mark.parametrize("wanted", ["fr", "de", "<script>"])
def test_no_notice_for_the_page_own_language_or_an_unknown_one(sections, member_client, wanted):
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1)
    response = member_client.get(guide.url, {"translation": wanted})
    assert response.status_code == 200
    page = response.content.decode()
    assert "only exists in" not in page
    assert "<script>" not in page


def test_a_translated_page_still_switches_to_its_translation(sections, member_client):
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1)
    english = guide.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    english.refresh_from_db()
    target = switcher_target(member_client.get(guide.url).content.decode(), "en")
    assert target == english.url


def test_an_outside_address_is_not_kept(member_client):
    response = member_client.post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example/?translation=en"}
    )
    assert "evil.example" not in response["Location"]


def test_switching_on_a_calendar_month_keeps_the_month_and_the_filters(
    event_indexes, member_client
):
    """The calendar of January 2027 with a filter, switched to English: the
    English calendar of the same month with the same filter, not the list
    of upcoming events."""
    event_index, english_event_index = event_indexes
    page = member_client.get(event_index.url + "calendar/2027/1/?kind=workshop")
    assert page.status_code == 200
    target = switcher_target(page.content.decode(), "en")
    assert target == english_event_index.url + "calendar/2027/1/?kind=workshop"
    assert member_client.get(target).status_code == 200


def test_switching_on_a_filtered_list_keeps_the_filters_but_not_the_notice_parameter(
    event_indexes, member_client
):
    event_index, english_event_index = event_indexes
    page = member_client.get(event_index.url, {"kind": "workshop", "translation": "en"})
    target = switcher_target(page.content.decode(), "en")
    assert target == english_event_index.url + "?kind=workshop"


def test_the_cached_header_switches_to_the_filters_of_this_visit(event_indexes, member_client):
    """The header is cached (core/shell.py); two visits of one list with
    other filters each switch to their own filters, not the first one's."""
    event_index, english_event_index = event_indexes
    first = member_client.get(event_index.url, {"kind": "workshop"})
    assert (
        switcher_target(first.content.decode(), "en") == english_event_index.url + "?kind=workshop"
    )
    second = member_client.get(event_index.url, {"kind": "webinar"})
    assert (
        switcher_target(second.content.decode(), "en") == english_event_index.url + "?kind=webinar"
    )
