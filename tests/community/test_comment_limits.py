"""A comment has a size limit, when posted and when edited: too long is a
message to the member, never a 500, and nothing is saved."""

import pytest
from django_comments_xtd.models import XtdComment

from community.comments import MemberCommentForm

from .comment_helpers import add_comment, guide, post_comment, publish_at_once  # noqa: F401

pytestmark = pytest.mark.django_db

MAX_LENGTH = MemberCommentForm.base_fields["comment"].max_length


def test_a_comment_too_long_is_refused(member_client, guide, publish_at_once):  # noqa: F811
    response = post_comment(member_client, guide, "x" * (MAX_LENGTH + 1))

    assert response.status_code in (200, 400)
    assert not XtdComment.objects.exists()


def test_an_edit_too_long_is_refused(member_client, member, guide):  # noqa: F811
    comment = add_comment(guide, member, "Court.")

    response = member_client.post(
        f"/fr/comments/{comment.pk}/edit/",
        {"comment": "x" * (MAX_LENGTH + 1)},
    )

    assert response.status_code == 200
    assert f"{MAX_LENGTH}" in response.content.decode()
    comment.refresh_from_db()
    assert comment.comment == "Court."
