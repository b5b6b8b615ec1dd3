"""An editor writes a guide in the Wagtail admin, publishes it, translates
it into English with wagtail-localize and publishes the translation, which a
member then reads at its /en/ address."""

import re

from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from resources.models import GuideIndexPage, GuidePage

from .conftest import e2e_db, log_in

pytestmark = e2e_db

TRANSLATIONS = [
    ("Modérer un live Instagram", "Moderating an Instagram live"),
    (
        "Préparer la modération avant, pendant et après le live.",
        "Plan moderation before, during and after the live.",
    ),
    (
        "Désignez deux modérateurs avant de lancer le live.",
        "Appoint two moderators before going live.",
    ),
]


def test_an_editor_publishes_a_guide_then_its_english_translation(
    browsing, site_tree, editor, member
):
    guides = site_tree["sections"][(GuideIndexPage, "fr")]
    english_guides = site_tree["sections"][(GuideIndexPage, "en")]
    UserProfile.objects.update_or_create(user=editor, defaults={"preferred_language": "en"})
    (title, title_en), (summary, summary_en), (paragraph, paragraph_en) = TRANSLATIONS

    # Write and publish the French guide.
    admin = browsing.new_page()
    log_in(admin, editor.email)
    admin.goto(f"/admin/pages/{guides.pk}/")
    admin.locator(f"a[href='/admin/pages/{guides.pk}/add_subpage/']").first.click()
    expect(admin).to_have_url(re.compile(rf"/admin/pages/add/resources/guidepage/{guides.pk}/"))
    admin.fill("#id_title", title)
    admin.fill("#id_summary", summary)
    admin.select_option("#id_difficulty", "intermediate")
    admin.locator("button.c-sf-add-button").first.click()  # the body's only "+"
    admin.get_by_role("option", name="Paragraph").click()
    admin.locator(".public-DraftEditor-content").first.click()
    admin.keyboard.type(paragraph)
    # The admin's scripts fill the slug and the body's hidden input a moment later.
    expect(admin.locator("#id_slug")).to_have_value("moderer-un-live-instagram")
    expect(admin.locator("#body-0-value")).to_have_value(re.compile("Désignez deux modérateurs"))
    admin.locator("footer [data-w-dropdown-target=toggle]").first.click()
    admin.locator("button[name=action-publish]").click()
    expect(admin.locator(".messages")).to_contain_text(f"Page '{title}' created and published")
    french = GuidePage.objects.get(title=title)
    assert french.live and french.get_parent().pk == guides.pk
    assert french.difficulty == "intermediate"

    # Translate it: "Translate" in the page's actions, choose English.
    admin.goto(f"/admin/pages/{french.pk}/edit/")
    admin.locator("header button[aria-label='Actions']").first.click()
    admin.get_by_role("link", name="Translate").click()
    expect(admin).to_have_url(re.compile(rf"/admin/localize/submit/page/{french.pk}/"))
    admin.get_by_label("English").check()
    admin.locator("main input[type=submit]").click()
    expect(admin.locator(".messages")).to_contain_text("submitted for translation into English")
    english = GuidePage.objects.get(
        translation_key=french.translation_key, locale__language_code="en"
    )
    expect(admin).to_have_url(re.compile(rf"/admin/pages/{english.pk}/edit/"))

    # The translation editor: one segment at a time, then publish.
    for source, target in TRANSLATIONS:
        segment = admin.locator("li.incomplete", has=admin.locator("p", has_text=source)).last
        segment.get_by_role("button", name="Translate").click()
        segment.locator("textarea").fill(target)
        segment.get_by_role("button", name="Save").click()
        expect(
            admin.locator("li:not(.incomplete)", has=admin.locator("p", has_text=source)).last
        ).to_contain_text(target)
    admin.get_by_role("button", name="Publish in English").click()
    expect(admin.locator(".messages")).to_contain_text(f"Published '{title_en}' in English")

    english.refresh_from_db()
    assert english.live
    assert english.get_parent().pk == english_guides.pk
    assert english.url.startswith("/en/resources/guides/")

    # A member reads it in English, and switches to the French original.
    reader = browsing.new_page()
    log_in(reader, member.email)
    reader.goto(english.url)
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    expect(reader.locator("h1")).to_have_text(title_en)
    expect(reader.locator(".lead").first).to_have_text(summary_en)
    expect(reader.locator(".guide-body")).to_contain_text(paragraph_en)
    reader.locator(".language-switcher button[value=fr]").click()
    expect(reader).to_have_url(re.compile(re.escape(french.url) + "$"))
    expect(reader.locator("h1")).to_have_text(title)
