"""Fixtures of the notification tests: a guide to talk about and a second member."""

import pytest

from resources.models import GuideIndexPage
from tests.resources.factories import make_guide


@pytest.fixture
def guide_section(sections):
    return sections[(GuideIndexPage, "fr")]


@pytest.fixture
def guide(guide_section):
    return make_guide(guide_section, 1, title="Guide des lives Instagram")


@pytest.fixture
def other(make_member):
    return make_member("lea@univ-test.example", first_name="Léa", last_name="Morel")
