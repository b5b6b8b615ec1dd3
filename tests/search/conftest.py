import pytest
from wagtail.models import Locale

from resources.models import GuideIndexPage
from search import documents, indexer
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


@pytest.fixture
def during_rebuild(monkeypatch):
    """Run `check(page, draft)` each time the rebuild has built a page's
    document (the rebuild calls `search.documents.page_document` for every
    page it reads, between writing its batches)."""
    original = documents.page_document

    def install(check):
        def hooked(page, *args, **kwargs):
            draft = original(page, *args, **kwargs)
            check(page, draft)
            return draft

        monkeypatch.setattr(documents, "page_document", hooked)

    return install


def raise_at_page(number, error):
    """A `during_rebuild` check that raises `error` on the `number`-th page."""
    calls = []

    def check(page, draft):
        calls.append(page)
        if len(calls) == number:
            raise error

    return check


@pytest.fixture
def rebuild_dies_midway(during_rebuild):
    """A rebuild that raises after reading its third page (batches of two:
    one batch written, the second under way)."""

    def run():
        during_rebuild(raise_at_page(3, RuntimeError("the rebuild dies here")))
        with pytest.raises(RuntimeError):
            indexer.rebuild(batch_size=2)

    return run


@pytest.fixture
def rebuild_killed(during_rebuild, monkeypatch):
    """A rebuild killed at its `at`-th page, as if its process were killed:
    no chance to clean up after itself (batches of two)."""

    def run(at=1):
        during_rebuild(raise_at_page(at, SystemExit("killed")))
        monkeypatch.setattr(indexer, "_abandon", lambda engine, new: None)
        with pytest.raises(SystemExit):
            indexer.rebuild(batch_size=2)

    return run
