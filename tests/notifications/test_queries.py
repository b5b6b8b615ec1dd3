"""The notifications and follows pages cost the same with N or 3N rows,
with fragment caching off and on (tests/queries.py); the header's bell
costs no query when the cache is warm."""

import pytest
from django.urls import reverse
from django.utils import translation

from community.models import Topic
from notifications.api import notify
from notifications.follows import follow
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db

N = 4


def test_the_notifications_page_costs_the_same_with_n_or_3n(
    member_client, member, other, guide_section, page_queries
):
    numbers = iter(range(1000))

    def add(count):
        for _ in range(count):
            page = make_guide(guide_section, 100 + next(numbers))
            notify(member, "reply", page, actor=other)

    add(N)
    page_queries.assert_constant(
        member_client, reverse("notifications:list"), lambda: add(2 * N), cold=12, warm=6
    )


def test_the_notifications_page_in_english_costs_the_same_with_n_or_3n(
    member_client, member, other, guide_section, page_queries
):
    """English titles of French pages (one lookup for the whole page)."""
    from wagtail.models import Locale

    english = Locale.objects.get(language_code="en")
    numbers = iter(range(1000))

    def add(count):
        for _ in range(count):
            page = make_guide(guide_section, 300 + next(numbers))
            translation = page.copy_for_translation(english)
            translation.title = f"Guide {page.pk} in English"
            translation.save_revision().publish()
            notify(member, "reply", page, actor=other)

    add(N)
    small, _large = page_queries.assert_constant(
        member_client, "/en/notifications/", lambda: add(2 * N), cold=13, warm=7
    )
    assert "in English" in small.response.content.decode()
    translation.activate("fr")  # the next tests reverse URLs in French


def test_the_follows_page_costs_the_same_with_n_or_3n(
    member_client, member, guide_section, page_queries
):
    from wagtail.models import Locale

    french = Locale.objects.get(language_code="fr")
    numbers = iter(range(1000))

    def add(count):
        for _ in range(count):
            n = next(numbers)
            follow(member, make_guide(guide_section, 200 + n))
            follow(
                member, Topic.objects.create(name=f"Sujet {n}", slug=f"sujet-{n}", locale=french)
            )

    add(N)
    page_queries.assert_constant(
        member_client, reverse("notifications:follows"), lambda: add(2 * N), cold=16, warm=10
    )


def test_the_bell_costs_no_query_when_warm(member_client, member, other, guide, page_queries):
    notify(member, "reply", guide, actor=other)
    url = reverse("members:directory")
    measured = page_queries.measure(member_client, url)
    counts = [sql for sql in measured.queries if "notifications_notification" in sql]
    assert len(counts) == (1 if page_queries.cold else 0)
    assert "1 non lue" in measured.response.content.decode()
