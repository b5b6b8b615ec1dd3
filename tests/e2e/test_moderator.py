"""A member flags a comment; a moderator removes it from the queue in the
Wagtail admin; members no longer see its text on the page."""

import re

from django_comments.models import CommentFlag
from playwright.sync_api import expect

from resources.models import GuideIndexPage
from tests.community.comment_helpers import add_comment, set_site_settings
from tests.resources.factories import make_guide

from .conftest import e2e_db, log_in

pytestmark = e2e_db


def test_a_moderator_removes_a_flagged_comment(browsing, site_tree, make_member, moderator):
    guide = make_guide(
        site_tree["sections"][(GuideIndexPage, "fr")], 1, title="Guide des lives Instagram"
    )
    set_site_settings(hold_first_comments=0)
    troll = make_member("troll@univ-test.example", first_name="Max", last_name="Troll")
    member = make_member()
    offending = add_comment(guide, troll, "Achetez des abonnés pas chers sur mon site !")
    kept = add_comment(guide, member, "Pensez à tester le son avant le live.")

    # A member suggests removing the spam.
    reader = browsing.new_page()
    log_in(reader, member.email)
    reader.goto(guide.url)
    spam = reader.locator(f"#c{offending.pk}")
    expect(spam.locator(".comment__text")).to_contain_text("abonnés pas chers")
    # The button asks why (a dialog; the confirmation page without JavaScript).
    spam.locator("form[data-confirm-dialog='flag-dialog'] button").click()
    dialog = reader.locator("#flag-dialog")
    dialog.get_by_label("Spam ou publicité").check()
    dialog.get_by_role("button", name="Envoyer aux modérateurs").click()
    expect(reader.locator(f"#c{offending.pk}")).to_contain_text("Retrait suggéré")
    expect(
        reader.locator(f"#c{offending.pk} form[data-confirm-dialog='flag-dialog']")
    ).to_have_count(0)
    assert CommentFlag.objects.filter(
        comment_id=offending.pk, user=member, flag=CommentFlag.SUGGEST_REMOVAL
    ).exists()

    # The moderator finds it in the queue, with who flagged it, and removes it.
    admin = browsing.new_page()
    log_in(admin, moderator.email)
    admin.goto("/admin/")
    admin.locator("a[href='/admin/comments/']").first.click()
    expect(admin).to_have_url(re.compile(r"/admin/comments/$"))
    row = admin.locator(f"#comment-{offending.pk}")
    expect(row).to_contain_text("abonnés pas chers")
    expect(row).to_contain_text("Camille Durand")
    expect(row.locator(".w-status")).to_have_text("1")
    expect(row.locator(".flag-reason")).to_have_text("Spam ou publicité")
    expect(admin.locator(f"#comment-{kept.pk}")).to_have_count(0)
    row.locator("form[action$='/remove/'] button").click()
    expect(admin).to_have_url(re.compile(r"/admin/comments/$"))
    expect(admin.locator(f"#comment-{offending.pk}")).to_have_count(0)
    admin.goto("/admin/comments/?status=removed")
    expect(admin.locator(f"#comment-{offending.pk}")).to_contain_text("abonnés pas chers")

    # Members no longer see what it said; the other comment stays.
    reader.goto(guide.url)
    expect(reader.locator(f"#c{offending.pk} .comment__text")).to_have_count(0)
    expect(reader.locator("#comments")).not_to_contain_text("abonnés pas chers")
    expect(reader.locator(f"#c{kept.pk} .comment__text")).to_contain_text("tester le son")
