"""What a member saw on a phone walking the demo: the bell's unread count
covered the "EN" language button (it read "12 non lues" and grew over it),
the bell itself was an emoji that Chromium without an emoji font drew as an
empty box, and the "Follow" buttons under a page and a speaker's links were
bulleted lists."""

from playwright.sync_api import expect

from community.models import Person
from notifications.api import notify
from resources.models import GuideIndexPage
from tests.resources.factories import make_guide

from .conftest import e2e_db, log_in
from .phone import PHONE

pytestmark = e2e_db


def overlap(first, second):
    return not (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )


def test_the_bell_count_and_the_follow_buttons_on_a_phone(page, site_tree, make_member):
    guide = make_guide(site_tree["sections"][(GuideIndexPage, "fr")], 1, title="Guide des lives")
    member = make_member()
    other = make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")
    for _ in range(12):
        notify(member, "reply", guide, actor=other)
    page.set_viewport_size(PHONE)
    log_in(page, member.email)
    page.goto(guide.url)

    bell = page.locator(".notification-bell")
    expect(bell).to_contain_text("12 non lues")  # for screen readers
    count = bell.locator(".notification-bell__count")
    expect(count).to_have_text("12")
    english = page.locator(".language-switcher button[value=en]")
    assert not overlap(count.bounding_box(), english.bounding_box())
    icon = bell.locator("svg")
    assert icon.bounding_box()["width"] >= 16

    buttons = page.locator(".follow-panel button")
    expect(buttons).to_have_count(2)
    items = page.locator(".follow-panel li")
    assert items.first.evaluate("item => getComputedStyle(item).listStyleType") == "none"
    first, second = buttons.nth(0).bounding_box(), buttons.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 1 or second["y"] >= first["y"] + first["height"]

    # A speaker's links are a row too, without bullets.
    speaker = Person.objects.create(
        locale=site_tree["home"][0].locale,
        first_name="Claire",
        last_name="Vasseur",
        linkedin_url="https://www.linkedin.com/in/claire-vasseur",
        x_handle="claire_v",
    )
    page.goto(speaker.get_absolute_url())
    links = page.locator(".speaker-links li")
    expect(links).to_have_count(2)
    assert links.first.evaluate("item => getComputedStyle(item).listStyleType") == "none"


def test_the_404_buttons_do_not_touch_on_a_phone(page, make_member):
    """On a phone the 404 page's two buttons wrap one under the other: they
    touched, and read as one button."""
    member = make_member()
    page.set_viewport_size(PHONE)
    log_in(page, member.email)
    page.goto("/fr/cette-page-nexiste-pas/")
    buttons = page.locator(".empty-state .button")
    expect(buttons).to_have_count(2)
    first, second = buttons.nth(0).bounding_box(), buttons.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] + 4
