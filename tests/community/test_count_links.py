"""A card's "2 comments" link is rendered once per process for a language,
count and address (community/templatetags/comment_tags.py), not once per
card and request: the same link for every member who sees the card."""

import pytest

from resources.models import GuideIndexPage
from tests.community.comment_helpers import add_comment
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db

LINK = "community/comments/card_count_link.html"


def test_count_links_are_rendered_once_then_reused(member_client, sections, member):
    guides = sections[(GuideIndexPage, "fr")]
    for number in (1, 2):
        guide = make_guide(guides, number)
        add_comment(guide, member, "Un avis.")
        add_comment(guide, member, "Un autre.")
    member_client.get(guides.url)
    response = member_client.get(guides.url)
    html = response.content.decode()
    assert html.count("2 commentaires</a>") == 2
    assert 'href="/fr/ressources/fiches-conseil/guide-2/#comments"' in html
    assert LINK not in {template.name for template in response.templates}
