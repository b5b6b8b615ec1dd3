"""Refresh docs/screenshots/*.png from a site with the demo loaded.

    make screenshots

does everything: a throwaway SQLite database (.screenshots.sqlite3), migrate,
load_demo, update_index, then this script with --serve, then cleans up.
By hand, against a server you already run on the demo data:

    DATABASE_URL=sqlite:///./db.sqlite3 .venv/bin/python tests/e2e/screenshots.py \
        --base-url http://127.0.0.1:8000

The script reads the pages' addresses from the database (DATABASE_URL), then
drives Debian's Chromium (/usr/bin/chromium) as the demo member, editor and
moderator. Every PNG is 1366 px wide, except the phone shots
(``phone-<page>.png``): every member page kind at 390 by 844 px, the first
screen a phone shows (menus and filters folded). The admin-translate shot starts a
translation into English of a guide that has none: run it on a throwaway
database only (as `make screenshots` does).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DEMO_PASSWORD = "cmhub-demo-2026"
MEMBER = "membre@cmhub.example"
EDITOR = "editrice@cmhub.example"
MODERATOR = "moderateur@cmhub.example"
WIDTH = 1366
PHONE = {"width": 390, "height": 844}


def demo_addresses():
    """The pages to photograph, read from the demo database (before the
    browser starts: Django refuses the ORM once Playwright's loop runs)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmhub.settings.dev")
    import django

    django.setup()
    from django.db.models import Count
    from django.utils import timezone, translation
    from django_comments_xtd.models import XtdComment
    from wagtail.models import Locale

    from community.models import MemberProfile, Person
    from events.models import EventIndexPage, EventPage, Registration
    from resources.models import (
        CaseStudyPage,
        GuideIndexPage,
        GuidePage,
        JobProfileIndexPage,
        JobProfilePage,
        ResourceIndexPage,
        TalkPage,
        TalkSpeaker,
    )

    french = Locale.objects.get(language_code="fr")
    english = Locale.objects.get(language_code="en")

    def first_url(model):
        return model.objects.live().filter(locale=french).first().url

    discussed = (
        XtdComment.objects.filter(is_public=True, is_removed=False)
        .values("object_pk")
        .annotate(count=Count("pk"))
        .order_by("-count")
    )
    guides = GuidePage.objects.live().filter(locale=french)
    guide = next(
        (page for row in discussed for page in guides.filter(pk=row["object_pk"])),
        guides.first(),
    )
    untranslated = next(
        (
            page
            for page in guides.order_by("pk")
            if not page.get_translations().filter(locale=english).exists()
        ),
        None,
    )
    upcoming = (
        EventPage.objects.live()
        .filter(locale=french)
        .order_by("start")
        .filter(start__gte=timezone.now())
        .first()
        or EventPage.objects.live().filter(locale=french).first()
    )
    job_profiles = JobProfileIndexPage.objects.live().filter(locale=french).first()
    compared = JobProfilePage.objects.live().filter(locale=french).order_by("pk")[:3]
    profile = MemberProfile.objects.in_directory().exclude(user__email=MEMBER).first()
    events = EventIndexPage.objects.live().filter(locale=french).first()
    attended = (
        Registration.objects.filter(listed=True, event__live=True, event__locale=french)
        .select_related("event")
        .order_by("event__start")
        .first()
    )
    spoke = (
        TalkSpeaker.objects.filter(page__live=True, page__locale=french)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    speaker = spoke.person if spoke else Person.objects.order_by("pk").first()
    with translation.override("fr"):
        speaker_url = speaker.get_absolute_url() if speaker else None
    return {
        "talk": first_url(TalkPage),
        "case_study": first_url(CaseStudyPage),
        "job_profile": first_url(JobProfilePage),
        "compare": f"{job_profiles.url}compare/?"
        + "&".join(f"profiles={page.pk}" for page in compared),
        "calendar": (
            f"{events.url}calendar/{upcoming_month(upcoming)}"
            if upcoming
            else f"{events.url}calendar/"
        ),
        "profile": f"/fr/members/{profile.user_id}/" if profile else "/fr/members/",
        "resources": first_url(ResourceIndexPage),
        "guides": first_url(GuideIndexPage),
        "job_profiles": first_url(JobProfileIndexPage),
        "events": first_url(EventIndexPage),
        "guide": guide.url,
        "event": upcoming.url,
        "event_en": next(
            (page.url for page in upcoming.get_translations().live().filter(locale=english)),
            "/en/",
        ),
        "attended_event": attended.event.specific.url if attended else upcoming.url,
        "speaker": speaker_url,
        "untranslated_guide": untranslated.pk if untranslated else None,
    }


def upcoming_month(event):
    start = event.local_start
    return f"{start.year}/{start.month}/"


def log_in(page, email):
    page.goto("/fr/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/account/login/" not in url)


class Camera:
    def __init__(self, browser, base_url, out):
        self.browser = browser
        self.base_url = base_url
        self.out = out
        self.saved = []

    def person(self, email=None, height=900, viewport=None):
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=viewport or {"width": WIDTH, "height": height},
            locale="fr-FR",
            timezone_id="Europe/Paris",
        )
        context.set_default_timeout(20_000)
        page = context.new_page()
        if email:
            log_in(page, email)
        return page

    def shoot(self, page, name, full_page=True, clip=None):
        page.wait_for_load_state("networkidle")
        path = self.out / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page, clip=clip, animations="disabled")
        self.saved.append(path)
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")  # noqa: T201

    def shoot_around(self, page, selector, name, max_height=1600):
        """The full width of the page around one element."""
        top, height = page.locator(selector).first.evaluate(
            "element => { const box = element.getBoundingClientRect();"
            " return [box.top + window.scrollY, box.height]; }"
        )
        top = max(top - 24, 0)
        height = min(height + 48, max_height)
        self.shoot(page, name, clip={"x": 0, "y": top, "width": WIDTH, "height": height})


def take_all(camera, urls):
    visitor = camera.person(height=860)
    visitor.goto("/fr/account/login/")
    camera.shoot(visitor, "login-fr", full_page=False)
    visitor.context.close()

    member = camera.person(MEMBER)
    member.goto("/fr/")
    camera.shoot(member, "home-fr")
    member.goto("/en/")
    camera.shoot(member, "home-en")
    member.goto(urls["resources"])
    camera.shoot(member, "resources-fr")
    member.goto(urls["guides"])
    camera.shoot(member, "guides-fr")
    member.goto(urls["guide"])
    camera.shoot(member, "guide-fr")
    camera.shoot_around(member, "#comments", "thread-fr")
    member.goto(urls["job_profiles"])
    picks = member.locator(".compare-form input[name=profiles]")
    for number in range(min(picks.count(), 3)):
        picks.nth(number).check()
    member.locator(
        ".compare-form button[type=submit], .compare-form input[type=submit]"
    ).first.click()
    camera.shoot(member, "compare-fr")
    member.goto(urls["events"])
    camera.shoot(member, "events-fr")
    member.goto(urls["event"])
    camera.shoot(member, "event-fr", full_page=False)
    member.goto("/fr/search/?q=r%C3%A9seaux+sociaux")
    camera.shoot(member, "search-fr", full_page=False)
    member.goto("/fr/search/")
    member.locator("#q").press_sequentially("gest", delay=120)
    member.locator("#q-suggestions li").first.wait_for()
    camera.shoot(member, "autocomplete-fr", clip={"x": 0, "y": 0, "width": WIDTH, "height": 560})
    member.goto("/fr/me/share/guide/")
    camera.shoot(member, "share-fr")
    member.goto("/fr/me/")
    camera.shoot(member, "account-fr")
    member.goto("/fr/notifications/")
    camera.shoot(member, "notifications-fr", full_page=False)
    member.goto("/en/notifications/")
    camera.shoot(member, "notifications-en", full_page=False)
    member.goto("/fr/me/bookmarks/")
    camera.shoot(member, "bookmarks-fr", full_page=False)
    member.goto("/fr/follows/")
    camera.shoot(member, "follows-fr", full_page=False)
    member.goto(urls["attended_event"])
    camera.shoot_around(member, ".attendees", "attendees-fr", max_height=900)
    if urls["speaker"]:
        member.goto(urls["speaker"])
        camera.shoot(member, "speaker-fr", full_page=False)

    for name, url in [
        ("talk-fr", urls["talk"]),
        ("case-study-fr", urls["case_study"]),
        ("job-profile-fr", urls["job_profile"]),
        ("calendar-fr", urls["calendar"]),
        ("job-profiles-fr", urls["job_profiles"]),
        ("event-en", urls["event_en"]),
        ("search-none-fr", "/fr/search/?q=xylophone"),
        ("directory-fr", "/fr/members/"),
        ("profile-fr", urls["profile"]),
    ]:
        member.goto(url)
        camera.shoot(member, name, full_page=False)
    member.context.close()

    phone = camera.person(MEMBER, viewport=PHONE)
    for name, url in [
        ("home", "/fr/"),
        ("resources", urls["resources"]),
        ("guides", urls["guides"]),
        ("job-profiles", urls["job_profiles"]),
        ("guide", urls["guide"]),
        ("talk", urls["talk"]),
        ("case-study", urls["case_study"]),
        ("job-profile", urls["job_profile"]),
        ("compare", urls["compare"]),
        ("events", urls["events"]),
        ("calendar", urls["calendar"]),
        ("event", urls["event"]),
        ("search", "/fr/search/?q=r%C3%A9seaux+sociaux"),
        ("search-none", "/fr/search/?q=xylophone"),
        ("directory", "/fr/members/"),
        ("profile", urls["profile"]),
        ("account", "/fr/me/"),
        ("notifications", "/fr/notifications/"),
        ("bookmarks", "/fr/me/bookmarks/"),
        ("follows", "/fr/follows/"),
        ("speaker", urls["speaker"] or "/fr/"),
        ("home-en", "/en/"),
    ]:
        phone.goto(url)
        camera.shoot(phone, f"phone-{name}", full_page=False)
    phone.goto("/fr/")
    phone.locator(".nav-menu > summary").click()
    camera.shoot(phone, "phone-menu", full_page=False)
    phone.goto("/fr/search/?q=r%C3%A9seaux+sociaux")
    phone.locator(".filters-toggle > summary").click()
    camera.shoot(phone, "phone-search-filters", full_page=False)
    phone.context.close()

    moderator = camera.person(MODERATOR, height=1000)
    moderator.goto("/admin/comments/")
    camera.shoot(moderator, "moderation", full_page=False)
    moderator.context.close()

    editor = camera.person(EDITOR, height=1000)
    editor.goto("/admin/search-report/")
    camera.shoot(editor, "search-report", full_page=False)
    if urls["untranslated_guide"]:
        editor.goto(f"/admin/localize/submit/page/{urls['untranslated_guide']}/")
        editor.locator("main input[type=checkbox][name=locales]").first.check()
        editor.locator("main input[type=submit]").click()
        editor.wait_for_load_state("networkidle")
        translate = re.compile(r"^(Translate|Traduire)$")
        editor.get_by_role("button", name=translate).first.click()
        editor.locator("main textarea").first.wait_for()
        camera.shoot(editor, "admin-translate", full_page=False)
    editor.context.close()


def wait_until_up(base_url, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            sys.exit("the development server stopped: see its log")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz/", timeout=2):  # noqa: S310
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    sys.exit(f"nothing answers at {base_url}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8765")
    parser.add_argument(
        "--serve",
        action="store_true",
        help="run `manage.py runserver` on --base-url's port for the time of the shots",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: install Debian's chromium: apt-get install chromium")
    base_url = args.base_url.rstrip("/")
    urls = demo_addresses()
    args.out.mkdir(parents=True, exist_ok=True)

    server = None
    server_log = Path(tempfile.gettempdir()) / "cmhub-screenshots-server.log"
    if args.serve:
        address = base_url.split("://", 1)[1]
        with server_log.open("w") as log:
            server = subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "runserver", address, "--noreload"],
                cwd=ROOT,
                env={**os.environ, "LOG_LEVEL": "ERROR"},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        print(f"Development server on {base_url}, its log in {server_log}")  # noqa: T201
    try:
        wait_until_up(base_url, server)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            camera = Camera(browser, base_url, args.out)
            print(f"Screenshots of {base_url} into {args.out}:")  # noqa: T201
            take_all(camera, urls)
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
