"""Every state-changing POST needs the CSRF token; whatever a member types
is shown escaped; a member outside a group cannot act on a restricted page."""

import pytest
from django.test import Client
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from community.models import MemberProfile
from contributions.models import Proposal
from events.models import CalendarFeed, Registration
from resources.models import ResourceFeedToken
from tests.community.comment_helpers import form_data, set_site_settings
from tests.contributions.test_proposals import form_data as proposal_data

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"


def state(world):
    """Everything the POSTs below could change."""
    outsider = world.users["outsider"]
    profile = MemberProfile.objects.get(user=outsider)
    return {
        "comments": list(XtdComment.objects.values_list("pk", "comment", "is_removed")),
        "flags": CommentFlag.objects.count(),
        "registrations": list(Registration.objects.values_list("pk", "status")),
        "profile": (profile.bio, profile.job_title, profile.website),
        "proposals": list(Proposal.objects.values_list("pk", "title", "status")),
        "feed": ResourceFeedToken.objects.get(user=outsider).token,
        "calendar": CalendarFeed.objects.get(member=outsider).token,
        "time_zone": type(outsider).objects.get(pk=outsider.pk).time_zone,
        "active": type(outsider).objects.get(pk=outsider.pk).is_active,
    }


def test_every_post_endpoint_needs_the_csrf_token(world):
    set_site_settings(hold_first_comments=0)
    client = Client(enforce_csrf_checks=True)
    outsider = world.users["outsider"]
    client.force_login(outsider)
    guide, event = world.pages["guide"], world.pages["event"]
    comment = world.objects["comment"]
    before = state(world)
    posts = {
        "/fr/comments/post/": form_data(guide, "Sans jeton"),
        f"/fr/comments/{comment.pk}/edit/": {"comment": "Modifié"},
        f"/fr/comments/{comment.pk}/delete/": {},
        f"/fr/comments/flag/{comment.pk}/": {},
        f"/fr/comments/like/{comment.pk}/": {},
        f"/fr/comments/dislike/{comment.pk}/": {},
        f"/fr/event/{event.pk}/register/": {},
        f"/fr/event/{event.pk}/cancel/": {},
        "/fr/me/profile/": {"bio": "Changé", "job_title": "Changé"},
        "/fr/me/share/guide/": proposal_data("guide", action="save"),
        f"/fr/me/proposals/{world.objects['own_draft'].pk}/": proposal_data(
            "guide", action="save", title="Changé"
        ),
        "/fr/me/feed/regenerate/": {},
        "/fr/me/events/calendar-address/": {},
        "/fr/me/time-zone/": {"time_zone": "America/Toronto"},
        "/fr/me/delete/": {"confirm_email": outsider.email},
        "/i18n/setlang/": {"language": "en", "next": "/en/"},
        "/fr/account/logout/": {},
        "/fr/account/email/": {"email": "other@univ-test.example", "action_add": "1"},
        "/fr/account/password/change/": {
            "oldpassword": "a-long-test-password-42",
            "password1": "x-new-long-password-99",
            "password2": "x-new-long-password-99",
        },
    }
    accepted = []
    for url, data in posts.items():
        response = client.post(url, data)
        if response.status_code != 403:
            accepted.append(f"{url}: {response.status_code}")
    assert accepted == [], accepted
    assert state(world) == before
    assert client.get("/fr/me/").status_code == 200  # still logged in, in French
    assert client.cookies.get("django_language") is None


def test_the_admin_posts_need_the_csrf_token_too(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["editor"])
    guide = world.pages["guide"]
    for url in (
        f"/admin/pages/{guide.pk}/unpublish/",
        f"/admin/pages/{guide.pk}/delete/",
        "/admin/search-report/promote/",
    ):
        assert client.post(url, {}).status_code == 403, url
    guide.refresh_from_db()
    assert guide.live


def test_an_outsider_cannot_act_on_a_restricted_page(client, world):
    set_site_settings(hold_first_comments=0)
    client.force_login(world.users["outsider"])
    secret, event = world.restricted["guide"], world.restricted["event"]
    comments = XtdComment.objects.count()
    assert client.post("/fr/comments/post/", form_data(secret, "Je passe")).status_code == 404
    reply = form_data(secret, "Je réponds", reply_to=world.objects["secret_comment"].pk)
    assert client.post("/fr/comments/post/", reply).status_code == 404
    assert client.post(f"/fr/event/{event.pk}/register/").status_code == 404
    assert XtdComment.objects.count() == comments
    assert not Registration.objects.filter(member=world.users["outsider"], event=event).exists()
    # The member of the group may.
    client.force_login(world.users["insider"])
    assert client.post("/fr/comments/post/", form_data(secret, "Bienvenue")).status_code == 302
    assert XtdComment.objects.count() == comments + 1


def assert_escaped(html, payloads=(SCRIPT, IMG)):
    for payload in payloads:
        assert payload not in html, payload
    assert "<script>alert" not in html
    assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert 'href="javascript:' not in html.lower()


def test_hostile_comments_are_shown_escaped(client, world):
    set_site_settings(hold_first_comments=0)
    client.force_login(world.users["outsider"])
    guide = world.pages["guide"]
    text = f"{SCRIPT} {IMG} [lien]({JS_URL}) {JS_URL} <a href='{JS_URL}'>x</a> https://ok.example"
    response = client.post("/fr/comments/post/", form_data(guide, text))
    assert response.status_code == 302
    html = client.get(guide.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_escaped(html)
    assert 'href="https://ok.example"' in html  # plain links still become links
    comment = XtdComment.objects.latest("pk")
    edit = client.post(f"/fr/comments/{comment.pk}/edit/", {"comment": f"{IMG} {SCRIPT}"})
    assert edit.status_code == 302
    assert_escaped(client.get(guide.url).content.decode())
    assert_escaped(client.get("/fr/").content.decode())  # recent discussions


def test_hostile_profile_fields_are_escaped_and_javascript_urls_refused(client, world):
    outsider = world.users["outsider"]
    client.force_login(outsider)
    response = client.post(
        "/fr/me/profile/",
        {
            "job_title": IMG,
            "bio": f"{SCRIPT}\n{JS_URL}",
            "website": JS_URL,
            "linkedin_url": JS_URL,
            "digest_frequency": "weekly",
            "visible_in_directory": "on",
            "show_social": "on",
        },
    )
    assert response.status_code == 200  # the form comes back: javascript: is no address
    assert response.context["form"].errors.keys() >= {"website", "linkedin_url"}
    response = client.post(
        "/fr/me/profile/",
        {
            "job_title": IMG,
            "bio": f"{SCRIPT}\n{JS_URL}",
            "website": "https://blog.example/?q=<b>",
            "digest_frequency": "weekly",
            "visible_in_directory": "on",
            "show_social": "on",
        },
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=outsider)
    assert profile.job_title == IMG
    for url in (f"/fr/members/{outsider.pk}/", "/fr/members/", "/fr/members/?q=img"):
        client.force_login(world.users["insider"])
        assert_escaped(client.get(url).content.decode())


def test_hostile_proposals_and_searches_are_escaped(client, world):
    client.force_login(world.users["outsider"])
    data = proposal_data("guide", action="save", title=IMG, summary=SCRIPT, checklist=JS_URL)
    response = client.post("/fr/me/share/guide/", data)
    assert response.status_code == 302
    assert_escaped(client.get(response["Location"]).content.decode())
    assert_escaped(client.get("/fr/me/").content.decode())
    for params in ({"q": SCRIPT}, {"q": IMG}, {"q": JS_URL}, {"q": "x", "sort": IMG}):
        html = client.get("/fr/search/", params).content.decode()
        assert_escaped(html)
    suggest = client.get("/fr/search/suggest/", {"q": SCRIPT})
    assert suggest["Content-Type"] == "application/json"
    for params in ({"q": IMG}, {"topic": SCRIPT}, {"institution": IMG}):
        assert_escaped(client.get("/fr/members/", params).content.decode())
        assert_escaped(client.get(world.pages["guides"].url, params).content.decode())
        assert_escaped(client.get(world.pages["events"].url, params).content.decode())
