"""The demo's discussions: threads in both languages, one comment flagged for
the moderators, loaded once."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

pytestmark = pytest.mark.django_db


def test_demo_discussions_are_loaded_once_with_a_flagged_comment(capsys):
    from django.core.management import call_command

    call_command("load_demo")
    comments = XtdComment.objects.count()
    call_command("load_demo")
    capsys.readouterr()

    assert XtdComment.objects.count() == comments >= 12
    assert set(XtdComment.objects.values_list("level", flat=True)) == {0, 1, 2}
    languages = {
        page.locale.language_code
        for page in (c.content_object for c in XtdComment.objects.filter(level=0))
    }
    assert languages == {"fr", "en"}
    flagged = CommentFlag.objects.filter(flag=CommentFlag.SUGGEST_REMOVAL)
    assert flagged.count() == 1
    moderator = Client()
    moderator.force_login(get_user_model().objects.get(email="moderateur@cmhub.example"))
    queue = moderator.get("/admin/comments/").content.decode()
    assert flagged.get().comment.comment[:30] in queue
