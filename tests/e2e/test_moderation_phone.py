"""A moderator on a phone reaches the queue's Approve and Remove buttons:
the table is wider than the screen and the admin hid what overflowed (the
buttons sat at x=563 on a 390 px screen, out of reach)."""

from playwright.sync_api import expect

from resources.models import GuideIndexPage
from tests.community.comment_helpers import add_comment, set_site_settings
from tests.resources.factories import make_guide

from .conftest import e2e_db, log_in
from .phone import PHONE

pytestmark = e2e_db


def test_the_moderation_queue_scrolls_sideways_on_a_phone(page, site_tree, make_member, moderator):
    guide = make_guide(site_tree["sections"][(GuideIndexPage, "fr")], 1, title="Guide des lives")
    set_site_settings(hold_first_comments=0)
    troll = make_member("troll@univ-test.example", first_name="Max", last_name="Troll")
    comment = add_comment(guide, troll, "Achetez des abonnés pas chers !", is_public=False)
    page.set_viewport_size(PHONE)
    log_in(page, moderator.email)
    page.goto("/admin/comments/")

    frame = page.locator(".comment-moderation__table")
    expect(frame).to_contain_text("abonnés pas chers")
    overflow, scroll_width, client_width = frame.evaluate(
        "frame => [getComputedStyle(frame).overflowX, frame.scrollWidth, frame.clientWidth]"
    )
    assert overflow == "auto"
    assert client_width <= PHONE["width"] < scroll_width
    remove = page.locator(f"#comment-{comment.pk} form[action$='/remove/'] button")
    frame.evaluate("frame => { frame.scrollLeft = frame.scrollWidth; }")
    box = remove.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
