"""Issue #8: a member shares a guide with a PDF; an editor approves it in
Wagtail's workflow; the guide is live, credited to the member, and the
member's account shows it as published."""

import re

from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from community.models import InstitutionEmailDomain
from contributions.models import Proposal, ProposalStatus
from tests.resources.factories import make_institution

from .conftest import e2e_db, log_in

pytestmark = e2e_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TITLE = "Ouvrir une page LinkedIn d'école"


def test_a_member_shares_a_guide_that_an_editor_publishes(browsing, member, editor):
    institution = make_institution("Université Test", short_name="UT")
    InstitutionEmailDomain.objects.create(institution=institution, domain="univ-test.example")
    UserProfile.get_for_user(editor).__class__.objects.filter(user=editor).update(
        preferred_language="en"
    )

    # The member fills in the guide form and attaches a PDF.
    sharer = browsing.new_page()
    log_in(sharer, member.email)
    sharer.goto("/fr/me/share/")
    sharer.locator("a[href='/fr/me/share/guide/']").click()
    expect(sharer).to_have_url(re.compile(r"/fr/me/share/guide/$"))
    form = sharer.locator("form.proposal-form")
    expect(form.locator("select[name=institution]")).to_have_value(str(institution.pk))
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=summary]").fill(
        "Les étapes pour créer la page de l'école et la confier à deux administrateurs."
    )
    form.locator("textarea[name=checklist]").fill("Logo validé\nDeux administrateurs")
    form.locator("input[name=steps-0-title]").fill("Créer la page")
    form.locator("textarea[name=steps-0-text]").fill("Depuis un compte personnel.")
    form.locator("input[name=steps-1-title]").fill("Inviter un second administrateur")
    form.locator("textarea[name=steps-1-text]").fill("Dans Paramètres, Administrateurs.")
    form.locator("input[name=files]").set_input_files(
        files=[{"name": "charte-linkedin.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    form.locator("button[name=submit]").click()
    expect(sharer).to_have_url(re.compile(r"/fr/me/"))
    row = sharer.locator("#my-proposals tr", has_text=TITLE)
    expect(row.locator(".proposal-status--submitted")).to_be_visible()
    proposal = Proposal.objects.get(member=member)
    page = proposal.page.specific
    assert not page.live
    assert [item.document.title for item in proposal.files.all()] != []

    # The editor finds it awaiting review on the admin dashboard and approves it.
    admin = browsing.new_page()
    log_in(admin, editor.email)
    admin.goto("/admin/")
    row = admin.locator("#awaiting-review-content tr", has_text=TITLE)
    expect(row).to_contain_text("Camille Durand")
    expect(row.get_by_role("link", name=TITLE)).to_have_attribute(
        "href", f"/admin/pages/{page.pk}/edit/"
    )
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(admin.locator("#awaiting-review-content tr", has_text=TITLE)).to_have_count(0)
    page.refresh_from_db()
    assert page.live

    # The guide is live, credited to the member; the account says published.
    sharer.goto(page.url)
    expect(sharer.locator("h1")).to_have_text(TITLE)
    expect(sharer.locator(".shared-by")).to_contain_text("Camille Durand")
    expect(sharer.locator(".shared-by")).to_contain_text("(UT)")
    expect(sharer.locator(".guide-body")).to_contain_text("Inviter un second administrateur")
    sharer.goto("/fr/me/")
    row = sharer.locator("#my-proposals tr", has_text=TITLE)
    expect(row.locator(".proposal-status--published")).to_be_visible()
    expect(row.get_by_role("link", name=TITLE)).to_have_attribute("href", page.url)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PUBLISHED
