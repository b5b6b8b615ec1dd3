"""A member, in French, in Chromium: bookmarks a guide and finds it in
"Mes favoris", registers for a workshop choosing to be listed and sees who
is coming, keeps their seat when the cancel dialog asks, opens the speaker's
page, and flags a comment with a reason."""

import datetime
import re

from playwright.sync_api import expect

from community.models import Bookmark, CommentFlagReason, Institution, MemberProfile, Person
from events import services
from events.models import EventSpeaker, Registration
from resources.models import GuideIndexPage, TalkIndexPage
from tests.community.comment_helpers import add_comment, set_site_settings
from tests.events.factories import add_event_index, add_workshop
from tests.resources.factories import make_guide, make_talk

from .conftest import e2e_db, log_in

pytestmark = e2e_db


def test_bookmarks_attendees_speaker_page_and_flag(browsing, site_tree, make_member):
    french_home = site_tree["home"][0]
    sections = site_tree["sections"]
    set_site_settings(hold_first_comments=0)
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1, title="Guide des lives Instagram")
    speaker = Person.objects.create(
        locale=french_home.locale, first_name="Claire", last_name="Vasseur", role="Consultante"
    )
    make_talk(sections[(TalkIndexPage, "fr")], 1, speakers=[speaker], title="Gérer une crise")
    index = add_event_index(french_home)
    index.save_revision().publish()
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=20)
    workshop = add_workshop(
        index, start, title="Atelier vidéo verticale", slug="atelier-video", publish=True
    )
    EventSpeaker.objects.create(page=workshop, person=speaker)
    workshop.save_revision().publish()
    workshop.refresh_from_db()
    lea = make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")
    MemberProfile.objects.create(
        user=lea,
        institution=Institution.objects.create(
            name="Université de Nantes", short_name="UNantes", kind="university"
        ),
    )
    services.register(workshop, lea, notify=False, listed=True)
    spam = add_comment(guide, lea, "Achetez mes abonnés pas chers !")
    member = make_member()

    page = browsing.new_page()
    log_in(page, member.email)

    # Bookmarks: the button works in place (JavaScript), the list shows it.
    page.goto(guide.url)
    page.get_by_role("button", name="Ajouter à mes favoris").click()
    expect(page.get_by_role("button", name="Dans mes favoris")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert Bookmark.objects.filter(member=member, page=guide).exists()
    page.goto("/fr/")
    count = page.locator("a.bookmark-count")
    expect(count).to_have_text(re.compile(r"Mes favoris\s: 1 page"))
    count.click()
    expect(page.locator(".bookmark-list")).to_contain_text("Guide des lives Instagram")
    page.locator(".bookmark-kinds").get_by_role("link", name="Événements").click()
    expect(page.locator(".empty-state")).to_contain_text("Aucun favori de ce type.")

    # Who is coming: register, listed; Léa is there with her institution.
    page.goto(workshop.url)
    attendees = page.locator("#attendees")
    expect(attendees).to_contain_text("Léa Martin")
    expect(attendees).to_contain_text("UNantes")
    expect(attendees).to_contain_text("1 confirmé")
    # The follow buttons sit side by side, without list bullets (a bullet
    # showed before the first one, which sat lower than the second).
    buttons = page.locator(".follow-panel li")
    assert buttons.evaluate_all("items => items.map(i => getComputedStyle(i).listStyleType)") == [
        "none",
        "none",
    ]
    tops = buttons.evaluate_all(
        "items => items.map(i => Math.round(i.querySelector('button').getBoundingClientRect().top))"
    )
    assert tops[0] == tops[1]
    page.get_by_label("M’afficher parmi les participants (nom et établissement)").check()
    page.get_by_role("button", name="M'inscrire").click()
    expect(attendees).to_contain_text("Camille Durand")
    expect(attendees).to_contain_text("2 confirmés")

    # Cancelling asks first; "no" keeps the seat.
    page.get_by_role("button", name="Annuler mon inscription").click()
    dialog = page.locator("#cancel-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Non, garder ma place").click()
    expect(dialog).to_be_hidden()
    assert Registration.objects.active().filter(member=member).exists()

    # The speaker's page, from the event.
    page.get_by_role("link", name="Claire Vasseur").click()
    expect(page).to_have_url(re.compile(r"/fr/intervenants/\d+-claire-vasseur/$"))
    expect(page.locator("h1")).to_have_text("Claire Vasseur")
    expect(page.locator("main")).to_contain_text("Gérer une crise")
    expect(page.locator("main")).to_contain_text("Atelier vidéo verticale")
    # The name stands beside the portrait (it was pushed to the far right).
    gap = page.evaluate(
        "() => document.querySelector('.speaker-header h1').getBoundingClientRect().left"
        " - document.querySelector('.speaker-header .avatar').getBoundingClientRect().right"
    )
    assert 0 < gap <= 48

    # Flagging with a reason, confirmed in the dialog.
    page.goto(guide.url)
    page.locator(f"#c{spam.pk}").get_by_role("button", name="Suggérer le retrait").click()
    flag_dialog = page.locator("#flag-dialog")
    flag_dialog.get_by_label("Information erronée").check()
    flag_dialog.get_by_label(re.compile("Précisions pour les modérateurs")).fill("Faux chiffres")
    flag_dialog.get_by_role("button", name="Envoyer aux modérateurs").click()
    expect(page.locator(f"#c{spam.pk}")).to_contain_text("Retrait suggéré")
    reason = CommentFlagReason.objects.get(flag__comment_id=spam.pk)
    assert (reason.reason, reason.details) == ("wrong", "Faux chiffres")
