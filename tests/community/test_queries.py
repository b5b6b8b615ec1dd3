"""The members' pages (directory, a profile, editing one's profile) and the
moderation queue cost the same number of queries with N or 3N members,
topics, shared resources or flagged comments, with fragment caching off and
on (tests/queries.py)."""

import pytest
from django.urls import reverse
from django_comments.models import CommentFlag
from wagtail.models import Locale

from community.models import Institution, MemberProfile, Topic
from resources.models import GuideIndexPage
from tests.contributions.factories import published_proposal
from tests.resources.factories import make_guide

from .comment_helpers import add_comment

pytestmark = pytest.mark.django_db

#: The small data size; the large one is three times as much.
N = 6


@pytest.fixture
def add_members(make_member):
    """Members shown in the directory, each from an institution, with topics."""
    french = Locale.objects.get(language_code="fr")
    numbers = iter(range(10_000))

    def add(count):
        members = []
        for _ in range(count):
            n = next(numbers)
            user = make_member(f"cm{n}@univ-test.example", last_name=f"Membre {n:03}")
            profile = MemberProfile.objects.create(
                user=user,
                institution=Institution.objects.create(name=f"Université {n}", kind="university"),
                job_title="Chargée de communication",
            )
            profile.topics.set(
                Topic.objects.create(name=f"Sujet {n}.{t}", slug=f"sujet-{n}-{t}", locale=french)
                for t in range(2)
            )
            members.append(user)
        return members

    return add


def test_directory_costs_the_same_with_n_or_3n_members(member_client, add_members, page_queries):
    """Warm, the filters and cards are cached (community/member_cache.py):
    the one query left reads the session, which production reads from Redis."""
    add_members(N)
    small, large = page_queries.assert_constant(
        member_client, reverse("members:directory"), lambda: add_members(2 * N), cold=13, warm=1
    )
    assert len(large.response.context["members"]) == 3 * N


def test_filtered_directory_costs_the_same_with_n_or_3n_members(
    member_client, add_members, page_queries
):
    add_members(N)
    url = reverse("members:directory") + "?kind=university&q=membre"
    small, large = page_queries.assert_constant(
        member_client, url, lambda: add_members(2 * N), cold=13, warm=1
    )
    assert len(large.response.context["members"]) == 3 * N


def test_member_profile_costs_the_same_with_n_or_3n_topics_and_shared_resources(
    member_client, make_member, sections, page_queries
):
    french = Locale.objects.get(language_code="fr")
    author = make_member("lea@univ-test.example", first_name="Léa")
    profile = MemberProfile.objects.create(
        user=author,
        institution=Institution.objects.create(name="Université de Lyon", kind="university"),
        bio="Community manager.",
        languages=["fr", "en"],
    )
    numbers = iter(range(10_000))

    def add(count):
        for _ in range(count):
            n = next(numbers)
            topic = Topic.objects.create(name=f"Sujet {n}", slug=f"s-{n}", locale=french)
            profile.topics.add(topic)
            guide = make_guide(sections[(GuideIndexPage, "fr")], n, shared_by=author)
            published_proposal(author, guide)

    add(N)
    url = reverse("members:profile", args=[author.pk])
    small, large = page_queries.assert_constant(
        # +3 since issue 17: the pages' view restrictions (read once), the
        # member's recent comments, the upcoming events they chose to show.
        # Warm (issue 15): the session (Redis in production) and the check
        # that the member is listed; the body is cached
        # (community/member_cache.py).
        member_client,
        url,
        lambda: add(2 * N),
        cold=17,
        warm=2,
    )
    html = large.response.content.decode()
    assert f"Guide {3 * N - 1}" in html and f"Sujet {3 * N - 1}" in html


def test_profile_editing_costs_the_same_with_n_or_3n_topics_and_institutions(
    member_client, member, page_queries
):
    french = Locale.objects.get(language_code="fr")
    profile = MemberProfile.for_user(member)
    numbers = iter(range(10_000))

    def add(count):
        for _ in range(count):
            n = next(numbers)
            topic = Topic.objects.create(name=f"Sujet {n}", slug=f"s-{n}", locale=french)
            profile.topics.add(topic)
            Institution.objects.create(name=f"Université {n}", kind="university")

    add(N)
    small, large = page_queries.assert_constant(
        member_client, reverse("members:edit_profile"), lambda: add(2 * N), cold=13, warm=6
    )
    assert large.response.content.decode().count(f"Université {3 * N - 1}") == 1


def test_moderation_queue_costs_the_same_with_n_or_3n_flagged_comments(
    client, moderator, member, make_member, sections, page_queries
):
    client.force_login(moderator)
    flaggers = [make_member(f"flag{n}@univ-test.example") for n in range(3)]
    numbers = iter(range(10_000))

    def add(count):
        for _ in range(count):
            n = next(numbers)
            guide = make_guide(sections[(GuideIndexPage, "fr")], n)
            add_comment(guide, member, f"En attente {n}", is_public=False)
            flagged = add_comment(guide, member, f"Signalé {n}")
            for flagger in flaggers:
                CommentFlag.objects.create(
                    comment=flagged, user=flagger, flag=CommentFlag.SUGGEST_REMOVAL
                )

    add(N)
    # The queue lists only comments on pages the moderator may view: their
    # groups and the pages' view restrictions, read once (2 queries).
    small, large = page_queries.assert_constant(
        client, reverse("comment_moderation:queue"), lambda: add(2 * N), cold=17, warm=10
    )
    assert len(large.response.context["comments"]) == 2 * 3 * N
