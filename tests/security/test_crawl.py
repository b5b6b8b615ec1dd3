"""Crawl every URL of the site as a visitor, as a member outside a group,
and as a member of that group.

Every URL pattern of the project must have a builder in ``BUILDERS`` (or be
covered by a prefix in ``COVERED_BY_PREFIX``, with the reason): a new URL
makes ``test_every_url_pattern_is_crawled`` fail until it is added here.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from .conftest import COMMENT_MARK, HIDDEN_MARK, PAGE_MARK, PROPOSAL_MARK, without_echo

pytestmark = pytest.mark.django_db


def walk(patterns, namespace="", route=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else repr(pattern)
            yield name, route + str(pattern.pattern)


def pages_of(w, *keys):
    return [w.pages[key].url for key in keys]


def comment_ct(w):
    ct = ContentType.objects.get_for_model(w.restricted["guide"])
    return ct.pk


# pattern name -> function(world) -> list of URLs to GET.
BUILDERS = {
    "healthz": lambda w: ["/healthz/"],
    # Every file of the media folder and every file a record names (the
    # role-by-role answers are in test_media_access.py).
    "media": lambda w: [*sorted(w.media), "/media/nope.png"],
    "set_language": lambda w: ["/i18n/setlang/"],
    "restricted": lambda w: ["/restricted/", "/restricted/?next=/fr/"],
    "search": lambda w: [
        "/fr/search/?q=guide",
        "/fr/search/?q=secret",
        "/fr/search/?q=Atelier",
        "/fr/search/?q=Hector",
        "/fr/search/?q=Brouillon",
        "/fr/search/?q=Avis",
        "/en/search/?q=guide&lang=all",
    ],
    "search_autocomplete": lambda w: [
        "/fr/search/suggest/?q=guid",
        "/fr/search/suggest/?q=secret",
        "/fr/search/suggest/?q=ateli",
        "/fr/search/suggest/?q=hect",
        "/fr/search/suggest/?q=guid&lang=all",
    ],
    "account": lambda w: ["/fr/me/"],
    "members:directory": lambda w: ["/fr/members/", "/fr/members/?q=Hector"],
    "members:profile": lambda w: [
        f"/fr/members/{w.users['outsider'].pk}/",
        f"/fr/members/{w.users['hidden'].pk}/",
        f"/fr/members/{w.users['insider'].pk}/",
    ],
    "members:edit_profile": lambda w: ["/fr/me/profile/"],
    "members:download_data": lambda w: ["/fr/me/data.json"],
    "members:delete_account": lambda w: ["/fr/me/delete/"],
    "members:mention_suggestions": lambda w: ["/fr/members/mentions/?q=Hec"],
    # Notifications and follows (no notification of another member's is
    # reachable: pks that are not the visitor's answer 404).
    "notifications:list": lambda w: ["/fr/notifications/", "/fr/notifications/?page=2"],
    "notifications:mark_all_read": lambda w: ["/fr/notifications/read/"],
    "notifications:mark_read": lambda w: ["/fr/notifications/999999/read/"],
    "notifications:open": lambda w: ["/fr/notifications/999999/"],
    "notifications:preferences": lambda w: ["/fr/notifications/preferences/"],
    "notifications:follows": lambda w: ["/fr/follows/"],
    "notifications:follow": lambda w: ["/fr/follows/add/"],
    "notifications:unfollow": lambda w: ["/fr/follows/remove/"],
    "members:bookmarks": lambda w: ["/fr/me/bookmarks/", "/fr/me/bookmarks/?kind=guide"],
    "members:toggle_bookmark": lambda w: [f"/fr/bookmark/{w.restricted['guide'].pk}/"],
    "members:speaker": lambda w: [
        w.objects["speaker"].get_absolute_url(),
        f"/en/speakers/{w.objects['speaker'].pk}-x/",
        "/fr/intervenants/999999-personne/",
    ],
    "resources:feed_rss": lambda w: [
        f"/fr/feeds/resources/{w.objects['outsider_feed']}/rss/",
        "/fr/feeds/resources/not-a-token/rss/",
    ],
    "resources:feed_atom": lambda w: [
        f"/fr/feeds/resources/{w.objects['outsider_feed']}/atom/",
        "/fr/feeds/resources/not-a-token/atom/",
    ],
    "resources:regenerate_feed_token": lambda w: ["/fr/me/feed/regenerate/"],
    "contributions:proposal_choose": lambda w: ["/fr/me/share/"],
    "contributions:proposal_create": lambda w: [
        "/fr/me/share/guide/",
        "/fr/me/share/case_study/",
        "/fr/me/share/job_profile/",
        "/fr/me/share/talk/",
        "/fr/me/share/nope/",
    ],
    "contributions:proposal_edit": lambda w: [
        f"/fr/me/proposals/{w.objects['draft'].pk}/",
        f"/fr/me/proposals/{w.objects['submitted'].pk}/",
        f"/fr/me/proposals/{w.objects['own_draft'].pk}/",
    ],
    "events:register": lambda w: [f"/fr/event/{w.restricted['event'].pk}/register/"],
    "events:cancel": lambda w: [f"/fr/event/{w.restricted['event'].pk}/cancel/"],
    "events:set_listed": lambda w: [f"/fr/event/{w.restricted['event'].pk}/attendance/"],
    "events:ics": lambda w: [
        f"/fr/event/{w.pages['event'].pk}/calendar.ics",
        f"/fr/event/{w.restricted['event'].pk}/calendar.ics",
    ],
    "events:feed": lambda w: [
        f"/fr/calendar/{w.objects['outsider_calendar']}.ics",
        "/fr/calendar/not-a-token.ics",
    ],
    "events:my_registrations": lambda w: ["/fr/me/events/"],
    "events:regenerate_feed": lambda w: ["/fr/me/events/calendar-address/"],
    "events:set_time_zone": lambda w: ["/fr/me/time-zone/"],
    "comments:post": lambda w: ["/fr/comments/post/"],
    "comments:edit": lambda w: [
        f"/fr/comments/{w.objects['secret_comment'].pk}/edit/",
        f"/fr/comments/{w.objects['comment'].pk}/edit/",
    ],
    "comments:delete": lambda w: [f"/fr/comments/{w.objects['secret_comment'].pk}/delete/"],
    "comments:report": lambda w: [
        f"/fr/comments/{w.objects['secret_comment'].pk}/report/",
        f"/fr/comments/{w.objects['comment'].pk}/report/",
    ],
    # django-comments-xtd and django-comments views (the REST API is not mounted).
    "comments-xtd-sent": lambda w: ["/fr/comments/sent/", "/fr/comments/sent.json"],
    "comments-xtd-confirm": lambda w: ["/fr/comments/confirm/bad-key/"],
    "comments-xtd-mute": lambda w: ["/fr/comments/mute/bad-key/"],
    "comments-xtd-reply": lambda w: [
        f"/fr/comments/reply/{w.objects['secret_comment'].pk}/",
        f"/fr/comments/reply/{w.objects['comment'].pk}/",
    ],
    "comments-flag": lambda w: [
        f"/fr/comments/flag/{w.objects['secret_comment'].pk}/",
        f"/fr/comments/flag/{w.objects['secret_reply'].pk}/",
    ],
    "comments-xtd-like": lambda w: [f"/fr/comments/like/{w.objects['secret_comment'].pk}/"],
    "comments-xtd-like-done": lambda w: ["/fr/comments/liked/"],
    "comments-xtd-dislike": lambda w: [f"/fr/comments/dislike/{w.objects['secret_comment'].pk}/"],
    "comments-xtd-dislike-done": lambda w: ["/fr/comments/disliked/"],
    "comments-post-comment": lambda w: ["/fr/comments/post/", "/fr/comments/post.json"],
    "comments-comment-done": lambda w: [f"/fr/comments/posted/?c={w.objects['secret_comment'].pk}"],
    "comments-flag-done": lambda w: [f"/fr/comments/flagged/?c={w.objects['secret_comment'].pk}"],
    "comments-delete": lambda w: [f"/fr/comments/delete/{w.objects['secret_comment'].pk}/"],
    "comments-delete-done": lambda w: [f"/fr/comments/deleted/?c={w.objects['secret_comment'].pk}"],
    "comments-approve": lambda w: [f"/fr/comments/approve/{w.objects['secret_comment'].pk}/"],
    "comments-approve-done": lambda w: [
        f"/fr/comments/approved/?c={w.objects['secret_comment'].pk}"
    ],
    "comments-url-redirect": lambda w: [
        f"/fr/comments/cr/{comment_ct(w)}/{w.restricted['guide'].pk}/"
    ],
    # Wagtail's front end: every page type, the routable sub-pages, documents.
    "wagtail_serve": lambda w: [
        *pages_of(w, "home", "resources", "guides", "talks", "jobs", "cases"),
        *pages_of(w, "guide", "talk", "job", "case", "events", "event"),
        w.pages["jobs"].url + "compare/",
        w.pages["jobs"].url + f"compare/?profiles={w.pages['job'].pk},{w.restricted['job'].pk}",
        w.pages["events"].url + "calendar/",
        w.pages["events"].url
        + f"calendar/{w.restricted['event'].start.year}/{w.restricted['event'].start.month}/",
        w.pages["events"].url + "?past=1",
        w.pages["resources"].url + "?sort=recent",
        *[page.url for page in w.restricted.values()],
        "/en/",
        "/fr/does-not-exist/",
    ],
    "wagtaildocs_serve": lambda w: [w.objects["public_doc"].url, w.objects["secret_doc"].url],
    "wagtaildocs_authenticate_with_password": lambda w: [
        f"/documents/authenticate_with_password/{w.objects['collection_restriction'].pk}/"
    ],
    "wagtailcore_authenticate_with_password": lambda w: [
        f"/fr/_util/authenticate_with_password/1/{w.restricted['guide'].pk}/"
    ],
    "wagtailcore_login": lambda w: ["/fr/_util/login/"],
}

#: URL patterns covered by a sample rather than one by one, and why.
COVERED_BY_PREFIX = {
    # Wagtail wraps every admin view in require_admin_access (login and the
    # "access admin" permission); our own admin views add their permission
    # checks. The sample below includes every admin view of ours.
    "admin/": "Wagtail admin: require_admin_access on every view",
}
ALLAUTH_REASON = "allauth: the sample covers the open and the logged-in pages"

ADMIN_SAMPLE = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/{guide}/edit/",
    "/admin/pages/{guide}/",
    "/admin/documents/",
    "/admin/documents/edit/{doc}/",
    "/admin/images/",
    "/admin/images/{image}/",
    "/admin/images/chooser/",
    "/admin/users/",
    "/admin/snippets/community/person/",
    "/admin/api/main/pages/",
    "/admin/localize/api/snippets/",
    "/admin/comments/",
    "/admin/comments/{comment}/approve/",
    "/admin/search-report/",
    "/admin/events/fill-rates/",
    "/admin/events/{event}/registrations/",
    "/admin/test404/",
    "/admin/anything/",
]

ALLAUTH_SAMPLE = [
    "/fr/account/login/",
    "/fr/account/logout/",
    "/fr/account/signup/",
    "/fr/account/inactive/",
    "/fr/account/reauthenticate/",
    "/fr/account/email/",
    "/fr/account/confirm-email/",
    "/fr/account/confirm-email/bad-key/",
    "/fr/account/password/change/",
    "/fr/account/password/set/",
    "/fr/account/password/reset/",
    "/fr/account/password/reset/done/",
    "/fr/account/password/reset/key/1-bad-key/",
    "/fr/account/password/reset/key/done/",
    "/fr/account/login/code/confirm/",
    "/en/account/login/",
]

#: Views a visitor may open (tests/core/test_url_access.py reviews them).
OPEN_TO_VISITORS = {
    "healthz",
    "set_language",
    "resources:feed_rss",
    "resources:feed_atom",
    "events:feed",
    "wagtailcore_login",
}


def all_patterns():
    return list(walk(get_resolver().url_patterns))


def build_urls(w):
    """[(pattern name, URL)] covering every pattern of the site."""
    urls = [(name, url) for name, build in BUILDERS.items() for url in build(w)]
    values = {
        "guide": w.restricted["guide"].pk,
        "doc": w.objects["secret_doc"].pk,
        "image": w.objects["secret_image"].pk,
        "comment": w.objects["secret_comment"].pk,
        "event": w.restricted["event"].pk,
    }
    urls += [("admin", url.format(**values)) for url in ADMIN_SAMPLE]
    urls += [("allauth", url) for url in ALLAUTH_SAMPLE]
    return urls


def body_of(response):
    if getattr(response, "streaming", False):
        # Reading to the end closes the response (Django's test client
        # wraps it); closing it again would close the database connection.
        content = b"".join(response.streaming_content)
        return content.decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def leaks(url, response, marks):
    """The private markers the response shows (body or Location), apart
    from the requested URL itself (conftest.without_echo)."""
    text = without_echo(body_of(response) + response.get("Location", ""), url).lower()
    return [mark for mark in marks if mark.lower() in text]


@pytest.fixture
def client():
    """A client that answers 500 like production instead of raising."""
    return Client(raise_request_exception=False)


def test_every_url_pattern_is_crawled():
    missing = sorted(
        {
            f"{name} ({route})"
            for name, route in all_patterns()
            if name not in BUILDERS
            and not route.startswith(tuple(COVERED_BY_PREFIX))
            and not name.startswith("account_")
        }
    )
    assert missing == [], (
        "URL patterns the security crawl does not visit: add them to BUILDERS in "
        f"tests/security/test_crawl.py: {missing}"
    )


def test_visitors_are_sent_to_log_in_and_see_nothing_private(client, world):
    bad = []
    for name, url in build_urls(world):
        response = client.get(url)
        status = response.status_code
        found = leaks(url, response, ["secret-marker"])
        if found:
            bad.append(f"{url}: shows {found}")
        if status >= 500:
            bad.append(f"{url}: {status}")
        elif name in OPEN_TO_VISITORS or (name == "allauth" and "/login" in url):
            continue
        elif name == "allauth":
            # allauth's pages for visitors (sign-up, password reset) answer 200;
            # those for members redirect to the login page.
            if status == 302 and "/login/" not in response["Location"]:
                bad.append(f"{url}: redirects to {response['Location']}")
        elif status == 302:
            if "/login/" not in response["Location"]:
                bad.append(f"{url}: redirects to {response['Location']}, not to log in")
        elif status not in (401, 403, 404, 405):
            bad.append(f"{url}: {status} to a visitor")
    assert bad == [], "\n".join(bad)


def test_a_member_outside_the_group_sees_nothing_restricted(client, world):
    client.force_login(world.users["outsider"])
    bad = []
    for _name, url in build_urls(world):
        if url.endswith(("/logout/", "/delete/")):
            continue
        response = client.get(url)
        if response.status_code >= 500:
            bad.append(f"{url}: {response.status_code}")
        found = leaks(url, response, ["secret-marker"])
        if found:
            bad.append(f"{url}: {response.status_code} shows {found}")
    refused = [page.url for page in world.restricted.values()]
    refused += [world.objects[name].url for name in ("secret_doc", "secret_rendition")]
    refused += [url for url, users in world.media.items() if "outsider" not in users]
    for url in refused:
        status = client.get(url).status_code
        if status not in (302, 403, 404):
            bad.append(f"{url}: {status}, not refused")
    assert bad == [], "\n".join(bad)


def test_a_member_of_the_group_sees_the_restricted_content(client, world):
    client.force_login(world.users["insider"])
    shown = {}
    for page in world.restricted.values():
        shown[page.url] = page.url
    shown["document"] = world.objects["secret_doc"].url
    shown["image"] = world.objects["secret_rendition"].url
    shown["ics"] = f"/fr/event/{world.restricted['event'].pk}/calendar.ics"
    shown["search"] = "/fr/search/?q=Guide"
    shown["calendar"] = f"/fr/calendar/{world.objects['insider_calendar']}.ics"
    shown["comments"] = world.restricted["guide"].url
    shown["listing"] = world.pages["guides"].url
    shown["events"] = world.pages["events"].url
    for what, url in shown.items():
        response = client.get(url)
        assert response.status_code == 200, (what, url, response.status_code)
        text = body_of(response)
        if what == "image":
            continue
        mark = COMMENT_MARK if what == "comments" else PAGE_MARK
        assert mark.lower() in text.lower(), (what, url)
    # Still no one else's hidden profile or proposal.
    for url in (
        f"/fr/members/{world.users['hidden'].pk}/",
        f"/fr/me/proposals/{world.objects['draft'].pk}/",
        "/fr/members/",
        "/fr/search/?q=Hector",
    ):
        response = client.get(url)
        assert leaks(url, response, [HIDDEN_MARK, PROPOSAL_MARK]) == [], url


def test_the_author_sees_their_own_proposal(client, world):
    client.force_login(world.users["author"])
    response = client.get(f"/fr/me/proposals/{world.objects['draft'].pk}/")
    assert response.status_code == 200
    assert PROPOSAL_MARK in response.content.decode()
