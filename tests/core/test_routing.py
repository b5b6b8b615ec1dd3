"""Wagtail's routing remembered in the cache (core/routing.py): a page costs
one query to route instead of seven, and nothing routing depends on (a
publication, a move, a view restriction and its groups, a translation) is
ever served stale."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, PageViewRestriction

from events.models import EventIndexPage
from resources.models import GuideIndexPage
from tests.queries import CACHE_ON, PageQueries
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db

#: What Wagtail reads to route a request: the site, the language, the
#: ancestors' aliases and the view restrictions.
ROUTING_TABLES = ('"wagtailcore_site"', '"wagtailcore_locale"', '"wagtailcore_pageviewrestriction"')


def routing_queries(queries):
    return [
        sql
        for sql in queries
        if any(table in sql.split(" WHERE ")[0] for table in ROUTING_TABLES)
        or '"wagtailcore_page"."alias_of_id" FROM' in sql
        or '"wagtailcore_page"."url_path" IN' in sql
    ]


@pytest.fixture
def guide(sections):
    return make_guide(sections[(GuideIndexPage, "fr")], 1, title="Guide des lives")


@pytest.fixture
def events(home_pages):
    french_home, _english_home = home_pages
    index = EventIndexPage(title="Événements", slug="evenements", summary="Les ateliers.")
    french_home.add_child(instance=index)
    return index


@pytest.fixture
def warm(settings):
    return PageQueries(CACHE_ON, settings)


@pytest.mark.parametrize("where", ["home", "guide", "section", "events"])
def test_a_remembered_route_costs_no_routing_query(
    member_client, guide, sections, events, page_queries, where
):
    url = {
        "home": "/fr/",
        "guide": guide.url,
        "section": sections[(GuideIndexPage, "fr")].url,
        "events": events.url,
    }[where]
    measured = page_queries.measure(member_client, url)
    routing = routing_queries(measured.queries)
    if page_queries.cold:  # routed by Wagtail, from the database
        assert routing, measured.listing()
    else:
        assert routing == [], measured.listing()
    assert "Guide des lives" in measured.response.content.decode() or where == "events"


def test_a_routable_pages_own_address_is_routed_from_the_cache_too(member_client, events, warm):
    measured = warm.measure(member_client, f"{events.url}calendar/")
    assert routing_queries(measured.queries) == [], measured.listing()


def test_a_restriction_added_after_the_route_was_remembered_applies_at_once(
    client, make_member, guide
):
    client.force_login(make_member("lea@univ-test.example"))
    assert client.get(guide.url).status_code == 200
    direction = Group.objects.create(name="Direction")
    restriction = PageViewRestriction.objects.create(
        page=guide.get_parent(), restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([direction])
    response = client.get(guide.url, follow=True)
    assert response.status_code == 403
    assert "Guide des lives" not in response.content.decode()

    # The restriction's groups change (m2m only): the member's group now passes.
    members = Group.objects.get(name="Members")
    restriction.groups.add(members)
    assert client.get(guide.url).status_code == 200
    restriction.groups.remove(members)
    assert client.get(guide.url, follow=True).status_code == 403
    restriction.delete()
    assert client.get(guide.url).status_code == 200


def test_an_unpublished_moved_or_renamed_page_is_not_served_from_a_remembered_route(
    member_client, guide
):
    old_url = guide.url
    assert member_client.get(old_url).status_code == 200
    guide.slug = "guide-des-directs"
    guide.save_revision().publish()
    assert member_client.get(old_url).status_code in (301, 302, 404)  # Wagtail's redirect
    guide.refresh_from_db()
    assert guide.url.endswith("/guide-des-directs/")
    assert member_client.get(guide.url).status_code == 200
    guide.unpublish()
    assert member_client.get(guide.url).status_code == 404


def test_a_page_unpublished_behind_djangos_back_is_not_served(member_client, guide):
    """No signal, so no new tree version: the remembered route still names
    the page, which is read again and found not live."""
    assert member_client.get(guide.url).status_code == 200
    Page.objects.filter(pk=guide.pk).update(live=False)
    assert member_client.get(guide.url).status_code == 404


def test_a_warm_page_is_not_built_from_the_database(member_client, guide, warm):
    """The remembered route holds the page object itself: a warm request
    reads only whether the page is still live at the same revisions, not the
    page's tables."""
    measured = warm.measure(member_client, guide.url)
    assert "Guide des lives" in measured.response.content.decode()
    assert not [sql for sql in measured.queries if '"resources_guidepage"' in sql], (
        measured.listing()
    )
    assert [sql for sql in measured.queries if "SELECT live, live_revision_id" in sql]


def test_a_page_changed_behind_djangos_back_is_read_again(member_client, guide):
    """No signal, so no new tree version; the remembered page's revisions no
    longer match its row, so it is read from the database again."""
    assert "<title>Guide des lives · CM Hub" in member_client.get(guide.url).content.decode()
    Page.objects.filter(pk=guide.pk).update(title="Guide des directs", latest_revision=None)
    assert "<title>Guide des directs · CM Hub" in member_client.get(guide.url).content.decode()


def test_a_new_translation_reaches_the_language_switcher_at_once(member_client, guide):
    assert "/en/resources/guides/guide-1/" not in member_client.get(guide.url).content.decode()
    english = Locale.objects.get(language_code="en")
    translation = guide.copy_for_translation(english, copy_parents=True)
    translation.save_revision().publish()
    assert translation.url == "/en/resources/guides/guide-1/"
    assert translation.url in member_client.get(guide.url).content.decode()


def test_pages_are_served_when_the_cache_is_off(member_client, guide, settings):
    settings.FRAGMENT_CACHE_TIMEOUT = 0
    assert member_client.get(guide.url).status_code == 200
    assert member_client.get("/fr/nulle-part/").status_code == 404
