"""A long discussion is read from Redis once per process and change, then
from the process's own memory (community/thread_memory.py): the same page
for every member, a change shown at once, nothing kept longer than the
cache keeps it, and within a budget."""

# Fixtures come from comment_helpers; tests take them as arguments.
# ruff: noqa: F811

import re
import time

import pytest
from django.core.cache import caches

from community import thread_memory
from community.templatetags import comment_tags
from tests.clients import logged_in

from . import comment_helpers
from .comment_helpers import (  # noqa: F401 - fixtures
    add_comment,
    guide,
    without_per_request_values,
)

pytestmark = pytest.mark.django_db

THREAD = comment_tags._THREAD_KEY.split("{}")[0]


@pytest.fixture
def caching(settings):
    comment_helpers.caching(settings)


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys every cache read asks for."""
    asked = []
    backend = caches["default"]
    get_many = backend.get_many

    def spy(keys, *args, **kwargs):
        asked.extend(keys)
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(backend, "get_many", spy)
    return asked


def section(response):
    html = response.content.decode()
    start = html.index('<section class="comments"')
    return without_per_request_values(html[start : html.index("</section>", start)])


def shared_thread_reads(asked):
    return [key for key in asked if key.startswith(THREAD) and "member-" not in key]


def test_a_warm_visit_reads_the_thread_from_memory_not_from_the_cache(
    caching, cache_reads, guide, member, make_member
):
    lea = make_member("lea@univ-test.example", first_name="Léa")
    for number in range(5):
        add_comment(guide, lea, f"Avis {number}")
    first = section(logged_in(member).get(guide.url))
    assert shared_thread_reads(cache_reads)  # read (and rendered) once
    cache_reads.clear()
    again = section(logged_in(member).get(guide.url))
    other = section(logged_in(lea).get(guide.url))
    assert shared_thread_reads(cache_reads) == []
    assert again == first
    assert "Avis 4" in other and other != first  # Léa's own buttons, not the member's


def test_a_new_comment_shows_at_once_though_the_old_thread_is_in_memory(
    caching, guide, member, make_member
):
    lea = make_member("lea@univ-test.example", first_name="Léa")
    add_comment(guide, lea, "Premier avis")
    client = logged_in(member)
    client.get(guide.url)
    client.get(guide.url)
    assert len(thread_memory.threads) == 1
    add_comment(guide, lea, "Second avis")
    assert "Second avis" in client.get(guide.url).content.decode()


def test_memory_forgets_a_thread_when_the_cache_does(
    caching, monkeypatch, guide, member, make_member
):
    """The thread's comment form is signed with the time it was rendered
    (django-comments refuses it after two hours): a process must not keep
    serving it after the cache has let it go."""
    add_comment(guide, make_member("lea@univ-test.example"), "Un avis")
    client = logged_in(member)

    def stamp():
        html = client.get(guide.url).content.decode()
        return re.search(r'name="timestamp" value="([0-9]+)"', html)[1]

    before = stamp()
    assert stamp() == before  # from memory
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)  # the cache's 60 s are over
    assert stamp() != before


def test_memory_stays_within_its_budget(settings, caching, guide, member, make_member):
    lea = make_member("lea@univ-test.example")
    add_comment(guide, lea, "Un avis " * 200)
    client = logged_in(member)
    settings.COMMENT_THREAD_MEMORY_BYTES = 0
    client.get(guide.url)
    assert len(thread_memory.threads) == 0
    settings.COMMENT_THREAD_MEMORY_BYTES = 16_000_000
    for page in range(1, 6):  # five versions of the thread: five keys
        add_comment(guide, lea, f"Avis {page}")
        client.get(guide.url)
    assert len(thread_memory.threads) == 5
    kept = thread_memory.threads._size
    # Room for five of them: the sixth pushes the least recently used out.
    settings.COMMENT_THREAD_MEMORY_BYTES = kept
    add_comment(guide, lea, "Un de plus")
    assert "Un de plus" in client.get(guide.url).content.decode()
    assert thread_memory.threads._size <= kept
    assert len(thread_memory.threads) <= 5
