"""What a laptop (1366 px) shows of the list filters and the event's
registration box: every filter's longest choice readable in its select,
and the calendar link apart from the cancel button."""

from playwright.sync_api import expect

from .conftest import e2e_db, log_in
from .phone import DESKTOP
from .test_phone import build_community

pytestmark = e2e_db

#: For each filter select, its longest option and whether it fits: the
#: text's width (in the select's own font) within the select's content box.
CUT_SELECTS = """() => {
    const canvas = document.createElement("canvas").getContext("2d");
    const cut = [];
    for (const select of document.querySelectorAll("main select")) {
        if (!select.checkVisibility()) continue;
        const style = getComputedStyle(select);
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = select.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight);
        let longest = "", width = 0;
        for (const option of select.options) {
            const measured = canvas.measureText(option.text).width;
            if (measured > width) { width = measured; longest = option.text; }
        }
        if (width > room || select.scrollWidth > select.clientWidth) {
            cut.push(`${select.name}: "${longest}" needs ${Math.ceil(width)} px, has ${room}`);
        }
    }
    return cut;
}"""


def test_filter_selects_show_their_longest_choice_at_1366(browsing, site_tree, make_member):
    member, _webinar, pages = build_community(site_tree, make_member)
    page = browsing.new_page()
    page.set_viewport_size(DESKTOP)
    log_in(page, member.email)
    cut = {}
    for name in ("events", "calendar", "guides"):
        page.goto(pages[name])
        expect(page.locator("main select").first).to_be_visible()
        if found := page.evaluate(CUT_SELECTS):
            cut[name] = found
    assert not cut, "\n".join(f"{name}: {line}" for name, lines in cut.items() for line in lines)


def test_the_calendar_link_stands_apart_from_the_cancel_button(browsing, site_tree, make_member):
    member, webinar, _pages = build_community(site_tree, make_member)
    page = browsing.new_page()
    page.set_viewport_size(DESKTOP)
    log_in(page, member.email)
    page.goto(webinar.url)
    page.locator(".event-registration form[action$='/register/'] button").click()
    cancel = page.get_by_role("button", name="Annuler mon inscription")
    calendar = page.get_by_role("link", name="Ajouter à mon agenda (.ics)")
    expect(calendar).to_be_visible()

    gap = calendar.bounding_box()["y"] - (
        cancel.bounding_box()["y"] + cancel.bounding_box()["height"]
    )
    assert gap >= 12, f"{gap} px between the cancel button and the calendar link"


def test_my_registrations_with_none_upcoming_keeps_its_boxes_apart(
    browsing, site_tree, make_member
):
    """The "no upcoming event" notice stands apart from the calendar box below it, and
    the time zone's form is not a second card inside its box."""
    member, _webinar, _pages = build_community(site_tree, make_member)
    page = browsing.new_page()
    page.set_viewport_size(DESKTOP)
    log_in(page, member.email)
    page.goto("/fr/me/events/")
    empty = page.locator("main .empty-state").first
    calendar = page.locator("main section.panel[aria-labelledby=calendar-feed]")
    expect(empty).to_be_visible()
    gap = calendar.bounding_box()["y"] - (
        empty.bounding_box()["y"] + empty.bounding_box()["height"]
    )
    assert gap >= 16, f"{gap} px between the empty state and the calendar box"
    form_border = page.locator("main section[aria-labelledby=time-zone] form").evaluate(
        "form => getComputedStyle(form).borderTopWidth"
    )
    assert form_border == "0px", f"the time zone form has a {form_border} border of its own"
