"""Faces and activity in a real browser, in French: a member uploads a
portrait (cropped square), posts and edits a comment (shown with the
portrait and "modifié"), and a colleague finds both on the member's profile,
the name beside the portrait."""

import io

from PIL import Image
from playwright.sync_api import expect

from community.models import MemberProfile
from resources.models import GuideIndexPage
from tests.community.comment_helpers import set_site_settings
from tests.resources.factories import make_guide

from .conftest import e2e_db, log_in

pytestmark = e2e_db


def portrait_png(width=600, height=400):
    """A landscape picture: the upload must come back square."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_portrait_a_comment_edited_and_the_profile_activity(browsing, site_tree, make_member):
    guides = site_tree["sections"][(GuideIndexPage, "fr")]
    guide = make_guide(guides, 1, title="Modérer les commentaires d'un live")
    set_site_settings(hold_first_comments=0)
    member = make_member(first_name="Camille", last_name="Durand")
    lea = make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")
    MemberProfile.for_user(lea)

    page = browsing.new_page()
    log_in(page, member.email)

    # The portrait: uploaded from the profile form, cropped square.
    page.goto("/fr/me/profile/")
    page.locator("input[name=avatar]").set_input_files(
        {"name": "portrait.png", "mimeType": "image/png", "buffer": portrait_png()}
    )
    page.locator("main form button[type=submit]").last.click()
    expect(page.get_by_text("Votre profil est enregistré.")).to_be_visible()

    # A comment, with the portrait; edited, it says so.
    page.goto(guide.url)
    page.get_by_label("Votre commentaire").first.fill(
        "Nous coupons les commentaires pendant le live."
    )
    page.get_by_role("button", name="Publier mon commentaire").click()
    comment = page.locator(".comment").filter(has_text="Nous coupons les commentaires")
    expect(comment.locator("img.avatar")).to_be_visible()
    comment.get_by_role("link", name="Modifier").click()
    page.locator("#id_comment").fill("Nous masquons les commentaires pendant le live.")
    page.get_by_role("button", name="Enregistrer").click()
    comment = page.locator(".comment").filter(has_text="Nous masquons les commentaires")
    expect(comment).to_contain_text("modifié")

    # Léa opens Camille's profile: the square portrait beside the name, the
    # recent comment linked to its place in the thread.
    colleague = browsing.new_page()
    log_in(colleague, lea.email)
    colleague.goto(f"/fr/members/{member.pk}/")
    portrait = colleague.locator(".person-header img.avatar")
    expect(portrait).to_be_visible()
    width, height = portrait.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert width == height
    gap = colleague.evaluate(
        "() => document.querySelector('.person-header h1').getBoundingClientRect().left"
        " - document.querySelector('.person-header .avatar').getBoundingClientRect().right"
    )
    assert 0 < gap <= 48
    recent = colleague.locator(".member-comments")
    expect(recent).to_contain_text("Nous masquons les commentaires pendant le live.")
    recent.get_by_role("link", name="Modérer les commentaires d'un live").click()
    expect(colleague.locator(".comment").first).to_be_visible()
    assert "#c" in colleague.url
