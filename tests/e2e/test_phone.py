"""Every member page on a phone (390 px) and on a laptop (1366 px), in one
browser: no sideways scrolling, every main-navigation link reachable, no tap
target under 24 px, no word cut by a line break, and no WCAG 2.1 A/AA
violation found by axe-core at either width. Then what the phone layouts
promise: the calendar's agenda shows a Saturday event, the event page puts
registration first, filters fold behind a "Filtres" button that works
without JavaScript, and Escape closes the account menu."""

import datetime
import re
import zoneinfo

from django.utils import timezone
from playwright.sync_api import expect

from community.models import MemberProfile, Topic
from events.models import EventIndexPage
from resources.models import (
    CaseStudyIndexPage,
    GuideIndexPage,
    JobProfileIndexPage,
    ResourceIndexPage,
    TalkIndexPage,
)
from tests.community.comment_helpers import add_comment, set_site_settings
from tests.resources.factories import (
    make_case_study,
    make_event,
    make_guide,
    make_institution,
    make_job_profile,
    make_person,
    make_talk,
)

from .conftest import e2e_db, log_in
from .phone import (
    DESKTOP,
    PHONE,
    SCREENSHOT_DIR,
    axe_violations,
    layout_problems,
    unreachable_navigation,
)

pytestmark = e2e_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def next_saturday():
    """The next Saturday at 10:00 in Paris, at least a day ahead."""
    today = timezone.now().astimezone(PARIS).date() + datetime.timedelta(days=1)
    saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7)
    return datetime.datetime.combine(saturday, datetime.time(10), tzinfo=PARIS)


def build_community(site_tree, make_member):
    """Enough of a community for every page kind to show its parts: cards,
    comments, filters, facets, a Saturday webinar and two job profiles with
    long French words. Returns the member and the pages' addresses."""
    french_home, _english_home = site_tree["home"]
    sections = site_tree["sections"]
    set_site_settings(hold_first_comments=0)
    lyon = make_institution("Université de Lyon-Test", region="Auvergne-Rhône-Alpes")
    quebec = make_institution("Cégep de Québec-Test", kind="cegep", country="CA")
    topic = Topic.objects.create(locale=french_home.locale, slug="crise", name="Crise")
    speaker = make_person(french_home.locale, institution=lyon)
    guides = [
        make_guide(
            sections[(GuideIndexPage, "fr")],
            number,
            title=f"Réseaux sociaux : la charte n° {number}",
            summary="Écrire la charte de modération des réseaux sociaux de l'établissement.",
            institution=lyon if number % 2 else quebec,
            topics=[topic],
        )
        for number in range(1, 4)
    ]
    talk = make_talk(
        sections[(TalkIndexPage, "fr")],
        1,
        speakers=[speaker],
        title="Dix ans de réseaux sociaux",
        institution=lyon,
    )
    case_study = make_case_study(
        sections[(CaseStudyIndexPage, "fr")], 1, title="Quinze jours pour recruter"
    )
    long_words = {
        "synonyms": "Gestionnaire de communauté\nAnimateur ou animatrice de communauté",
        "missions": "Concevoir la stratégie éditoriale de l'établissement\n"
        "Professionnaliser l'animation des communautés institutionnelles",
        "hard_skills": "Référencement naturel\nAnalyse d'audience",
        "soft_skills": "Disponibilité\nCuriosité intellectuelle",
        "tools": "Hootsuite\nCanva",
        "education": "Licence professionnelle Communication et valorisation de la création",
    }
    profiles = [
        make_job_profile(
            sections[(JobProfileIndexPage, "fr")],
            number,
            title=title,
            salary_min=32000,
            salary_max=42000,
            **long_words,
        )
        for number, title in enumerate(
            ["Community manager", "Gestionnaire de communauté", "Chargée de communication"], 1
        )
    ]
    webinar = make_event(french_home, title="Webinaire du samedi : la charte", days=30)
    webinar.start = next_saturday()
    webinar.end = webinar.start + datetime.timedelta(hours=2)
    webinar.capacity = 40
    webinar.save_revision().publish()
    other = make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")
    MemberProfile.objects.create(
        user=other, institution=lyon, job_title="Chargée de communication numérique"
    ).topics.add(topic)
    for page in (guides[0], webinar):
        add_comment(page, other, "Quelqu'un a-t-il un modèle de charte ?")
    member = make_member(first_name="Camille", last_name="Durand")
    MemberProfile.objects.create(user=member, institution=quebec, job_title="Gestionnaire")
    events = EventIndexPage.objects.child_of(french_home).get()
    compare = f"{sections[(JobProfileIndexPage, 'fr')].url}compare/?" + "&".join(
        f"profiles={profile.pk}" for profile in profiles
    )
    pages = {
        "dashboard": "/fr/",
        "resources": sections[(ResourceIndexPage, "fr")].url,
        "guides": sections[(GuideIndexPage, "fr")].url,
        "talks": sections[(TalkIndexPage, "fr")].url,
        "job-profiles": sections[(JobProfileIndexPage, "fr")].url,
        "case-studies": sections[(CaseStudyIndexPage, "fr")].url,
        "guide": guides[0].url,
        "talk": talk.url,
        "job-profile": profiles[1].url,
        "case-study": case_study.url,
        "compare": compare,
        "events": events.url,
        "calendar": f"{events.url}calendar/{webinar.start.year}/{webinar.start.month}/",
        "event": webinar.url,
        "search": "/fr/search/?q=r%C3%A9seaux+sociaux",
        "search-none": "/fr/search/?q=xylophone",
        "profile": f"/fr/members/{other.pk}/",
        "directory": "/fr/members/",
        "account": "/fr/me/",
        "registrations": "/fr/me/events/",
    }
    return member, webinar, pages


def test_every_member_page_on_a_phone_and_a_laptop(browsing, site_tree, make_member):
    member, _webinar, pages = build_community(site_tree, make_member)
    page = browsing.new_page()
    log_in(page, member.email)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, url in pages.items():
        page.set_viewport_size(PHONE)
        response = page.goto(url)
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        found = layout_problems(page) + unreachable_navigation(page)
        found += [f"axe at 390 px: {line}" for line in axe_violations(page)]
        page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-390.png"), full_page=True)
        page.set_viewport_size(DESKTOP)
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            found.append(f"scrolls sideways at 1366 px: {scroll_width} px")
        found += unreachable_navigation(page)
        found += [f"axe at 1366 px: {line}" for line in axe_violations(page)]
        if found:
            problems[f"{name} ({url})"] = found
    report = "\n".join(
        f"{name}:\n" + "\n".join(f"  - {line}" for line in lines)
        for name, lines in problems.items()
    )
    assert not problems, f"On {len(problems)} of {len(pages)} pages:\n{report}"


def test_what_a_phone_shows_first_with_and_without_javascript(browsing, site_tree, make_member):
    member, webinar, pages = build_community(site_tree, make_member)
    page = browsing.new_page()
    page.set_viewport_size(PHONE)
    log_in(page, member.email)

    # The month calendar is an agenda: the Saturday webinar is on screen.
    page.goto(pages["calendar"])
    expect(page.locator(".month-calendar")).to_be_hidden()
    saturday = page.locator(".month-agenda__day", has_text=webinar.title)
    expect(saturday.locator("h2")).to_contain_text("samedi")
    saturday.get_by_role("link", name=webinar.title).click(trial=True)

    # The event page: registration comes before the programme and comments.
    page.goto(pages["event"])
    register = page.locator(".event-registration button[type=submit]")
    comments = page.locator("#comments")
    assert register.bounding_box()["y"] < comments.bounding_box()["y"]
    assert register.bounding_box()["y"] < PHONE["height"] * 2

    # Filters fold behind "Filtres (1 actif)"; the button opens them.
    page.goto(pages["search"] + "&type=guide")
    toggle = page.locator(".filters-toggle > summary")
    expect(toggle).to_have_text(re.compile(r"^Filtres\s+\(1 actif\)$"))
    expect(page.locator(".search-facets")).to_be_hidden()
    first_result = page.locator(".search-result").first
    assert first_result.bounding_box()["y"] < PHONE["height"]
    toggle.click()
    expect(page.locator(".search-facets a.facet__value").first).to_be_visible()
    page.goto(pages["guides"])
    expect(page.locator(".filters-toggle > summary")).to_have_text("Filtres")
    expect(page.locator("form.filters")).to_be_hidden()

    # Escape closes the account menu and gives the focus back to its button.
    account = page.locator(".account-menu > summary")
    account.click()
    expect(page.locator(".account-menu > ul")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".account-menu > ul")).to_be_hidden()
    expect(account).to_be_focused()

    # On a laptop the filters are shown without the button, and the
    # comparison is a table again.
    page.set_viewport_size(DESKTOP)
    expect(page.locator(".filters-toggle > summary")).to_be_hidden()
    expect(page.locator("form.filters")).to_be_visible()
    page.goto(pages["compare"])
    expect(page.locator(".compare-table")).to_be_visible()
    expect(page.locator(".compare-stack")).to_be_hidden()

    # Without JavaScript, the Menu and Filtres buttons still open.
    context = browsing.browser.new_context(
        base_url=browsing.base_url,
        viewport=PHONE,
        locale="fr-FR",
        java_script_enabled=False,
        storage_state=page.context.storage_state(),
    )
    browsing.contexts.append(context)
    phone = context.new_page()
    phone.goto(pages["dashboard"])
    links = phone.locator(".main-nav a")
    expect(links.first).to_be_hidden()
    phone.locator(".nav-menu > summary").click()
    for index in range(links.count()):
        expect(links.nth(index)).to_be_in_viewport()
    phone.get_by_role("link", name="Membres", exact=True).click()
    expect(phone).to_have_url(re.compile(r"/fr/members/$"))
    phone.locator(".filters-toggle > summary").click()
    phone.fill("#members-q", "Martin")
    phone.locator("form.filters button[type=submit]").click()
    expect(phone.locator(".filters-toggle > summary")).to_have_text(
        re.compile(r"^Filtres\s+\(1 actif\)$")
    )
