"""The resources feed: personal secret address, revocable, in each language."""

import re

import defusedxml.ElementTree as ET
import pytest

from resources.models import GuideIndexPage, ResourceFeedToken

from .factories import make_guide

pytestmark = pytest.mark.django_db


def feed_path(token, language="fr", kind="rss"):
    return f"/{language}/feeds/resources/{token}/{kind}/"


def test_member_finds_feed_addresses_on_the_account_page(member_client, member):
    html = member_client.get("/fr/me/").content.decode()
    token = ResourceFeedToken.objects.get(user=member).token
    assert feed_path(token) in html
    assert feed_path(token, kind="atom") in html


def test_feed_readers_discover_the_members_feeds_in_the_head(member_client, member):
    """<link rel="alternate"> in the page's head: a browser or feed reader
    given the account page offers to subscribe to both feeds."""
    html = member_client.get("/fr/me/").content.decode()
    head = html.split("</head>", 1)[0]
    token = ResourceFeedToken.objects.get(user=member).token
    for kind, mime in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
        assert re.search(
            rf'<link rel="alternate" type="{re.escape(mime)}"'
            rf' href="http://testserver{re.escape(feed_path(token, kind=kind))}"',
            head,
        ), head


def test_feed_lists_new_resources_without_a_session(client, member, sections):
    make_guide(sections[(GuideIndexPage, "fr")], 1, title="Fiche publiée")
    make_guide(sections[(GuideIndexPage, "en")], 2, title="English guide")
    token = ResourceFeedToken.for_user(member).token
    response = client.get(feed_path(token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Fiche publiée"]
    link = channel.find("item").findtext("link")
    assert link == "http://testserver/fr/ressources/fiches-conseil/guide-1/"

    english = ET.fromstring(client.get(feed_path(token, "en", "atom")).content)
    atom_titles = [
        e.findtext("{http://www.w3.org/2005/Atom}title")
        for e in english.findall("{http://www.w3.org/2005/Atom}entry")
    ]
    assert atom_titles == ["English guide"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_links_use_the_address_the_reader_used(client, member, sections, settings, kind):
    """Not the Wagtail Site record's hostname (localhost) nor
    django.contrib.sites' domain (cmhub.example)."""
    settings.ALLOWED_HOSTS = ["intranet.example.org"]
    make_guide(sections[(GuideIndexPage, "fr")], 1, title="Fiche publiée")
    path = feed_path(ResourceFeedToken.for_user(member).token, kind=kind)
    response = client.get(path, HTTP_HOST="intranet.example.org", secure=True)
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    links = {
        (link.get("rel"), link.get("href"))
        for link in feed.iter("{http://www.w3.org/2005/Atom}link")
    }
    assert ("self", "https://intranet.example.org" + path) in links
    for host in ("localhost", "cmhub.example", "testserver"):
        assert host not in response.content.decode()


def test_unknown_or_revoked_tokens_get_404(client, member, member_client):
    assert client.get(feed_path("not-a-token")).status_code == 404
    old = ResourceFeedToken.for_user(member).token
    response = member_client.post("/fr/me/feed/regenerate/")
    assert response.status_code == 302
    new = ResourceFeedToken.objects.get(user=member).token
    assert new != old
    assert client.get(feed_path(old)).status_code == 404
    assert client.get(feed_path(new)).status_code == 200


def test_inactive_members_feeds_stop(client, member):
    token = ResourceFeedToken.for_user(member).token
    member.is_active = False
    member.save()
    assert client.get(feed_path(token)).status_code == 404


def test_regenerating_needs_a_post_and_a_login(client, member_client):
    assert member_client.get("/fr/me/feed/regenerate/").status_code == 405
    assert client.post("/fr/me/feed/regenerate/").status_code == 302  # to login


def head_feed_paths(response):
    """The feed addresses the page's head announces, by type."""
    assert response.status_code == 200
    head = response.content.decode().split("</head>", 1)[0]
    return dict(
        re.findall(
            r'<link rel="alternate" type="application/(rss|atom)\+xml" href="http://testserver([^"]+)"',
            head,
        )
    )


@pytest.mark.parametrize("timeout", [0, 3600], ids=["cache-off", "cache-on"])
def test_the_dashboard_head_announces_the_members_own_feeds(
    client, make_member, home_pages, settings, timeout
):
    """Each member's dashboard links to their own feeds (never another
    member's, whatever the cache holds), and to the new address as soon as
    they regenerate it."""
    settings.FRAGMENT_CACHE_TIMEOUT = timeout
    camille, hugo = make_member("camille@univ-test.example"), make_member("hugo@univ-test.example")
    client.force_login(camille)
    paths = head_feed_paths(client.get("/fr/"))
    camille_token = ResourceFeedToken.objects.get(user=camille).token
    assert paths == {kind: feed_path(camille_token, kind=kind) for kind in ("rss", "atom")}
    assert head_feed_paths(client.get("/en/")) == {
        kind: feed_path(camille_token, language="en", kind=kind) for kind in ("rss", "atom")
    }

    client.force_login(hugo)
    hugo_paths = head_feed_paths(client.get("/fr/"))
    hugo_token = ResourceFeedToken.objects.get(user=hugo).token
    assert hugo_token != camille_token
    assert hugo_paths == {kind: feed_path(hugo_token, kind=kind) for kind in ("rss", "atom")}

    client.force_login(camille)
    assert client.post("/fr/me/feed/regenerate/").status_code == 302
    new_token = ResourceFeedToken.objects.get(user=camille).token
    assert new_token != camille_token
    assert head_feed_paths(client.get("/fr/")) == {
        kind: feed_path(new_token, kind=kind) for kind in ("rss", "atom")
    }
    assert head_feed_paths(client.get("/fr/me/"))["rss"] == feed_path(new_token)


def test_a_deleted_token_is_not_announced_from_the_cache(client, member, home_pages, settings):
    """A token deleted on its own (from the admin, a script) is revoked: the
    dashboard announces the member's new one, not the cached old one."""
    settings.FRAGMENT_CACHE_TIMEOUT = 3600
    client.force_login(member)
    old = head_feed_paths(client.get("/fr/"))["rss"]
    ResourceFeedToken.objects.filter(user=member).delete()
    new = head_feed_paths(client.get("/fr/"))["rss"]
    assert new != old
    assert new == feed_path(ResourceFeedToken.objects.get(user=member).token)
