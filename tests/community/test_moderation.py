"""The comment moderation queue in the Wagtail admin: what it shows, its
actions, and who may use it."""

# Fixtures come from comment_helpers; tests take them as arguments.
# ruff: noqa: F811

import re

import pytest
from django.test import Client
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from notifications.models import Notification

from .comment_helpers import add_comment, guide, post_comment  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

QUEUE_URL = "/admin/comments/"


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def author(make_member):
    return make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")


@pytest.fixture
def flagged(guide, author, member):
    """A published comment a member suggested removing."""
    comment = add_comment(guide, author, "Allez voir ma page promo !")
    flagger = Client()
    flagger.force_login(member)
    flagger.post(f"/fr/comments/flag/{comment.pk}/", {"next": guide.url})
    return comment


def test_queue_lists_held_and_flagged_comments_with_reasons(
    moderator_client, member, guide, author, flagged
):
    held = add_comment(guide, author, "Premier message de Léa", is_public=False)
    add_comment(guide, author, "Message sans histoire")

    response = moderator_client.get(QUEUE_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Allez voir ma page promo !" in html and "Premier message de Léa" in html
    assert "Message sans histoire" not in html
    assert "Retenu pour modération" in html
    assert "Camille Durand" in html  # who suggested the removal
    assert [c.pk for c in response.context["comments"]] == [flagged.pk, held.pk]
    assert response.context["comments"][0].removal_flags == 1


def test_moderator_approves_a_held_comment(moderator_client, guide, author):
    held = add_comment(guide, author, "Message retenu", is_public=False)
    response = moderator_client.post(f"{QUEUE_URL}{held.pk}/approve/")
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.is_public
    assert held.flags.filter(flag=CommentFlag.MODERATOR_APPROVAL).exists()
    assert "Message retenu" not in moderator_client.get(QUEUE_URL).content.decode()


def test_approving_a_flagged_comment_clears_its_flags(moderator_client, flagged):
    moderator_client.post(f"{QUEUE_URL}{flagged.pk}/approve/")
    assert not flagged.flags.filter(flag=CommentFlag.SUGGEST_REMOVAL).exists()
    assert "ma page promo" not in moderator_client.get(QUEUE_URL).content.decode()


def test_moderator_removes_then_restores_a_comment(
    moderator_client, member_client, guide, member, flagged
):
    reply = add_comment(guide, member, "Je ne suis pas d'accord", parent=flagged)

    moderator_client.post(f"{QUEUE_URL}{flagged.pk}/remove/")

    flagged.refresh_from_db()
    assert flagged.is_removed
    html = member_client.get(guide.url).content.decode()
    assert "ma page promo" not in html and "Commentaire supprimé." in html
    assert "Je ne suis pas d&#x27;accord" in html
    removed_tab = moderator_client.get(f"{QUEUE_URL}?status=removed").content.decode()
    assert "ma page promo" in removed_tab

    moderator_client.post(f"{QUEUE_URL}{flagged.pk}/restore/")

    flagged.refresh_from_db()
    reply.refresh_from_db()
    assert not flagged.is_removed and flagged.is_public and reply.is_public
    assert "ma page promo" in member_client.get(guide.url).content.decode()


def test_the_queue_lets_the_moderator_tell_the_author_why(moderator_client, author, flagged):
    """The author's notification says why their comment was removed: the
    "Remove" button of the queue had no field for the reason, so it always
    read "Motif : —"."""
    html = moderator_client.get(QUEUE_URL).content.decode()
    form = re.search(r'<form[^>]*action="([^"]*/remove/)".*?</form>', html, re.S)
    assert 'name="reason"' in form.group(0)
    assert "Motif indiqué à l’auteur (facultatif)" in form.group(0)

    moderator_client.post(form.group(1), {"reason": "Publicité sans rapport avec la fiche"})

    notification = Notification.objects.get(recipient=author, kind="moderation")
    assert notification.text().endswith("Motif\u00a0: Publicité sans rapport avec la fiche")


def test_actions_need_post(moderator_client, flagged):
    assert moderator_client.get(f"{QUEUE_URL}{flagged.pk}/remove/").status_code == 405
    flagged.refresh_from_db()
    assert not flagged.is_removed


def test_editors_without_the_moderation_permission_get_403(editor_client, flagged):
    assert editor_client.get(QUEUE_URL).status_code == 403
    for action in ("approve", "remove", "restore"):
        assert editor_client.post(f"{QUEUE_URL}{flagged.pk}/{action}/").status_code == 403
    flagged.refresh_from_db()
    assert not flagged.is_removed
    assert flagged.flags.filter(flag=CommentFlag.SUGGEST_REMOVAL).exists()


def test_members_cannot_reach_the_queue(member_client, flagged):
    # Members have no access to the Wagtail admin: sent to the login page.
    response = member_client.get(QUEUE_URL)
    assert response.status_code in (302, 403)
    assert member_client.post(f"{QUEUE_URL}{flagged.pk}/remove/").status_code in (302, 403)
    ajax = member_client.get(QUEUE_URL, headers={"x-requested-with": "XMLHttpRequest"})
    assert ajax.status_code == 403
    flagged.refresh_from_db()
    assert not flagged.is_removed


def test_menu_item_is_shown_to_moderators_only(moderator_client, editor_client):
    assert "/admin/comments/" in moderator_client.get("/admin/").content.decode()
    assert "/admin/comments/" not in editor_client.get("/admin/").content.decode()


def test_a_moderators_comments_are_never_held(moderator_client, guide):
    post_comment(moderator_client, guide, "Bienvenue à toutes et tous")
    assert XtdComment.objects.get().is_public


def test_approving_a_held_comment_notifies_followers(
    moderator_client, member, guide, author, mailoutbox
):
    add_comment(guide, member, "Je suis la discussion", followup=True)
    held = add_comment(guide, author, "Réponse retenue", is_public=False)
    mailoutbox.clear()
    moderator_client.post(f"{QUEUE_URL}{held.pk}/approve/")
    assert [message.to for message in mailoutbox] == [[member.email]]
