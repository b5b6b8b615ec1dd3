"""Invitations: sent by editors from the admin, let any address sign up."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from community.models import Invitation, MemberProfile, User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"
ADD_URL = "wagtailsnippets_community_invitation:add"
LIST_URL = "wagtailsnippets_community_invitation:list"


def signup(client, url, email):
    return client.post(
        url,
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Sam",
            "last_name": "Roy",
        },
    )


def test_editor_invites_from_the_admin_and_the_email_carries_the_link(
    editor_client, editor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse(ADD_URL),
            {"email": "sam@freelance.example", "expires_at": "2099-01-01 12:00"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == editor
    assert invitation.is_pending
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sam@freelance.example"]
    assert f"/fr/account/signup/?invitation={invitation.token}" in mailoutbox[0].body
    assert f"/en/account/signup/?invitation={invitation.token}" in mailoutbox[0].body

    listing = editor_client.get(reverse(LIST_URL))
    assert "sam@freelance.example" in listing.content.decode()


def test_members_cannot_reach_invitations(member_client):
    assert member_client.get(reverse(ADD_URL)).status_code in (302, 403)


def test_moderators_cannot_invite(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse(ADD_URL)).status_code in (302, 403)
    assert Group.objects.get(name="Editors").permissions.filter(codename="add_invitation").exists()


def test_invited_address_signs_up_whatever_its_domain(client, editor, mailoutbox):
    invitation = Invitation.objects.create(email="Sam@Freelance.example", invited_by=editor)
    url = reverse("account_signup") + f"?invitation={invitation.token}"
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Sam@Freelance.example"' in page.content.decode()

    response = signup(client, reverse("account_signup"), "sam@freelance.example")
    assert response.status_code == 302
    user = User.objects.get(email="sam@freelance.example")
    assert user.groups.filter(name="Members").exists()
    assert MemberProfile.objects.get(user=user).institution is None
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    # Verification is still required before the first login.
    assert "_auth_user_id" not in client.session
    assert re.search(r"/account/confirm-email/", mailoutbox[-1].body)


def test_only_the_invited_address_gets_in(client, editor, make_institution):
    make_institution()
    invitation = Invitation.objects.create(email="sam@freelance.example", invited_by=editor)
    client.get(reverse("account_signup") + f"?invitation={invitation.token}")
    response = signup(client, reverse("account_signup"), "other@freelance.example")
    assert response.status_code == 200
    assert not User.objects.filter(email="other@freelance.example").exists()


def test_expired_or_used_invitations_close_signup(client, editor):
    expired = Invitation.objects.create(
        email="old@freelance.example",
        invited_by=editor,
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    response = client.get(reverse("account_signup") + f"?invitation={expired.token}")
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    response = signup(client, reverse("account_signup"), "old@freelance.example")
    assert not User.objects.filter(email="old@freelance.example").exists()

    used = Invitation.objects.create(
        email="used@freelance.example", invited_by=editor, accepted_at=timezone.now()
    )
    response = client.get(reverse("account_signup") + f"?invitation={used.token}")
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    response = client.get(reverse("account_signup") + "?invitation=forged")
    assert "account/signup_closed.html" in [t.name for t in response.templates]
