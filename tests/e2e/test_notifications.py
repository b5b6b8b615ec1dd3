"""Notifications in a real browser, in French: follow a section, mention a
member with the autocomplete, hear of a new guide and of tomorrow's event
through the bell, mark everything read, choose a preference, unfollow."""

import datetime
import re
import time
from types import SimpleNamespace

import django_ratelimit.core
from django.utils import timezone
from playwright.sync_api import expect

from community.models import MemberProfile
from events import services
from events.reminders import send_reminders
from resources.models import GuideIndexPage
from tests.community.comment_helpers import add_comment, set_site_settings
from tests.resources.factories import make_event, make_guide

from .conftest import e2e_db, log_in

pytestmark = e2e_db


def test_a_member_follows_mentions_and_reads_notifications(browsing, site_tree, make_member):
    french_home, _english_home = site_tree["home"]
    guides = site_tree["sections"][(GuideIndexPage, "fr")]
    guide = make_guide(guides, 1, title="Réseaux sociaux : la charte")
    set_site_settings(hold_first_comments=0)
    lea = make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")
    MemberProfile.for_user(lea)
    question = add_comment(guide, lea, "Quelqu'un a-t-il un modèle de charte ?")
    member = make_member(first_name="Camille", last_name="Durand")
    event = make_event(french_home, title="Atelier charte de modération", days=20)
    page = browsing.new_page()
    log_in(page, member.email)

    # Follow the guides' section from the guide.
    page.goto(guide.url)
    page.get_by_role("button", name="Suivre cette rubrique").click()
    expect(page.get_by_role("button", name="Ne plus suivre cette rubrique")).to_be_visible()

    # Reply to Léa, mentioning her through the autocomplete.
    thread = page.locator(f"#c{question.pk}")
    thread.get_by_role("link", name="Répondre").click()
    box = thread.locator("#id_comment_new")
    box.press_sequentially("Merci @Lé")
    # The whole row is clickable, not only the name's text: click near its end.
    row = thread.locator(".mention-list li", has_text="Léa Martin").bounding_box()
    page.mouse.click(row["x"] + row["width"] - 6, row["y"] + row["height"] / 2)
    box.press_sequentially("voici la nôtre.")
    thread.get_by_role("button", name="Publier ma réponse").click()
    expect(page.locator("a.mention")).to_have_text("@Léa Martin")

    # A new guide in the section, and tomorrow's event: the bell counts them.
    make_guide(guides, 2, title="Réseaux sociaux : la veille")
    event.start = timezone.now() + datetime.timedelta(hours=20)
    event.end = event.start + datetime.timedelta(hours=2)
    event.save_revision().publish()
    services.register(event, member)
    send_reminders(timezone.now())
    page.goto("/fr/")
    bell = page.locator(".notification-bell")
    expect(bell).to_contain_text("2 non lues")
    bell.click()
    expect(page.locator("h1")).to_have_text("Notifications")
    expect(page.locator(".notification-list")).to_contain_text("Réseaux sociaux : la veille")
    expect(page.locator(".notification-list")).to_contain_text("Rappel")
    page.get_by_role("button", name="Tout marquer comme lu").click()
    expect(page.locator(".notification-bell__count")).to_have_count(0)

    # Léa hears of the reply and of the mention.
    lea_page = browsing.new_page()
    log_in(lea_page, lea.email)
    expect(lea_page.locator(".notification-bell")).to_contain_text("2 non lues")
    lea_page.locator(".notification-bell").click()
    lea_page.get_by_role("link", name=re.compile("Camille Durand vous a mentionné")).click()
    expect(lea_page).to_have_url(re.compile(re.escape(guide.url) + "#c[0-9]+$"))

    # Preferences on the account page: no reminders at all.
    page.goto("/fr/me/")
    page.locator("input[name=kind-reminder][value=off]").check()
    page.get_by_role("button", name="Enregistrer mes préférences de notification").click()
    expect(page.locator(".messages")).to_contain_text(
        "Vos préférences de notification sont enregistrées."
    )
    expect(page.locator("input[name=kind-reminder][value=off]")).to_be_checked()

    # "Mes suivis" lists the section; unfollow it.
    page.goto("/fr/follows/")
    page.get_by_role("button", name=f"Ne plus suivre {guides.title}").click()
    expect(page.locator(".messages")).to_contain_text("Vous ne le suivez plus.")
    expect(page.locator(".follow-list")).to_have_count(0)


def test_the_mention_list_stays_closed_when_asking_too_fast(
    browsing, site_tree, make_member, settings, monkeypatch
):
    """Past the autocomplete's limit (a 429 with its JSON message), the
    list simply does not open: no error, and the comment posts as typed."""
    settings.MENTION_AUTOCOMPLETE_RATE_LIMIT = 1
    # The rate limiter's clock stays in the middle of one minute.
    now = time.time() // 60 * 60 + 30
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))
    guides = site_tree["sections"][(GuideIndexPage, "fr")]
    guide = make_guide(guides, 1, title="Réseaux sociaux : la charte")
    set_site_settings(hold_first_comments=0)
    lea = make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")
    MemberProfile.for_user(lea)
    member = make_member(first_name="Camille", last_name="Durand")
    page = browsing.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    log_in(page, member.email)
    page.goto(guide.url)

    box = page.locator("#id_comment_new")
    box.press_sequentially("Bonjour @Lé")
    suggestion = page.get_by_role("button", name=re.compile("Léa Martin"))
    expect(suggestion).to_be_visible()
    with page.expect_response(
        lambda response: "/members/mentions/" in response.url and response.status == 429
    ):
        box.press_sequentially("a")
    expect(suggestion).to_have_count(0)
    expect(page.locator(".mention-list")).to_be_hidden()
    box.press_sequentially(", merci.")
    page.get_by_role("button", name="Publier mon commentaire").click()
    expect(page.locator(".comment").first).to_contain_text("Bonjour @Léa, merci.")
    expect(page.locator("a.mention")).to_have_count(0)
    assert errors == []
