"""wagtail-localize's translation editor, read in the browser by a
French-speaking editor: its React heading (a template literal in the bundle,
out of gettext's reach) in French, and the rest of its words too."""

from playwright.sync_api import expect
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from resources.models import GuideIndexPage
from tests.resources.factories import make_guide

from .conftest import e2e_db, log_in

pytestmark = e2e_db


def test_a_french_editor_reads_the_translation_editor_in_french(browsing, site_tree, editor):
    guides = site_tree["sections"][(GuideIndexPage, "fr")]
    guide = make_guide(guides, 1, title="Ouvrir un compte Instagram")
    english = Locale.objects.get(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(guide)
    translation = Translation.objects.create(source=source, target_locale=english)
    translation.save_target(user=editor)
    target = guide.get_translation(english)

    admin = browsing.new_page()
    log_in(admin, editor.email)
    admin.goto(f"/admin/pages/{target.pk}/edit/")
    editor_box = admin.locator(".js-translation-editor")
    heading = editor_box.locator("section h3").first
    expect(heading).to_have_text("Traduction en anglais (original en français)")
    expect(editor_box).not_to_contain_text(" translation")
    expect(editor_box).not_to_contain_text(" to ")
    expect(editor_box.get_by_role("button", name="Publier en anglais")).to_be_visible()
    # The heading stays French once the editor works (React re-renders).
    segment = editor_box.locator("li.incomplete").first
    segment.get_by_role("button", name="Traduire").click()
    segment.locator("textarea").fill("Open an Instagram account")
    segment.get_by_role("button", name="Enregistrer").click()
    expect(editor_box.locator("li:not(.incomplete)").first).to_contain_text(
        "Open an Instagram account"
    )
    expect(heading).to_have_text("Traduction en anglais (original en français)")
