"""Comment counts on cards: read per page (one cache MGET, one query on the
pages the cache lacks), exact after every change of a page's comments, and
never recomputed over every comment because one was posted."""

# Fixtures come from comment_helpers; tests take them as arguments.
# ruff: noqa: F811

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment
from wagtail.models import PageViewRestriction

from resources.models import GuideIndexPage
from tests.clients import logged_in
from tests.resources.factories import make_guide

from .comment_helpers import add_comment, post_comment, publish_at_once  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def card_count(html, title):
    """The comment count on the card of ``title`` (0 when it shows none)."""
    card = html.split(f">{title}</a></h3>", 1)[1].split("</article>", 1)[0]
    if 'class="card__comments"' not in card:
        return 0
    return int(card.split('#comments">', 1)[1].split(" ", 1)[0])


def count_queries(queries):
    return [sql for sql in queries if 'COUNT("django_comments_xtd_xtdcomment"' in sql]


@pytest.fixture
def guides(sections):
    parent = sections[(GuideIndexPage, "fr")]
    return parent, [make_guide(parent, number) for number in range(3)]


def test_counts_stay_exact_after_posting_deleting_flagging_and_moderating(
    member_client, member, make_member, moderator, guides, publish_at_once
):
    parent, (first, second, _third) = guides
    author = make_member("lea@univ-test.example", first_name="Léa")
    add_comment(first, author, "Premier avis")
    add_comment(second, author, "Retenu", is_public=False)
    add_comment(second, author, "Retiré", is_removed=True)

    def counts():
        html = member_client.get(parent.url).content.decode()
        return card_count(html, first.title), card_count(html, second.title)

    assert counts() == (1, 0)  # held and removed comments do not count
    post_comment(member_client, first, "Mon retour d'expérience")
    assert counts() == (2, 0)

    mine = XtdComment.objects.filter(user=member).latest("pk")
    member_client.post(f"/fr/comments/{mine.pk}/delete/")
    assert counts() == (1, 0)

    flagged = add_comment(second, author, "Allez voir ma page promo !")
    assert counts() == (1, 1)
    logged_in(member).post(f"/fr/comments/flag/{flagged.pk}/", {"next": second.url})
    assert counts() == (1, 1)  # a suggestion to remove hides nothing yet

    moderators = logged_in(moderator)
    moderators.post(f"/admin/comments/{flagged.pk}/remove/")
    assert counts() == (1, 0)
    moderators.post(f"/admin/comments/{flagged.pk}/restore/")
    assert counts() == (1, 1)
    held = XtdComment.objects.get(comment="Retenu")
    moderators.post(f"/admin/comments/{held.pk}/approve/")
    assert counts() == (1, 2)


def test_a_comment_elsewhere_recounts_nothing_on_a_list(
    member_client, member, guides, sections, monkeypatch
):
    """A comment on a page the list does not show changes the content
    version, so the list is rendered again: its counts come from the cache,
    without a count over every comment of the site."""
    # As if the listed pages' comments were older than the seconds during
    # which a changed page's count is read from the database.
    monkeypatch.setattr("community.comments.COUNT_SETTLE_SECONDS", 0)
    parent, listed = guides
    for guide in listed:
        add_comment(guide, member, "Un avis")
    member_client.get(parent.url)
    other_section = sections[(GuideIndexPage, "en")]
    add_comment(make_guide(other_section, 99, slug="elsewhere"), member, "Ailleurs")

    with CaptureQueriesContext(connection) as captured:
        html = member_client.get(parent.url).content.decode()

    assert [card_count(html, guide.title) for guide in listed] == [1, 1, 1]
    assert count_queries([query["sql"] for query in captured.captured_queries]) == []


def test_counts_are_read_for_the_listed_pages_only(member_client, member, guides, settings):
    """With nothing cached, one count query on the pages of the list."""
    settings.FRAGMENT_CACHE_TIMEOUT = 0
    parent, listed = guides
    for guide in listed:
        add_comment(guide, member, "Un avis")

    with CaptureQueriesContext(connection) as captured:
        member_client.get(parent.url)

    [query] = count_queries([query["sql"] for query in captured.captured_queries])
    assert '"django_comments"."object_pk" IN (' in query
    for guide in listed:
        assert f"'{guide.pk}'" in query


def test_a_restricted_pages_card_and_count_only_for_those_who_may_see_it(
    member, make_member, guides
):
    parent, (first, _second, _third) = guides
    restricted = make_guide(parent, 7, title="Guide réservé aux éditeurs")
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    editor = make_member("eva@univ-test.example", first_name="Éva")
    editor.groups.add(Group.objects.get(name="Editors"))
    for text in ("Un", "Deux"):
        add_comment(restricted, editor, text)
    add_comment(first, member, "Public")

    editors_html = logged_in(editor).get(parent.url).content.decode()
    members_html = logged_in(member).get(parent.url).content.decode()

    assert card_count(editors_html, restricted.title) == 2
    assert restricted.title not in members_html
    assert card_count(members_html, first.title) == 1
