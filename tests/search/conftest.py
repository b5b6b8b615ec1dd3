import pytest
from wagtail.models import Locale

from resources.models import GuideIndexPage
from tests.resources.factories import make_guide


@pytest.fixture
def fr(db):
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def en(db):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def guides(sections):
    """make_guide in the French (default) or English guide list."""
    numbers = iter(range(1, 10_000))

    def make(language="fr", **fields):
        return make_guide(sections[(GuideIndexPage, language)], next(numbers), **fields)

    return make


@pytest.fixture
def titles():
    """The titles of the hits of a search page response, in rank order."""

    def read(response):
        return [hit.document.title for hit in response.context["hits"]]

    return read
