"""Fixtures of the tests of issue 17's member features: bookmarks, who is
coming, speaker pages, faces and activity, flagging."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from resources.models import GuideIndexPage, TalkIndexPage
from tests.events.conftest import event_index, make_event  # noqa: F401
from tests.resources.factories import make_guide, make_talk

BOOKMARK_BUTTON = re.compile(
    r'<button class="[^"]*bookmark-button"[^>]*aria-pressed="(true|false)">([^<]*)</button>'
)


def bookmark_button(html):
    """(pressed, label) of the page's bookmark button, as the member sees it."""
    pressed, label = BOOKMARK_BUTTON.search(html).groups()
    return pressed == "true", label


def restrict(page, group_name="Direction"):
    """Restrict ``page`` to the group ``group_name`` (created if needed)."""
    group, _created = Group.objects.get_or_create(name=group_name)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    restriction.save()
    return group


@pytest.fixture
def guide(sections):
    return make_guide(sections[(GuideIndexPage, "fr")], 1, title="Guide des lives Instagram")


@pytest.fixture
def secret_guide(sections):
    guide = make_guide(sections[(GuideIndexPage, "fr")], 2, title="Guide réservé à la direction")
    restrict(guide)
    return guide


@pytest.fixture
def talk_index(sections):
    return sections[(TalkIndexPage, "fr")]


@pytest.fixture
def talk_maker(talk_index):
    def make(number, speakers=(), **fields):
        return make_talk(talk_index, number, speakers=speakers, **fields)

    return make
