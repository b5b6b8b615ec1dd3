"""Query counts of the pages issue 17 added or changed: "My bookmarks",
a speaker page, the dashboard with bookmarks, a profile with comments and
listed events, an event page with listed attendees (as a member and as the
organiser), the moderation queue with reasons. N rows and 3N cost the same,
with fragment caching off and on (tests/queries.py)."""

import datetime

import pytest
from django.urls import reverse
from django_comments.models import CommentFlag
from wagtail.models import Locale

from community.models import Bookmark, CommentFlagReason, Institution, MemberProfile, Person
from events import services
from events.models import EventSpeaker
from notifications.follows import follow
from resources.models import GuideIndexPage
from tests.community.comment_helpers import add_comment
from tests.resources.factories import make_guide

from .conftest import bookmark_button, restrict

pytestmark = pytest.mark.django_db

#: The small data size; the large one is three times as much.
N = 4


@pytest.fixture
def numbers():
    return iter(range(10_000))


def test_my_bookmarks_cost_the_same_with_n_or_3n_bookmarks(
    member_client, member, sections, talk_maker, make_event, numbers, page_queries
):
    guides = sections[(GuideIndexPage, "fr")]

    def add(count):
        for _ in range(count):
            n = next(numbers)
            for page in (
                make_guide(guides, n),
                talk_maker(n),
                make_event(title=f"Atelier {n}"),
            ):
                Bookmark.objects.create(member=member, page=page)
            hidden = make_guide(guides, 5000 + n, title=f"Réservé {n}")
            Bookmark.objects.create(member=member, page=hidden)
            restrict(hidden)

    add(N)
    small, large = page_queries.assert_constant(
        member_client, "/fr/me/bookmarks/?page=1", lambda: add(2 * N), cold=17, warm=10
    )
    html = large.response.content.decode()
    assert "Réservé" not in html
    assert len(large.response.context["items"]) == 20


def test_a_speaker_page_costs_the_same_with_n_or_3n_talks_and_events(
    member_client, talk_maker, make_event, numbers, page_queries
):
    french = Locale.objects.get(language_code="fr")
    person = Person.objects.create(
        locale=french,
        first_name="Claire",
        last_name="Vasseur",
        institution=Institution.objects.create(name="Université de Lille", kind="university"),
    )

    def add(count):
        for _ in range(count):
            n = next(numbers)
            talk_maker(n, speakers=[person], title=f"Intervention {n}")
            event = make_event(title=f"Atelier {n}")
            EventSpeaker.objects.create(page=event, person=person)

    add(N)
    small, large = page_queries.assert_constant(
        member_client, person.get_absolute_url(), lambda: add(2 * N), cold=13, warm=6
    )
    html = large.response.content.decode()
    assert f"Intervention {3 * N - 1}" in html and f"Atelier {3 * N - 1}" in html


def test_the_dashboard_costs_the_same_with_n_or_3n_bookmarks(
    member_client, member, sections, numbers, page_queries
):
    guides = sections[(GuideIndexPage, "fr")]

    def add(count):
        for _ in range(count):
            Bookmark.objects.create(member=member, page=make_guide(guides, next(numbers)))

    add(N)
    small, large = page_queries.assert_constant(
        member_client, "/fr/", lambda: add(2 * N), cold=25, warm=2
    )
    assert f"Mes favoris\u00a0: {3 * N} pages" in large.response.content.decode()


@pytest.mark.parametrize("where", ["guide", "event", "dashboard"])
def test_the_bookmark_button_follow_state_and_count_cost_no_query_when_warm(
    member_client, member, guide, make_event, page_queries, where
):
    event = make_event(title="Atelier vidéo")
    for page in (guide, event):
        Bookmark.objects.create(member=member, page=page)
        follow(member, page)
    url = {"guide": guide.url, "event": event.url, "dashboard": "/fr/"}[where]
    measured = page_queries.measure(member_client, url)
    html = measured.response.content.decode()
    bookmark_queries = [sql for sql in measured.queries if '"community_bookmark"' in sql]
    follow_queries = [sql for sql in measured.queries if '"notifications_follow"' in sql]
    assert len(bookmark_queries) == (1 if page_queries.cold else 0), measured.listing()
    if where == "dashboard":
        assert "Mes favoris\u00a0: 2 pages" in html
    else:
        assert bookmark_button(html) == (True, "Dans mes favoris")
        assert "Ne plus suivre cette discussion" in html
        assert len(follow_queries) == (1 if page_queries.cold else 0), measured.listing()


def test_a_profile_costs_the_same_with_n_or_3n_comments_and_listed_events(
    member_client, make_member, sections, make_event, numbers, page_queries
):
    guides = sections[(GuideIndexPage, "fr")]
    lea = make_member("lea@univ-test.example", first_name="Léa")
    MemberProfile.objects.create(user=lea, job_title="CM")

    def add(count):
        for _ in range(count):
            n = next(numbers)
            add_comment(make_guide(guides, n), lea, f"Commentaire {n}")
            services.register(make_event(title=f"Atelier {n}"), lea, notify=False, listed=True)

    add(N)
    small, large = page_queries.assert_constant(
        member_client,
        reverse("members:profile", args=[lea.pk]),
        lambda: add(2 * N),
        cold=18,
        warm=2,  # the session and the check that Léa is listed (issue 15)
    )
    html = large.response.content.decode()
    # Ten upcoming events at most, soonest first.
    assert f"Commentaire {3 * N - 1}" in html and "Atelier 0" in html


#: The organiser's page also carries Wagtail's userbar (editors may open the admin).
EVENT_PAGE_BOUNDS = {"member": {"cold": 25, "warm": 6}, "organiser": {"cold": 29, "warm": 10}}


@pytest.mark.parametrize("viewer", ["member", "organiser"])
def test_an_event_page_costs_the_same_with_n_or_3n_listed_attendees(
    client, member, editor, make_member, make_event, numbers, page_queries, viewer
):
    client.force_login(member if viewer == "member" else editor)
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=20)
    event = make_event(capacity=10 * N, start=start, end=start + datetime.timedelta(hours=2))

    def add(count):
        for _ in range(count):
            n = next(numbers)
            user = make_member(f"p{n}@univ-test.example", first_name=f"Part{n}")
            MemberProfile.objects.create(
                user=user,
                institution=Institution.objects.create(name=f"Institution {n}", kind="university"),
            )
            services.register(event, user, notify=False, listed=n % 2 == 0)

    add(N)
    small, large = page_queries.assert_constant(
        client, event.url, lambda: add(2 * N), **EVENT_PAGE_BOUNDS[viewer]
    )
    assert "Part0 " in large.response.content.decode()


def test_the_moderation_queue_costs_the_same_with_n_or_3n_reasons(
    client, moderator, member, make_member, sections, numbers, page_queries
):
    client.force_login(moderator)
    flaggers = [make_member(f"flag{n}@univ-test.example") for n in range(3)]
    guides = sections[(GuideIndexPage, "fr")]

    def add(count):
        for _ in range(count):
            n = next(numbers)
            flagged = add_comment(make_guide(guides, n), member, f"Signalé {n}")
            for flagger in flaggers:
                flag = CommentFlag.objects.create(
                    comment=flagged, user=flagger, flag=CommentFlag.SUGGEST_REMOVAL
                )
                CommentFlagReason.objects.create(flag=flag, reason="spam", details=f"Pub {n}")

    add(N)
    small, large = page_queries.assert_constant(
        client, reverse("comment_moderation:queue"), lambda: add(2 * N), cold=15, warm=10
    )
    assert f"Pub {3 * N - 1}" in large.response.content.decode()
