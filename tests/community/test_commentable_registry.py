"""The page types members discuss are registered by the apps that own them
(community/comments.py: register_commentable), never listed by community."""

# Fixtures come from comment_helpers; tests take them as arguments.
# ruff: noqa: F811

import pytest
from django.core import checks
from django_comments_xtd.models import XtdComment

from community.comments import check_commentable_options, commentable_models
from resources.models import GuideIndexPage

from .comment_helpers import form_data, guide, post_comment, publish_at_once  # noqa: F401

pytestmark = pytest.mark.django_db


def test_resources_and_events_register_their_discussed_pages():
    assert [model._meta.label for model in commentable_models()] == [
        "resources.GuidePage",
        "resources.TalkPage",
        "resources.JobProfilePage",
        "resources.CaseStudyPage",
        "events.EventPage",
    ]


def test_a_page_type_nobody_registered_takes_no_comment(
    member_client, sections, guide, publish_at_once
):
    index = sections[(GuideIndexPage, "fr")]
    assert post_comment(member_client, guide, "Sur le guide").status_code == 302

    response = member_client.post("/fr/comments/post/", form_data(index, "Sur la liste"))

    assert response.status_code == 404
    assert list(XtdComment.objects.values_list("comment", flat=True)) == ["Sur le guide"]


def test_a_registered_page_type_without_comment_options_fails_the_checks(settings):
    options = dict(settings.COMMENTS_XTD_APP_MODEL_OPTIONS)
    assert check_commentable_options() == []
    del options["events.eventpage"]
    settings.COMMENTS_XTD_APP_MODEL_OPTIONS = options

    errors = check_commentable_options()

    assert [(error.id, error.obj._meta.label) for error in errors] == [
        ("community.E001", "events.EventPage")
    ]
    assert errors[0] in checks.run_checks()
