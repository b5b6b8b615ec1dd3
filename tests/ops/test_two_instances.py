"""Two web instances share one database and one Redis, with no sticky
sessions: a change made through one is on the next page the other serves.

Every cached thing (the member, remembered routes, fragments, comment
counts) lives in the shared Redis and is keyed on counters kept there, so
an instance never serves what another one changed. This test starts its own
redis-server on a free port and two gunicorn processes on two more, with
the production settings, on a throwaway database of its own on the
PostgreSQL server DATABASE_URL points at (the PostgreSQL run of the suite:
several instances on one SQLite file is no deployment), then
changes content through one instance, and from a third process, and reads
through the other.

Skipped without redis-server and gunicorn, unless CMHUB_E2E_REQUIRED is set
(CI), where that fails instead.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.processes import ROOT, run_manage

REQUIRED = bool(os.environ.get("CMHUB_E2E_REQUIRED"))

SETUP = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.test import Client
from community.comments import MemberCommentForm
from community.models import User
from core.models import SiteSettings
from home.tree import ensure_home_pages
from resources.models import GuideIndexPage
from resources.tree import ensure_resource_sections
from tests.resources.factories import make_guide
from wagtail.models import Site

site = Site.objects.get(is_default_site=True)
settings_row = SiteSettings.for_site(site)
settings_row.hold_first_comments = 0
settings_row.save()
sections = ensure_resource_sections(*ensure_home_pages())
guide = make_guide(sections[(GuideIndexPage, "fr")], 1, title="Guide partagé")
member = User.objects.create_user(
    username="lea", email="lea@univ-test.example", password="x" * 20, first_name="Léa"
)
member.groups.set(Group.objects.filter(name="Members"))
EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
client = Client()
client.force_login(member)
print(json.dumps({
    "guide": guide.url,
    "guide_pk": guide.pk,
    "section": sections[(GuideIndexPage, "fr")].url,
    "session": client.cookies["sessionid"].value,
    "form": MemberCommentForm(guide).generate_security_data(),
}))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port} after {seconds} s")


def database_url():
    """A throwaway database beside DATABASE_URL's."""
    url = os.environ.get("DATABASE_URL", "")
    name = f"cmhub_two_instances_{uuid.uuid4().hex[:8]}"
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), name


def psql(url, command):
    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    subprocess.run(["psql", admin, "-qc", command], check=True)  # noqa: S603, S607


@pytest.fixture
def two_instances(tmp_path):
    redis_server, gunicorn = shutil.which("redis-server"), Path(sys.executable).parent / "gunicorn"
    if not redis_server or not gunicorn.exists():
        if REQUIRED:
            pytest.fail("redis-server and gunicorn are needed (make services; make install)")
        pytest.skip("needs redis-server and gunicorn")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("runs in the PostgreSQL run of the suite (DATABASE_URL)")
    url, pg_name = database_url()
    psql(os.environ["DATABASE_URL"], f'CREATE DATABASE "{pg_name}"')
    redis_port = free_port()
    redis = subprocess.Popen(  # noqa: S603
        [redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cmhub.settings.production",
        "SECRET_KEY": "two-instances-only-" + "x" * 50,
        "DATABASE_URL": url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "ELASTICSEARCH_URL": "",
        "TASKS_BACKEND": "immediate",
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "WARNING",
    }
    servers = []
    try:
        run_manage("migrate", "--noinput", env=env, timeout=600, check=True)
        run_manage("collectstatic", "--noinput", env=env, timeout=300, check=True)
        made = run_manage("shell", "-c", SETUP, env=env, timeout=300, check=True)
        world = json.loads(made.stdout.strip().splitlines()[-1])
        ports = [free_port(), free_port()]
        for port in ports:
            servers.append(
                subprocess.Popen(  # noqa: S603
                    [str(gunicorn), "cmhub.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
                    cwd=ROOT,
                    env=env,
                    stderr=subprocess.DEVNULL,
                )
            )
        for port in ports:
            wait_for(port)
        yield {"env": env, "ports": ports, **world}
    finally:
        for process in [*servers, redis]:
            process.terminate()
            process.wait(timeout=30)
        psql(os.environ["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{pg_name}"')


class Browser:
    """One member's browser, sent to either instance (no sticky session)."""

    def __init__(self, session):
        self.cookies = f"sessionid={session}; csrftoken={'c' * 32}"
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, port, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=body,
            headers={"Cookie": self.cookies, "Host": "localhost"},
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_change_through_one_instance_is_on_the_next_page_of_the_other(two_instances):
    one, other = two_instances["ports"]
    browser = Browser(two_instances["session"])
    guide, section = two_instances["guide"], two_instances["section"]
    # Both instances have served (and cached) the guide and its list.
    for port in (one, other):
        for path in (guide, section):
            status, html = browser.request(port, path)
            assert status == 200 and "Guide partagé" in html, (port, path, status)
        assert "Un direct réussi" not in browser.request(port, guide)[1]

    # A member comments through the first instance...
    form = {
        **two_instances["form"],
        "comment": "Un direct réussi, merci.",
        "reply_to": 0,
        "honeypot": "",
        "csrfmiddlewaretoken": "c" * 32,
    }
    status, _ = browser.request(one, "/fr/comments/post/", form)
    assert status == 302
    # ...and the second shows it on its next page, with the new count.
    status, html = browser.request(other, guide)
    assert status == 200 and "Un direct réussi, merci." in html

    # An editor's change from a third process (unpublishing): both
    # instances stop serving the page and listing it at once.
    unpublish = (
        "from wagtail.models import Page; "
        f"Page.objects.get(pk={two_instances['guide_pk']}).specific.unpublish()"
    )
    run_manage("shell", "-c", unpublish, env=two_instances["env"], timeout=120, check=True)
    for port in (one, other):
        assert browser.request(port, guide)[0] == 404, port
        assert "Guide partagé" not in browser.request(port, section)[1], port
