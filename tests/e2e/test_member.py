"""A member's day, in a real browser: log in, switch the interface to
English and back, read a guide found in its listing, reply in its thread,
search with words and two facets, register for an event and download it
into a calendar."""

import re

from playwright.sync_api import expect

from community.models import Topic
from resources.models import GuideIndexPage, TalkIndexPage
from tests.community.comment_helpers import add_comment, set_site_settings
from tests.resources.factories import make_event, make_guide, make_institution, make_talk

from .conftest import e2e_db, log_in

pytestmark = e2e_db


def test_a_member_reads_replies_searches_and_registers(browsing, site_tree, make_member):
    french_home, english_home = site_tree["home"]
    guides = site_tree["sections"][(GuideIndexPage, "fr")]
    talks = site_tree["sections"][(TalkIndexPage, "fr")]
    lyon = make_institution("Université de Lyon-Test", region="Auvergne-Rhône-Alpes")
    quebec = make_institution("Cégep de Québec-Test", kind="cegep", country="CA")
    topic = Topic.objects.create(locale=french_home.locale, slug="crise", name="Crise")
    guide = make_guide(
        guides,
        1,
        title="Réseaux sociaux : la charte",
        summary="Écrire la charte de modération de vos réseaux sociaux.",
        institution=lyon,
        topics=[topic],
    )
    make_guide(guides, 2, title="Réseaux sociaux : la veille", institution=quebec)
    make_talk(talks, 3, title="Réseaux sociaux en crise", institution=lyon)
    make_guide(guides, 4, title="Ouvrir un compte TikTok", institution=lyon)
    set_site_settings(hold_first_comments=0)
    other = make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")
    question = add_comment(guide, other, "Quelqu'un a-t-il un modèle de charte ?")
    event = make_event(french_home, title="Atelier charte de modération", days=20)
    member = make_member(first_name="Camille", last_name="Durand")
    page = browsing.new_page()

    # Log in: the French dashboard.
    log_in(page, member.email)
    expect(page).to_have_url(re.compile(r"/fr/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".main-nav")).to_contain_text("Tableau de bord")

    # The header's switcher: the same page in English, then back to French.
    page.locator(".language-switcher button[value=en]").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".main-nav")).to_contain_text("Dashboard")
    expect(page.locator(".language-switcher__current")).to_have_text("EN")
    page.locator(".language-switcher button[value=fr]").click()
    expect(page).to_have_url(re.compile(r"/fr/$"))

    # The guides' listing leads to the guide.
    page.goto(guides.url)
    expect(page.locator("h1")).to_have_text(guides.title)
    page.get_by_role("link", name=guide.title).click()
    expect(page).to_have_url(re.compile(re.escape(guide.url) + "$"))
    expect(page.locator("h1")).to_have_text(guide.title)
    expect(page.locator(".guide-body")).to_contain_text("Ouvrir les paramètres")

    # Reply to Léa's question: the reply sits under it after the page reloads.
    thread = page.locator(f"#c{question.pk}")
    expect(thread.locator(".comment__text").first).to_contain_text("modèle de charte")
    thread.get_by_role("link", name="Répondre").click()
    reply_text = "Oui : je vous envoie celle de Lyon, adaptée de la charte nationale."
    thread.locator("#id_comment_new").fill(reply_text)
    thread.get_by_role("button", name="Publier ma réponse").click()
    reply = page.locator(f"#c{question.pk} > ol.comment-list--replies > li.comment--level-1")
    expect(reply).to_have_count(1)
    expect(reply.locator(".comment__author")).to_have_text("Camille Durand")
    expect(reply.locator(".comment__text")).to_contain_text("celle de Lyon")

    # Search with words, then two facets: type, then institution.
    page.goto("/fr/search/")
    page.fill("#q", "réseaux sociaux")
    page.press("#q", "Enter")
    results = page.locator(".search-result__title")
    expect(results).to_have_count(3)
    page.locator(".search-facets a.facet__value[href*='type=guide']").click()
    expect(results).to_have_count(2)
    expect(page).to_have_url(re.compile(r"type=guide"))
    page.locator(".search-facets a.facet__value", has_text=lyon.name).click()
    expect(page).to_have_url(re.compile(rf"institution={lyon.pk}"))
    expect(results).to_have_count(1)
    expect(results.first).to_have_text(guide.title)
    chips = page.locator(".active-filters .chip")
    expect(chips).to_have_count(2)
    expect(chips.nth(1)).to_contain_text(lyon.name)
    expect(page.locator("#q")).to_have_value("réseaux sociaux")

    # Register for the event, then download it for a calendar.
    page.goto(event.url)
    expect(page.locator("h1")).to_have_text(event.title)
    page.locator(".event-registration form[action$='/register/'] button").click()
    expect(page.locator(".event-registration .message--success")).to_be_visible()
    # The cancel button (its confirmation dialog stays closed until clicked).
    expect(page.get_by_role("button", name="Annuler mon inscription")).to_be_visible()
    with page.expect_download() as download_info:
        page.locator(".event-registration a[href$='calendar.ics']").click()
    download = download_info.value
    assert download.suggested_filename == f"{event.slug}.ics"
    calendar = open(download.path(), encoding="utf-8").read()  # noqa: PTH123, SIM115
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Atelier charte de modération" in calendar
    registration = event.registrations.get()
    assert (registration.member, registration.is_confirmed) == (member, True)
