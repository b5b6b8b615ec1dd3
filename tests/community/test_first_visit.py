"""A comment changes what shows it, and nothing else (issue 15): the page's
count, its thread and the recent discussions. The content version stays,
so cached lists and dashboards stay cached; their cards' counts are filled
in outside them, exact at once, and the first visit after a comment costs a
few queries whatever the number of pages and comments."""

# Fixtures come from comment_helpers; tests take them as arguments.
# ruff: noqa: F811

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import PageViewRestriction

from core import fragments
from events.models import EventIndexPage, EventPage
from resources.models import GuideIndexPage
from tests.clients import logged_in
from tests.resources.factories import make_guide

from .comment_helpers import (  # noqa: F401 - fixtures
    add_comment,
    caching,
    post_comment,
    publish_at_once,
)
from .test_comment_counts import card_count

pytestmark = pytest.mark.django_db

#: The small data size; the large one is three times as much.
N = 4


@pytest.fixture
def cache_on(settings):
    caching(settings)


@pytest.fixture
def guide_index(sections):
    return sections[(GuideIndexPage, "fr")]


@pytest.fixture
def event_index(home_pages):
    index = EventIndexPage(title="Événements", slug="evenements", summary="Les ateliers.")
    home_pages[0].add_child(instance=index)
    return index


def publish_event(event_index, number):
    start = timezone.now() + datetime.timedelta(days=10 + number)
    event = EventPage(
        title=f"Atelier {number}",
        slug=f"atelier-{number}",
        summary="Un atelier.",
        kind="workshop",
        time_zone="Europe/Paris",
        start=start,
        end=start + datetime.timedelta(hours=3),
        city="Lyon",
        capacity=10,
    )
    event_index.add_child(instance=event)
    event.save_revision().publish()
    return event


def panel(html, panel_id):
    return html.split(f'id="{panel_id}"', 1)[1].split("</section>", 1)[0]


def test_no_change_of_a_comment_changes_the_content_version(
    cache_on, member_client, member, make_member, moderator, guide_index, publish_at_once
):
    """Posting, editing, reacting, flagging, deleting and moderating leave
    every cached list and dashboard where it is."""
    guide = make_guide(guide_index, 1)
    author = make_member("lea@univ-test.example", first_name="Léa")
    theirs = add_comment(guide, author, "Un avis")
    member_client.get(guide.url)
    before = fragments.version()

    post_comment(member_client, guide, "Mon retour d'expérience")
    mine = XtdComment.objects.filter(user=member).latest("pk")
    member_client.post(f"/fr/comments/{mine.pk}/edit/", {"comment": "Mon retour, corrigé."})
    member_client.post(f"/fr/comments/like/{theirs.pk}/", {"next": guide.url})
    member_client.post(f"/fr/comments/flag/{theirs.pk}/", {"next": guide.url})
    member_client.post(f"/fr/comments/{mine.pk}/delete/")
    moderators = logged_in(moderator)
    moderators.post(f"/admin/comments/{theirs.pk}/remove/")
    moderators.post(f"/admin/comments/{theirs.pk}/restore/")

    assert fragments.version() == before
    page = member_client.get(guide.url).content.decode()
    assert "Un avis" in page and "Mon retour, corrigé." not in page


def test_a_new_comment_shows_on_the_cached_list_and_dashboard_at_once(
    cache_on, member_client, member, make_member, moderator, guide_index, event_index
):
    guide = make_guide(guide_index, 1, title="Guide des lives Instagram")
    event = publish_event(event_index, 1)
    author = make_member("lea@univ-test.example", first_name="Léa")
    add_comment(guide, author, "Premier avis")

    def counts():
        listed = member_client.get(guide_index.url).content.decode()
        home = member_client.get("/fr/").content.decode()
        return (
            card_count(listed, guide.title),
            card_count(panel(home, "latest-resources"), guide.title),
            card_count(panel(home, "upcoming-events"), event.title),
        )

    assert counts() == (1, 1, 0)
    added = add_comment(guide, author, "Deuxième avis")
    add_comment(event, author, "Une question")
    assert counts() == (2, 2, 1)

    moderators = logged_in(moderator)
    moderators.post(f"/admin/comments/{added.pk}/remove/")
    assert counts() == (1, 1, 1)
    moderators.post(f"/admin/comments/{added.pk}/restore/")
    assert counts() == (2, 2, 1)
    assert "<!--cmhub-comments" not in member_client.get("/fr/").content.decode()


def comment_queries(queries):
    return [sql for sql in queries if '"django_comments"' in sql]


@pytest.mark.parametrize(
    "place", ["list", "dashboard", "events"], ids=["guides list", "dashboard", "events list"]
)
def test_the_first_visit_after_a_comment_costs_a_few_queries_whatever_the_data(
    cache_on, member_client, member, guide_index, event_index, place
):
    """The cached parts stay; only the commented page's count is read again,
    by its id: the same queries with N or 3N pages and comments, none over
    the whole comments table."""
    numbers = iter(range(1000))
    commented = []

    def grow(count):
        for _ in range(count):
            number = next(numbers)
            guide = make_guide(guide_index, number)
            event = publish_event(event_index, number)
            for page in (guide, event):
                for text in ("Un avis", "Une réponse"):
                    add_comment(page, member, text)
            commented.append(guide if place != "events" else event)

    url = {"list": guide_index.url, "dashboard": "/fr/", "events": event_index.url}[place]

    def first_visit_after_a_comment():
        member_client.get(url)
        member_client.get(url)  # warm
        add_comment(commented[-1], member, "Encore un avis")
        with CaptureQueriesContext(connection) as captured:
            html = member_client.get(url).content.decode()
        assert card_count(html, commented[-1].title) == 3
        return [query["sql"] for query in captured.captured_queries]

    grow(N)
    small = first_visit_after_a_comment()
    grow(2 * N)
    large = first_visit_after_a_comment()

    # The dashboard also reads its recent discussions again (two queries)
    # and, as on every visit, the member's bookmarks and registrations.
    bound = 7 if place == "dashboard" else 4
    assert len(small) == len(large) <= bound, "\n".join(large)
    counts = [sql for sql in comment_queries(large) if "GROUP BY" in sql]
    [count] = counts  # the commented page's count, by its id
    assert '"django_comments"."object_pk" IN (' in count
    assert f"'{commented[-1].pk}'" in count
    for sql in comment_queries(large):
        # No query reads the whole table: by page id, or the latest few.
        assert '"object_pk" IN (' in sql or sql.rstrip().endswith("LIMIT 20"), sql


def test_restricted_pages_counts_never_reach_members_outside_the_group(
    cache_on, member, make_member, guide_index
):
    """The editors' newest guide is restricted: its card and count stay off
    a member's dashboard, even through a comment that imitates the mark a
    card leaves for its count."""
    public = make_guide(guide_index, 1, title="Guide ouvert")
    secret = make_guide(guide_index, 2, title="Guide réservé")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    editor = make_member("eva@univ-test.example", first_name="Éva")
    editor.groups.add(Group.objects.get(name="Editors"))
    for text in ("Un", "Deux", "Trois"):
        add_comment(secret, editor, text)
    add_comment(public, member, f"<!--cmhub-comments:{secret.pk} {secret.url}-->")

    editors_home = logged_in(editor).get("/fr/").content.decode()
    members = logged_in(member)
    members_home = members.get("/fr/").content.decode()
    members_list = members.get(guide_index.url).content.decode()

    assert card_count(panel(editors_home, "latest-resources"), secret.title) == 3
    for html in (members_home, members_list):
        assert secret.title not in html
        assert "3 commentaires" not in html
        assert f'href="{secret.url}#comments"' not in html
    assert "&lt;!--cmhub-comments" in members_home  # the comment, shown as text
