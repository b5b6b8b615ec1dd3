"""The comparison of job profiles is cached (issue 15) for the chosen
profiles, the content version, the member's groups and the language: served
without reading the profiles when warm, never to a member who may not see
one of them, never stale after a change, the same whatever the order of the
profiles in the address."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.models import Locale, PageViewRestriction

from resources.models import JobProfileIndexPage
from tests.clients import logged_in

from .factories import make_job_profile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.FRAGMENT_CACHE_TIMEOUT = 3600
    cache.clear()


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


def translate(page, title):
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = title
    english.save_revision().publish()
    english.refresh_from_db()
    return english


@pytest.mark.parametrize("cache_timeout", [0, 3600])
def test_switching_language_on_a_comparison_compares_the_translations(
    member_client, sections, settings, cache_timeout
):
    """The language switcher keeps the comparison's address: the French
    profiles' ids, asked of the English comparison, compare their English
    versions (not a "choose valid profiles" error)."""
    settings.FRAGMENT_CACHE_TIMEOUT = cache_timeout
    french = sections[(JobProfileIndexPage, "fr")]
    english = sections[(JobProfileIndexPage, "en")]
    first = make_job_profile(french, 1, title="Community manager")
    second = make_job_profile(french, 2, title="Chargée de veille")
    first_en = translate(first, "Community manager (EN)")
    second_en = translate(second, "Monitoring officer")
    asked = compare(english, first, second)

    response = member_client.get(asked)
    assert response.status_code == 302
    assert response["Location"] == compare(english, first_en, second_en)
    page = member_client.get(response["Location"]).content.decode()
    assert "Monitoring officer" in page and "Chargée de veille" not in page


def test_a_profile_with_no_translation_still_asks_to_choose(member_client, sections):
    french = sections[(JobProfileIndexPage, "fr")]
    english = sections[(JobProfileIndexPage, "en")]
    first = make_job_profile(french, 1)
    second = make_job_profile(french, 2)
    translate(first, "Only one in English")
    response = member_client.get(compare(english, first, second))
    assert response.status_code == 400


def test_a_profile_with_no_translation_is_named_with_the_original_comparison(
    member_client, sections
):
    """Switched to English, a comparison of two French profiles of which
    one has no English version says which one is not translated (not that
    it "does not exist"), and links back to the French comparison."""
    french = sections[(JobProfileIndexPage, "fr")]
    english = sections[(JobProfileIndexPage, "en")]
    first = make_job_profile(french, 1, title="Community manager")
    second = make_job_profile(french, 2, title="Chargée de veille")
    translate(first, "Community manager (EN)")

    response = member_client.get(compare(english, first, second))
    assert response.status_code == 400
    page = response.content.decode()
    assert "does not exist" not in page
    assert "This job profile is not translated yet:" in page
    assert f'<li lang="fr"><a href="{second.url}">Chargée de veille</a></li>' in page
    original = compare(french, first, second).replace("&", "&amp;")
    assert f'<a href="{original}">Compare them in their original language</a>' in page


def test_in_french_the_untranslated_profile_reads_in_french(client, make_member, sections):
    member = make_member()
    client.force_login(member)
    french = sections[(JobProfileIndexPage, "fr")]
    english = sections[(JobProfileIndexPage, "en")]
    only_english = make_job_profile(english, 1, title="Social media officer")
    other = make_job_profile(english, 2, title="Community lead")
    page = client.get(compare(french, only_english, other)).content.decode()
    assert "Ces fiches de poste ne sont pas encore traduites\u00a0:" in page
    assert "Social media officer" in page and "Community lead" in page
    assert "Les comparer dans leur langue d'origine" in page


def test_an_untranslated_profile_the_member_may_not_see_is_not_named(member_client, sections):
    french = sections[(JobProfileIndexPage, "fr")]
    english = sections[(JobProfileIndexPage, "en")]
    first = make_job_profile(french, 1, title="Community manager")
    secret = make_job_profile(french, 2, title="Chargé de veille secret")
    translate(first, "Community manager (EN)")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    response = member_client.get(compare(english, first, secret))
    assert response.status_code == 400
    page = response.content.decode()
    assert "secret" not in page and "original language" not in page
