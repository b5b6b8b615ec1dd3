"""The comparison of job profiles is cached (issue 15) for the chosen
profiles, the content version, the member's groups and the language: served
without reading the profiles when warm, never to a member who may not see
one of them, never stale after a change, the same whatever the order of the
profiles in the address."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from wagtail.models import PageViewRestriction

from resources.models import JobProfileIndexPage

from .factories import make_job_profile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.FRAGMENT_CACHE_TIMEOUT = 3600
    cache.clear()


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def compare(parent, *profiles):
    return f"{parent.url}compare/?" + "&".join(f"profiles={p.pk}" for p in profiles)


def test_a_restricted_profile_never_reaches_members_outside_its_group(
    member, make_member, sections
):
    parent = sections[(JobProfileIndexPage, "fr")]
    open_profile = make_job_profile(parent, 1, title="Community manager")
    secret = make_job_profile(parent, 2, title="Chargé de veille", tools="Outil secret")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    editor = make_member("eva@univ-test.example", groups=("Members", "Editors"))

    # The editor fills the cache first: the member must not get their table.
    response = logged_in(editor).get(compare(parent, open_profile, secret))
    assert response.status_code == 200 and "Outil secret" in response.content.decode()
    response = logged_in(member).get(compare(parent, open_profile, secret))
    assert response.status_code == 400 and "Outil secret" not in response.content.decode()


def test_a_published_change_shows_at_once(member_client, sections):
    parent = sections[(JobProfileIndexPage, "fr")]
    first = make_job_profile(parent, 1, tools="Canva")
    second = make_job_profile(parent, 2)
    url = compare(parent, first, second)
    assert "Canva" in member_client.get(url).content.decode()

    first.tools = "Figma"
    first.save_revision().publish()

    html = member_client.get(url).content.decode()
    assert "Figma" in html and "Canva" not in html


def test_the_order_of_the_profiles_in_the_address_does_not_matter(member_client, sections):
    parent = sections[(JobProfileIndexPage, "fr")]
    first = make_job_profile(parent, 1, title="Community manager")
    second = make_job_profile(parent, 2, title="Chargée de communication")
    one_way = member_client.get(compare(parent, first, second)).content.decode()
    other_way = member_client.get(compare(parent, second, first)).content.decode()
    table = one_way.split('class="compare-table"', 1)[1].split("</table>", 1)[0]
    assert table == other_way.split('class="compare-table"', 1)[1].split("</table>", 1)[0]
    # Sorted by title, as the form reads them.
    assert table.index("Chargée de communication") < table.index("Community manager")


def test_an_unpublished_profile_is_refused_even_once_cached(member_client, sections):
    parent = sections[(JobProfileIndexPage, "fr")]
    first = make_job_profile(parent, 1)
    second = make_job_profile(parent, 2)
    url = compare(parent, first, second)
    assert member_client.get(url).status_code == 200
    second.unpublish()
    assert member_client.get(url).status_code == 400
