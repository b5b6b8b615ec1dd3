"""@mentions and replies in comments: who may be mentioned (the members
the directory lists), the autocomplete, the link to the profile, and one
notification per mention (an edit never notifies again); a reply notifies
the parent's author; a moderator's removal notifies the author with the
reason."""

# Fixtures come from comment_helpers; tests take them as arguments.
# ruff: noqa: F811

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from community.models import MemberProfile
from notifications.models import Notification

from .comment_helpers import add_comment, guide, post_comment, publish_at_once  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("publish_at_once")]


@pytest.fixture
def claire(make_member):
    """A member the directory lists (her profile exists)."""
    claire = make_member("claire@univ-test.example", first_name="Claire", last_name="Martin")
    MemberProfile.for_user(claire)
    return claire


def suggest(client, query):
    response = client.get(reverse("members:mention_suggestions"), {"q": query})
    assert response.status_code == 200
    return response.json()["results"]


def test_the_autocomplete_offers_listed_members_only(member_client, claire, make_member):
    hidden = make_member("clara@univ-test.example", first_name="Clara", last_name="Caché")
    MemberProfile.for_user(hidden)
    MemberProfile.objects.filter(user=hidden).update(visible_in_directory=False)
    unverified = make_member("clement@univ-test.example", first_name="Clément", last_name="Neuf")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    results = suggest(member_client, "cl")
    assert [result["name"] for result in results] == ["Claire Martin"]
    assert results[0]["token"] == f"@[Claire Martin]({claire.pk})"
    assert suggest(member_client, "c") == []  # two letters at least


def test_a_mention_links_to_the_profile_and_notifies_once(member_client, guide, claire):
    post_comment(member_client, guide, f"Merci @[Claire Martin]({claire.pk}) pour le lien.")
    comment = XtdComment.objects.get()
    html = member_client.get(guide.url).content.decode()
    profile = reverse("members:profile", args=[claire.pk])
    assert f'<a class="mention" href="{profile}">@Claire Martin</a>' in html
    (notification,) = Notification.objects.filter(recipient=claire)
    assert notification.kind == "mention"
    assert notification.url == f"{guide.url}#c{comment.pk}"

    member_client.post(
        f"/fr/comments/{comment.pk}/edit/",
        {"comment": f"Merci @[Claire Martin]({claire.pk}), vraiment."},
    )
    assert XtdComment.objects.get().comment.endswith("vraiment.")
    assert Notification.objects.filter(recipient=claire).count() == 1


def test_a_hidden_profile_is_never_mentioned(member_client, guide, claire):
    MemberProfile.for_user(claire)
    MemberProfile.objects.filter(user=claire).update(visible_in_directory=False)
    post_comment(member_client, guide, f"Merci @[Claire Martin]({claire.pk}).")
    assert XtdComment.objects.get().comment == "Merci @Claire Martin."
    assert 'class="mention"' not in member_client.get(guide.url).content.decode()
    assert not Notification.objects.filter(recipient=claire).exists()


def test_a_mention_is_plain_text_and_escaped(member_client, guide):
    post_comment(member_client, guide, "Voir @[<b>Claire</b>](3) et @[Léo](99999).")
    assert XtdComment.objects.get().comment == "Voir @[<b>Claire</b>](3) et @Léo."
    html = member_client.get(guide.url).content.decode()
    assert "@[&lt;b&gt;Claire&lt;/b&gt;](3)" in html
    assert 'class="mention"' not in html


def test_a_reply_notifies_the_parents_author(member_client, guide, claire):
    parent = add_comment(guide, claire, "Une question sur les lives.")
    post_comment(member_client, guide, "Voici la réponse.", reply_to=parent.pk)
    (notification,) = Notification.objects.filter(recipient=claire)
    assert notification.kind == "reply"
    assert "Camille Durand a répondu à votre commentaire" in notification.text()


def test_a_moderators_removal_notifies_the_author_with_the_reason(moderator, guide, claire):
    comment = add_comment(guide, claire, "Promo !")
    client = Client()
    client.force_login(moderator)
    client.post(f"/admin/comments/{comment.pk}/remove/", {"reason": "Publicité"})
    (notification,) = Notification.objects.filter(recipient=claire)
    assert notification.kind == "moderation"
    assert "Motif\u00a0: Publicité" in notification.text()
    assert "Hugo" not in notification.text()  # the moderator stays anonymous


def test_the_autocomplete_is_rate_limited_per_member(
    client, claire, make_member, settings, mid_minute, monkeypatch
):
    settings.MENTION_AUTOCOMPLETE_RATE_LIMIT = 5
    first, second = make_member("a@univ-test.example"), make_member("b@univ-test.example")
    client.force_login(first)
    url = reverse("members:mention_suggestions")
    for _ in range(5):
        assert client.get(url, {"q": "cl"}).status_code == 200
    response = client.get(url, {"q": "cl"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json() == {
        "error": "Vous demandez des suggestions très rapidement. Attendez une minute.",
        "results": [],
    }
    english = client.get(url.replace("/fr/", "/en/", 1), {"q": "cl"})
    assert english.status_code == 429
    assert english.json()["error"] == (
        "You are asking for suggestions very quickly. Please wait a minute."
    )
    # Another member is not affected, nor the first one the next minute.
    client.force_login(second)
    assert suggest(client, "cl")[0]["name"] == "Claire Martin"
    client.force_login(first)
    later = mid_minute + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert suggest(client, "cl")[0]["name"] == "Claire Martin"
