"""The account page (/me/) on a phone (390 px): a proposal sent back for
changes shows its status and its date without sideways scrolling, and the
feed addresses' button does not touch the field above it. On a laptop the
proposals stay a table with its headings."""

import pytest
from playwright.sync_api import expect

from contributions.models import Proposal, ProposalStatus

from .conftest import e2e_db, log_in
from .phone import DESKTOP, PHONE

pytestmark = e2e_db

#: How an element sits in its scrolling box and on the screen.
PLACE = """(element) => {
    const box = element.getBoundingClientRect();
    const wrapper = element.closest(".table-wrapper");
    const room = wrapper.getBoundingClientRect();
    return {
        right: box.right, roomRight: room.right, screen: window.innerWidth,
        scrolls: wrapper.scrollWidth > wrapper.clientWidth,
    };
}"""


def changes_requested(member):
    return Proposal.objects.create(
        member=member,
        kind="job_profile",
        status=ProposalStatus.CHANGES_REQUESTED,
        title="Community manager d'une université de taille moyenne",
        language="fr",
        feedback="Merci ! Pouvez-vous préciser la fourchette de salaire (brut annuel) "
        "et ajouter deux ou trois outils de veille ?",
    )


@pytest.mark.parametrize(
    ("language", "status"), [("fr", "Modifications demandées"), ("en", "Changes requested")]
)
def test_a_sent_back_proposal_reads_whole_on_a_phone(
    browsing, site_tree, make_member, language, status
):
    member = make_member(first_name="Camille", last_name="Durand")
    changes_requested(member)
    page = browsing.new_page()
    page.set_viewport_size(PHONE)
    log_in(page, member.email, language=language)
    page.goto(f"/{language}/me/")
    row = page.locator("#my-proposals tbody tr")
    badge = row.locator(".proposal-status")
    expect(badge).to_have_text(status, ignore_case=True)
    date = row.locator("time")
    expect(date).to_be_visible()
    for element in (badge, date):
        place = element.evaluate(PLACE)
        assert not place["scrolls"], "the proposals scroll sideways on a phone"
        assert place["right"] <= place["roomRight"], f"cut by its box: {element.inner_text()}"
        assert place["right"] <= place["screen"], f"off the screen: {element.inner_text()}"

    # The feed addresses: the button stands apart from the Atom field.
    field = page.locator(".copy-field").last.bounding_box()
    button = page.locator("form[action$='/me/feed/regenerate/'] button").bounding_box()
    assert button["y"] - (field["y"] + field["height"]) >= 8, "the button touches the field"


def test_proposals_stay_a_table_on_a_laptop(browsing, site_tree, make_member):
    member = make_member(first_name="Camille", last_name="Durand")
    changes_requested(member)
    page = browsing.new_page()
    page.set_viewport_size(DESKTOP)
    log_in(page, member.email)
    page.goto("/fr/me/")
    headings = page.locator("#my-proposals thead th")
    expect(headings).to_have_text(["Type", "Titre", "Statut", "Date"])
    for index in range(4):
        expect(headings.nth(index)).to_be_visible()
    cells = page.locator("#my-proposals tbody tr td")
    tops = {round(cells.nth(index).bounding_box()["y"]) for index in range(4)}
    assert len(tops) == 1, "the proposal's cells are not on one row"
