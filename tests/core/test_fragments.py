"""Cached parts of pages (core/fragments.py) never show members something
stale or someone else's: each change is visible on the next request, and a
member's discussion thread (their own buttons, held comments, CSRF tokens)
is never served to another member."""

import pytest
from django_comments_xtd.models import XtdComment

from resources.models import GuideIndexPage
from tests.clients import logged_in
from tests.community.comment_helpers import (
    add_comment,
    post_comment,
    set_site_settings,
    without_per_request_values,
)
from tests.resources.factories import make_guide, make_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide_index(sections):
    return sections[(GuideIndexPage, "fr")]


@pytest.fixture
def guide(guide_index):
    set_site_settings(hold_first_comments=0)
    return make_guide(guide_index, 1, title="Guide des lives Instagram")


def test_a_published_change_shows_on_the_next_request(member_client, guide):
    assert "Ouvrir les paramètres" in member_client.get(guide.url).content.decode()

    guide.body = [("step", {"title": "Préparer le direct", "text": "<p>Tester le son.</p>"})]
    guide.save_revision().publish()

    page = member_client.get(guide.url).content.decode()
    assert "Préparer le direct" in page
    assert "Ouvrir les paramètres" not in page


def test_renaming_an_institution_shows_on_cached_pages_and_lists(member_client, guide, guide_index):
    institution = make_institution("Université de Rennes")
    guide.institution = institution
    guide.save_revision().publish()
    assert "Université de Rennes" in member_client.get(guide.url).content.decode()
    assert "Université de Rennes" in member_client.get(guide_index.url).content.decode()

    institution.name = "Université Rennes 2"
    institution.save()

    assert "Université Rennes 2" in member_client.get(guide.url).content.decode()
    assert "Université Rennes 2" in member_client.get(guide_index.url).content.decode()


def test_a_new_resource_appears_in_the_cached_list_at_once(member_client, guide, guide_index):
    assert "Guide des lives Instagram" in member_client.get(guide_index.url).content.decode()
    make_guide(guide_index, 2, title="Guide des sondages LinkedIn")
    assert "Guide des sondages LinkedIn" in member_client.get(guide_index.url).content.decode()


def test_each_member_gets_their_own_thread(guide, member, make_member):
    author = logged_in(member)
    other = logged_in(make_member("lea@univ-test.example", first_name="Léa"))
    # Both have read the page (and got their CSRF cookies) before the comment.
    author.get(guide.url)
    other.get(guide.url)

    post_comment(author, guide, "Nous testons les lives le jeudi.")
    edit_url = f"/fr/comments/{XtdComment.objects.get().pk}/edit/"

    mine = author.get(guide.url).content.decode()
    theirs = other.get(guide.url).content.decode()
    assert "Nous testons les lives le jeudi." in mine
    assert "Nous testons les lives le jeudi." in theirs
    # Only the author may edit or delete, within the edit window.
    assert edit_url in mine
    assert edit_url not in theirs
    # Each thread carries its own member's CSRF token.
    assert other.cookies["csrftoken"].value != author.cookies["csrftoken"].value


def test_deleting_or_editing_a_comment_shows_at_once(guide, member, member_client):
    comment = add_comment(guide, member, "Premier jet du commentaire.")
    assert "Premier jet du commentaire." in member_client.get(guide.url).content.decode()

    member_client.post(f"/fr/comments/{comment.pk}/edit/", {"comment": "Version corrigée."})
    page = member_client.get(guide.url).content.decode()
    assert "Version corrigée." in page
    assert "Premier jet du commentaire." not in page

    member_client.post(f"/fr/comments/{comment.pk}/delete/")
    assert "Version corrigée." not in member_client.get(guide.url).content.decode()


def test_pages_are_the_same_with_fragment_caching_off(settings, member_client, guide):
    cached = member_client.get(guide.url).content.decode()
    settings.FRAGMENT_CACHE_TIMEOUT = 0
    settings.COMMENT_THREAD_CACHE_TIMEOUT = 0
    uncached = member_client.get(guide.url).content.decode()
    assert "Ouvrir les paramètres" in uncached
    assert without_per_request_values(cached) == without_per_request_values(uncached)


def test_groups_set_after_a_restriction_reach_search_and_lists(guide, guide_index, make_member):
    """The admin saves a view restriction, then its groups: both steps count."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from search.models import SearchDocument

    outsider = logged_in(make_member("nina@univ-test.example", first_name="Nina"))
    assert "Guide des lives Instagram" in outsider.get(guide_index.url).content.decode()

    restriction = PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])

    editors = Group.objects.get(name="Editors").pk
    assert SearchDocument.objects.get(object_id=guide.pk).groups == f"|{editors}|"
    assert "Guide des lives Instagram" not in outsider.get(guide_index.url).content.decode()
