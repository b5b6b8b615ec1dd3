"""Helpers of the comment tests: pages to discuss, posting as a member, and
comments built the way django-comments-xtd builds them."""

import re

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django_comments_xtd.models import XtdComment
from wagtail.models import Site

from community.comments import MemberCommentForm
from core.models import SiteSettings
from resources.models import GuideIndexPage
from tests.resources.factories import make_guide

POST_URL = "/fr/comments/post/"


@pytest.fixture
def guide(sections):
    return make_guide(sections[(GuideIndexPage, "fr")], 1, title="Guide des lives Instagram")


@pytest.fixture
def publish_at_once(db):
    """No comment held for moderation: most tests are about something else."""
    return set_site_settings(hold_first_comments=0)


def caching(settings, on=True):
    """Fragment and thread caching as in production (``on``) or off, from an
    empty cache (``settings``: pytest-django's fixture)."""
    settings.FRAGMENT_CACHE_TIMEOUT = 3600 if on else 0
    settings.COMMENT_THREAD_CACHE_TIMEOUT = 60 if on else 0
    cache.clear()


def set_site_settings(**values):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(site_settings, name, value)
    site_settings.save()
    return site_settings


def form_data(page, text, reply_to=0, followup=True):
    """What the thread's form posts: its signed hidden fields and the text."""
    data = MemberCommentForm(page).generate_security_data()
    data.update({"comment": text, "reply_to": reply_to, "honeypot": ""})
    if followup:
        data["followup"] = "on"
    return data


def post_comment(client, page, text, reply_to=0, followup=True):
    return client.post(POST_URL, form_data(page, text, reply_to, followup))


def add_comment(page, user, text="Merci pour ce guide.", parent=None, **fields):
    """A comment saved through XtdComment.save(), which fills the thread fields."""
    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(page),
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=user.get_full_name(),
        user_email=user.email,
        comment=text,
        parent_id=parent.pk if parent else 0,
        **fields,
    )


def page_url(page):
    return page.url


def flag_url(comment):
    return reverse("comments-flag", args=[comment.pk])


#: What a page renders anew on every request: the CSRF token, and the comment
#: form's timestamp and the hash signing it (they change with the second).
PER_REQUEST_VALUES = re.compile(
    r'((?:csrfmiddlewaretoken|timestamp|security_hash)" value|csrf-token" content)="[^"]*"'
)


def without_per_request_values(html):
    """``html`` without the values that differ between two requests of the
    same page, so that two renderings can be compared."""
    return PER_REQUEST_VALUES.sub(r"\1", html)
