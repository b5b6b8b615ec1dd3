"""After "Suggérer le retrait" in the dialog, the member is back at the
comment they flagged (its anchor), not at the top of a long thread, as
after the Utile / Pas utile buttons."""

import re

from playwright.sync_api import expect

from resources.models import GuideIndexPage
from tests.community.comment_helpers import add_comment, set_site_settings
from tests.resources.factories import make_guide

from .conftest import e2e_db, log_in

pytestmark = e2e_db


def test_flagging_a_comment_comes_back_to_it(browsing, site_tree, make_member):
    guide = make_guide(site_tree["sections"][(GuideIndexPage, "fr")], 1, title="Guide des lives")
    set_site_settings(hold_first_comments=0)
    member = make_member()
    others = [
        make_member(f"membre{number}@univ-test.example", first_name="Membre", last_name=str(number))
        for number in range(8)
    ]
    comments = [
        add_comment(guide, author, f"Commentaire numéro {number} : un retour d'expérience.")
        for number, author in enumerate(others)
    ]
    flagged = comments[-1]

    page = browsing.new_page()
    log_in(page, member.email)
    page.goto(guide.url)
    page.locator(f"#c{flagged.pk} form[data-confirm-dialog='flag-dialog'] button").click()
    dialog = page.locator("#flag-dialog")
    dialog.get_by_label("Hors sujet").check()
    dialog.get_by_role("button", name="Envoyer aux modérateurs").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(guide.url)}#c{flagged.pk}$"))
    expect(page.locator(f"#c{flagged.pk}")).to_contain_text("Retrait suggéré")
    expect(page.locator(f"#c{flagged.pk}")).to_be_in_viewport()
