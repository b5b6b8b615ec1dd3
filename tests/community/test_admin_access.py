"""Who sees what in the Wagtail admin: members get a clear "no access"
page; moderators (admin access, no page permission) never read the titles
of pages restricted to a group they are not in, the comments on them, or
invitees' addresses."""

# The world fixture comes from the security crawl; tests take it as argument.
# ruff: noqa: F811

import importlib

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import clear_url_caches

from community.models import Invitation
from tests.community.comment_helpers import add_comment
from tests.security.conftest import COMMENT_MARK, PAGE_MARK, world  # noqa: F401

pytestmark = pytest.mark.django_db

INVITEE = "invitee-7f3a@elsewhere.example"


def logged_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def held_comment(page, user):
    return add_comment(page, user, f"Retenu {COMMENT_MARK}", is_public=False)


@pytest.fixture
def modo(make_member):
    """A moderator outside the group the restricted pages are for."""
    return make_member("modo@univ-test.example", groups=("Members", "Moderators"), first_name="Mo")


# --- Members -------------------------------------------------------------------


def test_a_member_opening_the_admin_gets_a_no_access_page_in_french(member):
    client = logged_in(member)
    for url in ("/admin/", "/admin/pages/", "/admin/comments/"):
        response = client.get(url, follow=True)
        assert len(response.redirect_chain) <= 1, response.redirect_chain
        assert response.status_code == 403
        html = response.content.decode()
        assert "Pas d’accès à l’administration" in html
        assert 'lang="fr"' in html


def test_an_english_member_reads_it_in_english(make_member):
    member = make_member("sam@univ-test.example", preferred_language="en")
    response = logged_in(member).get("/admin/", follow=True)
    assert len(response.redirect_chain) <= 1
    assert response.status_code == 403
    assert "No access to the administration" in response.content.decode()
    # A member who switched the site to English reads English too.
    french = make_member("lou@univ-test.example")
    client = logged_in(french)
    client.cookies["django_language"] = "en"
    assert "No access to the administration" in client.get("/admin/").content.decode()


def test_visitors_are_still_sent_to_log_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_editors_and_moderators_still_reach_the_admin(editor, modo):
    assert logged_in(editor).get("/admin/").status_code == 200
    assert logged_in(modo).get("/admin/").status_code == 200


def reload_urls():
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()


@pytest.fixture
def admin_at_gestion():
    """The admin mounted at /gestion/ by its one setting, CMHUB_ADMIN_PATH."""
    with override_settings(CMHUB_ADMIN_PATH="gestion/"):
        reload_urls()
        yield
    reload_urls()


def test_the_admin_path_is_one_setting_for_the_urls_and_their_guards(
    admin_at_gestion, member, editor
):
    assert logged_in(editor).get("/admin/", follow=True).status_code == 404
    response = logged_in(editor).get("/gestion/")
    assert response.status_code == 200
    # The admin's own Content-Security-Policy (core/security.py) follows it.
    assert "script-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
    # And members still get the "no access" page (community/middleware.py).
    response = logged_in(member).get("/gestion/pages/", follow=True)
    assert response.status_code == 403
    assert "Pas d’accès à l’administration" in response.content.decode()


# --- Moderators -------------------------------------------------------------------


def test_only_those_allowed_open_the_invitation_chooser(modo, editor):
    Invitation.objects.create(email=INVITEE)
    for url in (
        "/admin/snippets/choose/community/invitation/",
        "/admin/snippets/choose/community/invitation/results/",
    ):
        response = logged_in(modo).get(url)
        assert response.status_code in (302, 403), url
        assert INVITEE not in response.content.decode()
        assert INVITEE in logged_in(editor).get(url).content.decode()


def test_the_page_chooser_hides_restricted_pages_from_a_moderator(world, modo):
    guide = world.restricted["guide"]
    guides = world.pages["guides"].pk
    client = logged_in(modo)
    for url in (
        f"/admin/choose-page/{guides}/",
        "/admin/choose-page/search/?q=Guide",
        f"/admin/choose-page/{guide.pk}/",
    ):
        response = client.get(url, follow=True)
        assert PAGE_MARK not in response.content.decode(), url
    # The public guide is still there to choose.
    listing = client.get(f"/admin/choose-page/{guides}/").content.decode()
    assert "Ouvrir un compte Instagram" in listing
    # Someone in the group sees it; so does an editor (page permissions).
    for user in (world.users["insider"], world.users["editor"]):
        if user is world.users["insider"]:
            user.groups.add(*modo.groups.all())
        html = logged_in(user).get("/admin/choose-page/search/?q=Guide").content.decode()
        assert PAGE_MARK in html


def test_the_move_confirmation_and_workflow_views_do_not_name_a_restricted_page(world, modo):
    guide = world.restricted["guide"]
    client = logged_in(modo)
    for url in (
        f"/admin/pages/{guide.pk}/move/{world.pages['talks'].pk}/confirm/",
        f"/admin/pages/workflow/action/{guide.pk}/approve/1/",
        f"/admin/pages/workflow/confirm_cancellation/{guide.pk}/",
        f"/admin/pages/workflow/preview/{guide.pk}/1/",
    ):
        response = client.get(url, follow=True)
        assert response.status_code in (403, 404), url
        # Nor later, through a message on the next page.
        assert PAGE_MARK not in response.content.decode(), url
        assert PAGE_MARK not in client.get("/admin/").content.decode(), url


def test_the_moderation_queue_shows_a_moderator_only_comments_they_may_read(world, modo):
    held = held_comment(world.restricted["guide"], world.users["insider"])
    client = logged_in(modo)
    assert COMMENT_MARK not in client.get("/admin/comments/").content.decode()
    # 404 (Django's LocaleMiddleware redirects an admin 404 to /fr/admin/…, a 404 too).
    assert client.post(f"/admin/comments/{held.pk}/approve/").status_code in (302, 404)
    held.refresh_from_db()
    assert not held.is_public
    # A moderator in the page's group moderates it.
    world.users["insider"].groups.add(*modo.groups.all())
    insider = logged_in(world.users["insider"])
    assert COMMENT_MARK in insider.get("/admin/comments/").content.decode()
    assert insider.post(f"/admin/comments/{held.pk}/approve/").status_code == 302


def test_django_comments_moderation_pages_are_not_mounted(world, modo):
    comment = world.objects["secret_comment"]
    client = logged_in(modo)
    for url in (f"/fr/comments/delete/{comment.pk}/", f"/fr/comments/approve/{comment.pk}/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert COMMENT_MARK not in response.content.decode()
