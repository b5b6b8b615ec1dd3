"""The page shell (core/shell.py): the header, footer, head links and
scripts are rendered once per groups, language, versions and address, and
served with the member's own bits filled in. A member sees exactly the page
they saw before (the same HTML as with caching off), never another member's
name, count or token, and every change at once."""

import re

import pytest
from django.contrib.auth.models import Group
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from events.models import EventIndexPage
from notifications.api import notify
from resources.models import GuideIndexPage
from tests.community.comment_helpers import without_per_request_values
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db

HEADER = re.compile(r'<header class="site-header">.*?</header>', re.S)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
#: Templates only the shell renders.
SHELL_TEMPLATES = {
    "includes/brand.html",
    "includes/language_switcher.html",
    "includes/site_footer.html",
}
#: "3 minutes ago": the clock moves between two requests.
TIMES = re.compile(r"(<time[^>]*>)[^<]*(</time>)")


def header(response):
    return HEADER.search(response.content.decode()).group(0)


def comparable(response):
    return TIMES.sub(r"\1\2", without_per_request_values(response.content.decode()))


@pytest.fixture
def guide(sections):
    return make_guide(sections[(GuideIndexPage, "fr")], 1, title="Guide des lives")


@pytest.fixture
def urls(guide, sections):
    return {
        "fr": [
            "/fr/",
            sections[(GuideIndexPage, "fr")].url,
            guide.url,
            "/fr/search/?q=lives&type=guide",
            "/fr/notifications/",
        ],
        "en": ["/en/", sections[(GuideIndexPage, "en")].url, "/en/search/?q=lives"],
    }


@pytest.mark.parametrize("role", ["member", "editor", "moderator"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_page_is_the_same_with_the_shell_cached_or_not(
    request, settings, urls, guide, role, language
):
    user = request.getfixturevalue(role)
    notify(user, "mention", guide, actor=request.getfixturevalue("make_member")("x@y.example"))
    client = Client()
    client.force_login(user)
    for url in urls[language]:
        settings.FRAGMENT_CACHE_TIMEOUT = 0
        live = client.get(url)
        settings.FRAGMENT_CACHE_TIMEOUT = 3600
        client.get(url)  # renders the shell with its holes, and caches it
        cached = client.get(url)
        assert live.status_code == cached.status_code == 200, url
        assert comparable(cached) == comparable(live), url
        assert user.first_name in header(cached)
        assert 'class="notification-bell__count" aria-hidden="true">1<' in header(cached)
        assert ("/admin/" in header(cached)) == (role != "member")  # editors and moderators
        # Served from the cache: the shell's templates are not rendered again.
        rendered = {template.name for template in cached.templates}
        assert not rendered & SHELL_TEMPLATES, (url, rendered & SHELL_TEMPLATES)
        assert {template.name for template in live.templates} >= SHELL_TEMPLATES


def test_another_members_name_count_and_token_never_appear(make_member, guide, sections):
    camille = make_member("camille@univ-test.example", first_name="Camille", last_name="Durand")
    zoe = make_member("zoe@univ-test.example", first_name="Zoé", last_name="<Martin>")
    for _ in range(3):
        notify(camille, "mention", guide, actor=zoe)
    url = sections[(GuideIndexPage, "fr")].url
    first, second = Client(), Client()
    first.force_login(camille)
    second.force_login(zoe)
    first.get(url)
    mine = header(first.get(url))
    theirs = header(second.get(url))  # the same groups, page and language: the same shell
    assert "Camille Durand" in mine and "notification-bell__count" in mine
    assert "Camille" not in theirs and "notification-bell__count" not in theirs
    assert "Zoé &lt;Martin&gt;" in theirs and '<span class="avatar" aria-hidden="true">Z<' in theirs
    # Every token on Zoé's page is made from her own CSRF secret.
    secret = second.cookies["csrftoken"].value
    tokens = TOKEN.findall(second.get(url).content.decode())
    assert len(tokens) >= 2
    assert all(_unmask_cipher_token(token) == secret for token in tokens)


def test_a_change_shows_at_once(member, make_member, guide, home_pages, sections):
    client = Client()
    client.force_login(member)
    url = sections[(GuideIndexPage, "fr")].url
    client.get(url)
    before = header(client.get(url))
    assert "notification-bell__count" not in before and "Événements" not in before
    # A new notification.
    notify(member, "mention", guide, actor=make_member("zoe@univ-test.example"))
    assert 'aria-hidden="true">1<' in header(client.get(url))
    # A new section in the navigation.
    events = EventIndexPage(title="Événements", slug="evenements", summary="Les ateliers.")
    home_pages[0].add_child(instance=events)
    events.save_revision().publish()
    assert 'href="/fr/evenements/"' in header(client.get(url))
    # A new group: the editors' admin link.
    assert "/admin/" not in header(client.get(url))
    member.groups.add(Group.objects.get(name="Editors"))
    assert "/admin/" in header(client.get(url))
    member.groups.remove(Group.objects.get(name="Editors"))
    assert "/admin/" not in header(client.get(url))
    # A new name.
    member.first_name = "Camila"
    member.save()
    assert "Camila Durand" in header(client.get(url))
    # Another language: the English header.
    english = header(client.get(sections[(GuideIndexPage, "en")].url))
    assert "Dashboard" in english and "Tableau de bord" not in english
    assert "Camila Durand" in english
