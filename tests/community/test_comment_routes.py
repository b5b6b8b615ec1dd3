"""Only the comment URLs the site uses are mounted, and removing a comment
keeps its replies (docs/discussion.md)."""

# Fixtures come from comment_helpers; tests take them as arguments.
# ruff: noqa: F811

import pytest
from django.test import Client
from django_comments.models import CommentFlag

from .comment_helpers import add_comment, guide  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

#: django-comments(-xtd) routes the site does not use; each answered 500.
UNUSED = [
    "/fr/comments/post.json",
    "/fr/comments/post.api",
    "/fr/comments/post.html",
    "/fr/comments/posted/",
    "/fr/comments/posted.json",
    "/fr/comments/flag/{pk}.json",
    "/fr/comments/flag/{pk}.api",
    "/fr/comments/cr/{ct}/{page}.json",
    "/fr/comments/cr/{ct}/{page}/",
    "/fr/comments/sent/",
    "/fr/comments/confirm/some-key/",
    "/fr/comments/reply/{pk}/",
    "/fr/comments/delete/{pk}/",
    "/fr/comments/deleted/",
    "/fr/comments/approve/{pk}/",
    "/fr/comments/approved/",
    "/fr/comments/api/{ct}/{page}/",
]


def test_unused_comment_routes_answer_404(member, guide):
    comment = add_comment(guide, member)
    client = Client(raise_request_exception=False)
    client.force_login(member)
    for template in UNUSED:
        url = template.format(pk=comment.pk, ct=comment.content_type_id, page=guide.pk)
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code in (403, 404), url  # 403: no CSRF token


def test_the_routes_the_site_uses_still_work(member, make_member, guide):
    comment = add_comment(guide, make_member("lea@univ-test.example"))
    client = Client(enforce_csrf_checks=False)
    client.force_login(member)
    for action in ("like", "dislike", "flag"):
        response = client.post(f"/fr/comments/{action}/{comment.pk}/", {"next": guide.url})
        assert response.status_code == 302, action
        assert response["Location"].startswith(guide.url)
    assert comment.flags.filter(user=member, flag=CommentFlag.SUGGEST_REMOVAL).exists()
    for done in ("liked", "disliked", "flagged"):
        assert client.get(f"/fr/comments/{done}/").status_code == 200, done


def test_a_moderator_cannot_remove_a_comment_with_its_replies(
    moderator, member, make_member, guide
):
    """django-comments' delete view saved the comment, and xtd's pre_save
    handler then unpublished every reply; it is gone, and the queue's
    removal keeps the replies under "Comment deleted."."""
    author = make_member("lea@univ-test.example")
    parent = add_comment(guide, author, "Question de Léa")
    reply = add_comment(guide, member, "Réponse de Camille", parent=parent)
    client = Client()
    client.force_login(moderator)

    assert client.post(f"/fr/comments/delete/{parent.pk}/").status_code == 404
    reply.refresh_from_db()
    assert reply.is_public

    client.post(f"/admin/comments/{parent.pk}/remove/")
    parent.refresh_from_db()
    reply.refresh_from_db()
    assert parent.is_removed and reply.is_public
    html = client.get(guide.url).content.decode()
    assert "Question de Léa" not in html
    assert "Commentaire supprimé." in html and "Réponse de Camille" in html
