"""Issue #13: an adversary's content in a real browser. A hostile import file
and a member's hostile proposal are opened by an editor in Chromium (the
admin allows inline scripts): the edit page, its live preview panel and the
draft preview run none of the payloads and log no error."""

import json
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from contributions.forms import GuideProposalForm
from contributions.proposals import save_draft, submit
from resources.models import CaseStudyPage, GuidePage
from tests.resources.hostile import SAFE_TEXT, hostile_import

from .conftest import e2e_db, log_in

pytestmark = e2e_db

#: Each payload would set window.__pwned or open a dialog if it ran.
SCRIPT = "<script>window.__pwned = 1; alert('pwned')</script>"
IMAGE = "<img src=x onerror=\"window.__pwned = 2; alert('pwned')\">"


def not_pwned(page):
    """No payload ran in the page nor in its frames (the preview panel)."""
    return all(frame.evaluate("() => window.__pwned") is None for frame in page.frames)


def hostile_proposal(member):
    """A guide proposal, submitted for review, with markup in every text."""
    form = GuideProposalForm(
        {
            "title": f"Proposition {SCRIPT}",
            "summary": f"Résumé {IMAGE}",
            "language": "fr",
            "checklist": f"{SCRIPT}\n{IMAGE}",
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "0",
            "steps-0-title": f"Étape {IMAGE}",
            "steps-0-text": f"{SAFE_TEXT} {SCRIPT} <a href=\"javascript:alert('pwned')\">lien</a>",
        },
        language_code="fr",
    )
    assert form.is_valid(submitting=True), form.errors
    return submit(save_draft(member, "guide", form)).page


def test_an_editor_opens_hostile_imports_and_proposals_and_nothing_runs(
    browsing, editor, member, tmp_path
):
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile_import()), encoding="utf-8")
    call_command("import_content", str(path), stdout=StringIO())
    pages = [
        GuidePage.objects.get(import_key="hostile-guide"),
        CaseStudyPage.objects.get(import_key="hostile-case"),
        hostile_proposal(member),
    ]

    admin = browsing.new_page()
    dialogs, errors = [], []
    admin.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    admin.on("console", lambda message: message.type == "error" and errors.append(message.text))
    admin.on("pageerror", lambda error: errors.append(str(error)))
    log_in(admin, editor.email)

    for page in pages:
        admin.goto(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
        expect(admin.locator("main")).to_contain_text(SAFE_TEXT)
        assert not_pwned(admin)
        admin.goto(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        admin.locator("[data-side-panel-toggle='preview']").click()
        preview = admin.frame_locator("#w-preview-iframe")
        expect(preview.locator("main")).to_contain_text(SAFE_TEXT)
        assert not_pwned(admin)

    assert dialogs == []
    assert errors == []


def test_members_and_moderators_cannot_open_the_editors_views_of_those_pages(
    browsing, member, moderator, make_member, tmp_path
):
    """The access crawl, in the browser: the admin's draft view, edit page
    and preview of an imported page and of another member's proposal show
    neither their content nor their payloads to a member (the "no access"
    page) or to a moderator (no page permissions)."""
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile_import()), encoding="utf-8")
    call_command("import_content", str(path), stdout=StringIO())
    guide = GuidePage.objects.get(import_key="hostile-guide")
    guide.unpublish()
    proposed = hostile_proposal(make_member("autrice@univ-test.example", first_name="Awa"))
    urls = [
        reverse(name, args=[page.pk])
        for page in (guide, proposed)
        for name in (
            "wagtailadmin_pages:view_draft",
            "wagtailadmin_pages:edit",
            "wagtailadmin_pages:preview_on_edit",
        )
    ] + [proposed.url, guide.url]

    for person, refusal in ((member, "Pas d’accès à l’administration"), (moderator, None)):
        tab = browsing.new_page()
        dialogs = []
        tab.on(
            "dialog",
            lambda dialog, seen=dialogs: (seen.append(dialog.message), dialog.dismiss()),
        )
        log_in(tab, person.email)
        for url in urls:
            tab.goto(url)
            body = tab.locator("body")
            expect(body).not_to_contain_text(SAFE_TEXT)
            if refusal and url.startswith("/admin/"):
                expect(body).to_contain_text(refusal)
            assert not_pwned(tab), (person.email, url)
        assert dialogs == [], person.email
        tab.close()
