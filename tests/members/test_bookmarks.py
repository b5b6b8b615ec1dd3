"""Bookmarks ("Mes favoris"): the toggle on a page, the list by kind, the
dashboard's count, and what a bookmark never shows."""

import re

import pytest
from django.urls import reverse

from community.bookmarks import bookmark_count
from community.models import Bookmark
from resources.models import GuideIndexPage
from tests.resources.factories import make_guide

from .conftest import bookmark_button

pytestmark = pytest.mark.django_db

BOOKMARKS_URL = "/fr/me/bookmarks/"


def toggle(client, page, **extra):
    return client.post(reverse("members:toggle_bookmark", args=[page.pk]), **extra)


def test_the_button_adds_then_removes_a_bookmark_without_javascript(member_client, member, guide):
    html = member_client.get(guide.url).content.decode()
    assert 'action="{}"'.format(reverse("members:toggle_bookmark", args=[guide.pk])) in html
    assert "Ajouter à mes favoris" in html

    response = toggle(member_client, guide, data={"next": guide.url}, follow=True)
    assert response.redirect_chain[-1][0] == guide.url
    assert Bookmark.objects.filter(member=member, page=guide).exists()
    html = response.content.decode()
    assert "Ajouté à vos favoris." in html
    assert 'aria-pressed="true"' in html and "Dans mes favoris" in html

    toggle(member_client, guide)
    assert not Bookmark.objects.exists()


def test_the_script_gets_json(member_client, member, guide):
    response = toggle(member_client, guide, HTTP_ACCEPT="application/json")
    assert response.json() == {"bookmarked": True, "message": "Ajouté à vos favoris."}
    response = toggle(member_client, guide, HTTP_ACCEPT="application/json")
    assert response.json()["bookmarked"] is False


def test_the_toggle_needs_post_and_refuses_pages_it_should(
    member_client, guide, secret_guide, home_pages
):
    url = reverse("members:toggle_bookmark", args=[guide.pk])
    assert member_client.get(url).status_code == 405
    # A restricted page, the home page (not a resource or an event), a page that does not exist.
    assert toggle(member_client, secret_guide).status_code == 404
    assert toggle(member_client, home_pages[0]).status_code == 404
    assert member_client.post("/fr/bookmark/999999/").status_code == 404
    guide.unpublish()
    assert toggle(member_client, guide).status_code == 404
    assert not Bookmark.objects.exists()


def test_an_offsite_next_is_ignored(member_client, guide):
    response = toggle(member_client, guide, data={"next": "https://evil.example/"})
    assert response["Location"] == guide.url


def test_my_bookmarks_lists_them_by_kind(member_client, member, guide, talk_maker, make_event):
    talk = talk_maker(5, title="Conférence sur TikTok")
    event = make_event(title="Atelier vidéo")
    for page in (guide, talk, event):
        Bookmark.objects.create(member=member, page=page)
    html = member_client.get(BOOKMARKS_URL).content.decode()
    assert "Mes favoris" in html
    for title in ("Guide des lives Instagram", "Conférence sur TikTok", "Atelier vidéo"):
        assert title in html
    html = member_client.get(BOOKMARKS_URL + "?kind=event").content.decode()
    assert "Atelier vidéo" in html and "Conférence sur TikTok" not in html
    # An unknown kind shows everything rather than failing.
    response = member_client.get(BOOKMARKS_URL + "?kind=nope")
    assert response.status_code == 200 and "Conférence sur TikTok" in response.content.decode()


def test_each_bookmark_says_what_it_is_in_the_singular(
    member_client, member, guide, talk_maker, make_event
):
    """A kept guide is a "Fiche conseil", not "Fiches conseil": the badge
    on each bookmark names its kind as the cards do, while the filters
    above keep the plural names of the sections."""
    Bookmark.objects.create(member=member, page=guide)
    Bookmark.objects.create(member=member, page=talk_maker(5, title="Conférence sur TikTok"))
    Bookmark.objects.create(member=member, page=make_event(title="Atelier vidéo"))

    response = member_client.get(BOOKMARKS_URL)

    badges = re.findall(r'<span class="badge">([^<]+)</span>', response.content.decode())
    assert sorted(badges) == ["Fiche conseil", "Intervention", "Événement"]


def test_my_bookmarks_are_paginated(member_client, member, sections):
    from resources.models import GuideIndexPage
    from tests.resources.factories import make_guide

    for n in range(25):
        page = make_guide(sections[(GuideIndexPage, "fr")], 100 + n)
        Bookmark.objects.create(member=member, page=page)
    first = member_client.get(BOOKMARKS_URL)
    assert len(first.context["items"]) == 20
    second = member_client.get(BOOKMARKS_URL + "?page=2")
    assert len(second.context["items"]) == 5
    assert member_client.get(BOOKMARKS_URL + "?page=x").status_code == 200


def test_bookmarks_are_private_to_their_member(client, member, make_member, guide):
    Bookmark.objects.create(member=member, page=guide)
    other = make_member("lea@univ-test.example")
    client.force_login(other)
    assert "Guide des lives Instagram" not in client.get(BOOKMARKS_URL).content.decode()


def test_a_page_restricted_or_unpublished_since_is_neither_shown_nor_counted(
    client, member, guide, secret_guide, talk_maker
):
    """Bookmarked while the member could see them: a guide restricted to a
    group since, a talk unpublished since."""
    talk = talk_maker(3, title="Conférence retirée")
    for page in (guide, secret_guide, talk):
        Bookmark.objects.create(member=member, page=page)
    talk.unpublish()
    client.force_login(member)
    html = client.get(BOOKMARKS_URL).content.decode()
    assert "Guide des lives Instagram" in html
    assert "Guide réservé à la direction" not in html and "Conférence retirée" not in html
    assert bookmark_count(member) == 1
    assert "Mes favoris\u00a0: 1 page" in client.get("/fr/").content.decode()

    # Back in the group: the bookmark comes back.
    from django.contrib.auth.models import Group

    member.groups.add(Group.objects.get(name="Direction"))
    html = client.get(BOOKMARKS_URL).content.decode()
    assert "Guide réservé à la direction" in html
    assert bookmark_count(type(member).objects.get(pk=member.pk)) == 2


def test_the_dashboard_counts_the_bookmarks(member_client, member, guide, make_event):
    assert "Mes favoris\u00a0: 0 page" in member_client.get("/fr/").content.decode()
    Bookmark.objects.create(member=member, page=guide)
    Bookmark.objects.create(member=member, page=make_event())
    assert "Mes favoris\u00a0: 2 pages" in member_client.get("/fr/").content.decode()


def test_the_event_page_has_the_button(member_client, make_event):
    event = make_event()
    html = member_client.get(event.url).content.decode()
    assert reverse("members:toggle_bookmark", args=[event.pk]) in html


def test_my_bookmarks_are_not_shown_as_the_members_section(member_client):
    """The main navigation marked "Membres" as the current section on "Mes
    favoris" (its address is in the members' URLs): it is the directory's
    and the profiles' section only."""
    current = re.compile(r'<a href="/fr/members/"\s+aria-current="page"')
    assert current.search(member_client.get("/fr/members/").content.decode())
    assert not current.search(member_client.get(BOOKMARKS_URL).content.decode())
    assert not current.search(member_client.get("/fr/me/profile/").content.decode())


def test_an_english_reader_sees_the_english_translation_of_a_kept_page(
    member_client, member, sections, guide
):
    """A member who kept the French guide and reads CM Hub in English sees
    its English translation in "My bookmarks" (it showed the French title
    and summary); the button still removes the bookmark they made. A page
    with no translation stays in French, marked as such for screen readers."""
    english = make_guide(
        sections[(GuideIndexPage, "en")],
        11,
        title="Instagram live guide",
        summary="How to run a live.",
        translation_key=guide.translation_key,
    )
    untranslated = make_guide(sections[(GuideIndexPage, "fr")], 12, title="Guide des stories")
    Bookmark.objects.create(member=member, page=guide)
    Bookmark.objects.create(member=member, page=untranslated)

    html = member_client.get("/en/me/bookmarks/").content.decode()

    assert f'<a href="{english.url}">Instagram live guide</a>' in html
    assert "Guide des lives Instagram" not in html
    assert f'<h2 class="card__title" lang="fr"><a href="{untranslated.url}">' in html
    assert reverse("members:toggle_bookmark", args=[guide.pk]) in html
    assert reverse("members:toggle_bookmark", args=[english.pk]) not in html


# The member's bookmark state is cached (community/bookmarks.py): fragment
# caching is on in the tests, so each page below after the first is served
# from that cache unless a change forgot it.


SAVED = (True, "Dans mes favoris")
NOT_SAVED = (False, "Ajouter à mes favoris")


def button(client, page):
    return bookmark_button(client.get(page.url).content.decode())


def test_the_button_and_the_count_follow_each_toggle(member_client, guide):
    assert button(member_client, guide) == NOT_SAVED
    assert "Mes favoris\u00a0: 0 page" in member_client.get("/fr/").content.decode()

    toggle(member_client, guide)
    assert button(member_client, guide) == SAVED
    assert "Mes favoris\u00a0: 1 page" in member_client.get("/fr/").content.decode()

    toggle(member_client, guide)
    assert button(member_client, guide) == NOT_SAVED
    assert "Mes favoris\u00a0: 0 page" in member_client.get("/fr/").content.decode()


def test_a_member_never_sees_another_members_bookmark_state(client, member, make_member, guide):
    other = make_member("lea@univ-test.example", first_name="Léa")
    client.force_login(member)
    toggle(client, guide)
    assert button(client, guide) == SAVED
    assert "Mes favoris\u00a0: 1 page" in client.get("/fr/").content.decode()

    client.force_login(other)
    assert button(client, guide) == NOT_SAVED
    assert "Mes favoris\u00a0: 0 page" in client.get("/fr/").content.decode()
    toggle(client, guide)  # and back: the first member's state is untouched by it
    toggle(client, guide)

    client.force_login(member)
    assert button(client, guide) == SAVED
    assert "Mes favoris\u00a0: 1 page" in client.get("/fr/").content.decode()


def test_a_cached_count_never_counts_a_page_restricted_or_unpublished_since(
    member_client, member, guide, talk_maker
):
    from django.contrib.auth.models import Group

    from .conftest import restrict

    talk = talk_maker(3, title="Conférence")
    for page in (guide, talk):
        toggle(member_client, page)
    assert "Mes favoris\u00a0: 2 pages" in member_client.get("/fr/").content.decode()
    restrict(guide)  # no bookmark changed: the tree version did
    assert "Mes favoris\u00a0: 1 page" in member_client.get("/fr/").content.decode()
    talk.unpublish()
    assert "Mes favoris\u00a0: 0 page" in member_client.get("/fr/").content.decode()
    member.groups.add(Group.objects.get(name="Direction"))  # the member's groups changed
    assert "Mes favoris\u00a0: 1 page" in member_client.get("/fr/").content.decode()
    # A bookmark written elsewhere (the demo, another process) is seen too.
    Bookmark.objects.filter(member=member).delete()
    assert "Mes favoris\u00a0: 0 page" in member_client.get("/fr/").content.decode()
