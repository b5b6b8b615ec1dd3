"""Replying to a comment in a real browser. A page has one comment form:
a comment's "Répondre" link moves it under that comment (and "Annuler"
puts it back) with JavaScript, the @mention autocomplete working there as
anywhere; without JavaScript the link opens the page with the form
replying to that comment."""

import re

from playwright.sync_api import expect

from community.models import MemberProfile
from resources.models import GuideIndexPage
from tests.community.comment_helpers import add_comment, set_site_settings
from tests.resources.factories import make_guide

from .conftest import e2e_db, log_in

pytestmark = e2e_db


def discussion(site_tree, make_member):
    guides = site_tree["sections"][(GuideIndexPage, "fr")]
    guide = make_guide(guides, 1, title="Réseaux sociaux : la charte")
    set_site_settings(hold_first_comments=0)
    lea = make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")
    MemberProfile.for_user(lea)
    hal = make_member("hal@univ-test.example", first_name="Hal", last_name="Petit")
    question = add_comment(guide, lea, "Quelqu'un a-t-il un modèle de charte ?")
    answer = add_comment(guide, hal, "Celle de Lyon est bien faite.", parent=question)
    member = make_member(first_name="Camille", last_name="Durand")
    return guide, question, answer, member


def test_reply_moves_the_one_form_under_the_comment(browsing, site_tree, make_member):
    guide, question, answer, member = discussion(site_tree, make_member)
    page = browsing.new_page()
    log_in(page, member.email)
    page.goto(guide.url)
    form = page.locator("#comment-form")
    expect(page.locator("form.comment-form")).to_have_count(1)
    expect(page.locator("li.comment #comment-form")).to_have_count(0)
    expect(form.locator(".comment-form__replying")).to_be_hidden()

    # Reply to Léa: the form comes under her comment, above its replies.
    page.locator(f"#c{question.pk} > .comment__actions a[data-reply-to]").click()
    expect(page.locator(f"#c{question.pk} > #comment-form")).to_have_count(1)
    assert form.evaluate("f => f.nextElementSibling.matches('ol.comment-list')")
    expect(form.locator(".comment-form__replying")).to_be_visible()
    expect(form.locator(".comment-form__replying")).to_contain_text("En réponse à Léa Martin")
    expect(form.locator("input[name=reply_to]")).to_have_value(str(question.pk))
    expect(form.locator("label[for=id_comment_new]")).to_have_text("Votre réponse")
    expect(page.locator("#id_comment_new")).to_be_focused()
    expect(page).to_have_url(re.compile(re.escape(guide.url) + "$"))  # no page load

    # "Annuler": a new comment's form again, back under the thread.
    form.get_by_role("link", name="Annuler").click()
    expect(page.locator("li.comment #comment-form")).to_have_count(0)
    expect(form.locator("input[name=reply_to]")).to_have_value("0")
    expect(form.locator(".comment-form__replying")).to_be_hidden()
    expect(form.get_by_role("button", name="Publier mon commentaire")).to_be_visible()

    # Reply to Hal's answer, mentioning Léa through the autocomplete.
    page.locator(f"#c{answer.pk} > .comment__actions a[data-reply-to]").click()
    expect(form.locator(".comment-form__replying")).to_contain_text("En réponse à Hal Petit")
    box = page.locator("#id_comment_new")
    box.press_sequentially("Merci, et @Lé")
    option = page.locator(f"#c{answer.pk} .mention-list li", has_text="Léa Martin")
    option.click()
    box.press_sequentially("regarde.")
    form.get_by_role("button", name="Publier ma réponse").click()
    reply = page.locator(f"#c{answer.pk} > ol.comment-list--replies > li.comment--level-2")
    expect(reply).to_have_count(1)
    expect(reply.locator(".comment__author")).to_have_text("Camille Durand")
    expect(reply.locator("a.mention")).to_have_text("@Léa Martin")


def test_reply_without_javascript(browsing, site_tree, make_member):
    guide, question, _answer, member = discussion(site_tree, make_member)
    page = browsing.new_page(java_script_enabled=False)
    log_in(page, member.email)
    page.goto(guide.url)
    page.locator(f"#c{question.pk} > .comment__actions a[data-reply-to]").click()
    expect(page).to_have_url(re.compile(rf"\?reply_to={question.pk}#comment-form$"))
    form = page.locator("#comment-form")
    expect(form.locator(".comment-form__replying")).to_contain_text("En réponse à Léa Martin")
    page.locator("#id_comment_new").fill("Merci, je la lis.")
    form.get_by_role("button", name="Publier ma réponse").click()
    reply = page.locator(f"#c{question.pk} > ol.comment-list--replies > li.comment--level-1")
    expect(reply).to_have_count(2)
    expect(reply.last.locator(".comment__text")).to_have_text("Merci, je la lis.")
