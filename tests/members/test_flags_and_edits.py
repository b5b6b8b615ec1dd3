"""Flagging a comment with a reason, the moderators' queue, "edited"
marks and the confirmation of destructive buttons."""

import pytest
from django.test import Client
from django.urls import reverse
from django_comments.models import CommentFlag

from community.comments import comment_removed
from community.models import CommentEdit, CommentFlagReason
from tests.community.comment_helpers import add_comment

pytestmark = pytest.mark.django_db

QUEUE_URL = "/admin/comments/"


@pytest.fixture
def author(make_member):
    return make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")


@pytest.fixture
def comment(guide, author):
    return add_comment(guide, author, "Achetez mes abonnés pas chers")


def flag(client, comment, **data):
    return client.post(reverse("comments-flag", args=[comment.pk]), data)


def test_a_member_flags_with_a_reason_that_moderators_read(
    member_client, moderator, comment, guide
):
    response = flag(member_client, comment, reason="spam", details="Publicité", next=guide.url)
    assert response.status_code == 302 and response["Location"] == guide.url
    removal = comment.flags.get(flag=CommentFlag.SUGGEST_REMOVAL)
    assert removal.cmhub_reason.reason == "spam"
    assert removal.cmhub_reason.details == "Publicité"

    moderator_client = Client()
    moderator_client.force_login(moderator)
    html = moderator_client.get(QUEUE_URL).content.decode()
    assert "Spam ou publicité" in html and "Publicité" in html


def test_flagging_again_updates_the_reason(member_client, comment):
    flag(member_client, comment, reason="spam")
    flag(member_client, comment, reason="abusive")
    assert comment.flags.filter(flag=CommentFlag.SUGGEST_REMOVAL).count() == 1
    assert CommentFlagReason.objects.get().reason == "abusive"


def test_other_needs_details_and_a_bad_reason_is_refused(member_client, comment):
    response = flag(member_client, comment, reason="other")
    assert response.status_code == 400
    assert "Dites aux modérateurs ce qui ne va pas." in response.content.decode()
    response = flag(member_client, comment, reason="nope")
    assert response.status_code == 400
    assert not comment.flags.exists()


def test_the_report_page_is_the_confirmation_without_javascript(member_client, comment, guide):
    html = member_client.get(guide.url).content.decode()
    report_url = reverse("comments:report", args=[comment.pk])
    assert f'method="get" action="{report_url}" data-confirm-dialog="flag-dialog"' in html
    assert '<dialog id="flag-dialog"' in html
    response = member_client.get(report_url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Suggérer le retrait de ce commentaire" in page
    assert 'name="reason" value="wrong"' in page
    assert 'action="{}"'.format(reverse("comments-flag", args=[comment.pk])) in page
    assert not comment.flags.exists()


def test_no_report_page_for_a_restricted_page(member_client, make_member, secret_guide):
    secret = add_comment(secret_guide, make_member("ines@univ-test.example"), "Avis réservé")
    assert member_client.get(reverse("comments:report", args=[secret.pk])).status_code == 404
    assert flag(member_client, secret, reason="spam").status_code == 404
    assert not secret.flags.exists()


def test_removing_a_flagged_comment_is_announced_once(client, moderator, member_client, comment):
    flag(member_client, comment, reason="spam", details="Pub")
    received = []

    def listener(sender, comment, moderator, reasons, **kwargs):
        received.append((comment.pk, moderator.pk, [r.reason for r in reasons]))

    comment_removed.connect(listener)
    try:
        client.force_login(moderator)
        client.post(f"{QUEUE_URL}{comment.pk}/remove/")
    finally:
        comment_removed.disconnect(listener)
    assert received == [(comment.pk, moderator.pk, ["spam"])]


def test_an_edited_comment_says_so(client, make_member, guide):
    author = make_member("lea@univ-test.example", first_name="Léa")
    comment = add_comment(guide, author, "Premier jet")
    client.force_login(author)
    assert "modifié" not in client.get(guide.url).content.decode()
    # Saving the same text is not an edit.
    client.post(reverse("comments:edit", args=[comment.pk]), {"comment": "Premier jet"})
    assert not CommentEdit.objects.exists()
    client.post(reverse("comments:edit", args=[comment.pk]), {"comment": "Version corrigée"})
    html = client.get(guide.url).content.decode()
    assert "Version corrigée" in html
    assert 'class="comment__edited muted"' in html and ">modifié<" in html
    assert CommentEdit.objects.filter(comment_id=comment.pk).exists()


def test_deleting_a_comment_asks_for_confirmation_without_javascript(client, make_member, guide):
    author = make_member("lea@univ-test.example", first_name="Léa")
    comment = add_comment(guide, author, "À supprimer peut-être")
    client.force_login(author)
    delete_url = reverse("comments:delete", args=[comment.pk])
    html = client.get(guide.url).content.decode()
    assert f'method="get" action="{delete_url}" data-confirm-dialog="delete-dialog"' in html
    page = client.get(delete_url)
    assert page.status_code == 200 and "Supprimer votre commentaire" in page.content.decode()
    comment.refresh_from_db()
    assert not comment.is_removed
    client.post(delete_url)
    comment.refresh_from_db()
    assert comment.is_removed


def test_the_delete_confirmation_is_only_for_the_author(member_client, comment):
    assert member_client.get(reverse("comments:delete", args=[comment.pk])).status_code == 403
