"""Browser tests: Debian's Chromium driven by Playwright against
pytest-django's live server.

The live server needs a transactional database, which Django flushes after
each test: that would wipe what migrations created (groups and their
permissions, the editorial workflow, collections, search synonyms…) and the
page tree that tests/conftest.py builds once per session. So every browser
test is marked ``serialized_rollback=True`` (Django reloads the migrated
state before each test) and the ``e2e_database`` fixture below saves the
database as the other tests left it when the module starts, and puts it
back when the module ends (tests/transactional.py does both for every
module of transactional tests).
"""

import contextlib
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.servers.basehttp import WSGIServer
from django.db import connection, connections
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect
from wagtail.models import Workflow

from home.tree import ensure_home_pages
from resources.tree import ensure_resource_sections
from tests.conftest import PASSWORD
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS
from tests.transactional import TRANSACTIONAL


class OneRequestAtATimeServer(WSGIServer):
    """Django's live server without threads: requests are served in the
    server's thread, which already uses the tests' connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def one_request_at_a_time_on_sqlite():
    """On SQLite the tests' database lives in memory, and Django hands the
    live server that one connection for all its request threads: two
    requests at once (the admin's editing-session ping while the next page
    loads) then interleave on one connection, and Wagtail's ping once failed
    with "UNIQUE constraint failed: wagtailadmin_editingsession.id" in CI.
    Serve one request at a time there, as the single connection requires;
    PostgreSQL gives each thread its own connection and keeps the threads."""
    if connection.vendor != "sqlite":
        yield
        return
    original = LiveServerThread.server_class
    LiveServerThread.server_class = OneRequestAtATimeServer
    yield
    LiveServerThread.server_class = original


@pytest.fixture(autouse=True)
def allow_database_under_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in the test's thread: Django
    would otherwise refuse database access from it. Only for these tests:
    the rest of the suite (and the processes it starts) keeps the check."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


TIMEOUT_MS = 15_000
FAILURE_DIR = Path(os.environ.get("CMHUB_E2E_FAILURES", Path(tempfile.gettempdir()) / "cmhub-e2e"))
HEADED = os.environ.get("CMHUB_E2E_HEADED", "") not in ("", "0")

#: The mark every browser test carries (see the module docstring).
e2e_db = TRANSACTIONAL


# --- The database around browser tests ---------------------------------------


@pytest.fixture(scope="module", autouse=True)
def e2e_database(isolated_database):
    """Each browser module starts from a fresh installation and leaves the
    database of the tests after it as it was (tests/transactional.py)."""


@pytest.fixture
def site_tree(transactional_db, settings, tmp_path):
    """The bilingual page tree as a fresh installation has it, checked to
    stand on the data migrations create; uploads go to a temporary folder."""
    assert hasattr(connection, "_test_serialized_contents"), (
        "browser tests need serialized_rollback=True (use the e2e_db mark)"
    )
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Members",
        "Editors",
        "Moderators",
    }
    assert Workflow.objects.filter(name="Relecture éditoriale", active=True).exists()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    french_home, english_home = ensure_home_pages()
    return {
        "home": (french_home, english_home),
        "sections": ensure_resource_sections(french_home, english_home),
    }


# --- The browser -------------------------------------------------------------


def chromium_path():
    """Debian's Chromium. `make test` installs it when it can (root); where
    it cannot, the browser tests are skipped with the command to run, unless
    CMHUB_E2E_REQUIRED is set (CI), where a missing browser fails the run."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (make services)"
        if os.environ.get("CMHUB_E2E_REQUIRED", "") not in ("", "0"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return str(CHROMIUM)


@contextlib.contextmanager
def chromium():
    """Playwright and a Chromium, closed on exit.

    While Playwright runs, its event loop counts as running in this thread,
    so Django keeps database connections per context rather than per thread:
    the test's ORM calls get a connection of their own, closed here before
    Playwright stops. That is also why the browser is started per test,
    after the database is ready, rather than once per session.
    """
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=CHROMIUM_ARGS,
            headless=not HEADED,
            slow_mo=int(os.environ.get("CMHUB_E2E_SLOWMO", "0")),
        )
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's report on the test, for the screenshot on failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class Browsing:
    """Several pages (one per person) in separate browser contexts, each
    saved as a screenshot under FAILURE_DIR when the test fails."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []

    def new_page(self, **options):
        """A page in a context of its own; ``options`` go to the context
        (``java_script_enabled=False``: a browser without JavaScript)."""
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport={"width": 1280, "height": 900},
            locale="fr-FR",
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        expect.set_options(timeout=TIMEOUT_MS)
        self.contexts.append(context)
        return context.new_page()

    def save_screenshots(self, name):
        FAILURE_DIR.mkdir(parents=True, exist_ok=True)
        saved = []
        for number, context in enumerate(self.contexts):
            for page_number, page in enumerate(context.pages):
                path = FAILURE_DIR / f"{name}-{number}-{page_number}.png"
                try:
                    page.screenshot(path=str(path), full_page=True)
                except Exception:  # noqa: BLE001, S112 - a screenshot must not hide the failure
                    continue
                saved.append(path)
        return saved

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(live_server, site_tree, request):
    """Open pages with ``browsing.new_page()``; relative URLs go to the live server."""
    with chromium() as browser:
        browsing = Browsing(browser, live_server.url)
        yield browsing
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            name = re.sub(r"[^\w-]+", "_", request.node.name)
            for path in browsing.save_screenshots(name):
                print(f"screenshot of the failure: {path}")  # noqa: T201
        browsing.close()


@pytest.fixture
def page(browsing):
    """One browser page, for tests with one person."""
    return browsing.new_page()


def log_in(page, email, password=PASSWORD, language="fr"):
    """Log in through the real form. Enter submits the login form (the
    header's language switcher has submit buttons of its own)."""
    page.goto(f"/{language}/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/account/login/" not in url)
