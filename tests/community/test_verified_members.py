"""Anyone can sign up with an address at a member institution's domain,
under any name: until they verify the address, nobody sees them anywhere
(directory, profile page, search, suggestions, digest)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community.models import User
from home.digest import members_due

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"
NAME = "Usurpatrice"


def sign_up(institution_client):
    # In French, whatever language the previous request of this process left
    # active (the confirmation link below is the French one).
    with translation.override("fr"):
        url = reverse("account_signup")
    response = institution_client.post(
        url,
        {
            "email": "fake.president@univ-test.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Présidente",
            "last_name": NAME,
        },
    )
    assert response.status_code == 302
    return User.objects.get(email="fake.president@univ-test.example")


def what_members_see(client, user):
    # Pages repeat the query: look for a link to the profile.
    profile_url = f"/fr/members/{user.pk}/"
    suggestions = client.get("/fr/search/suggest/", {"q": NAME[:5]}).json()["results"]
    return {
        "directory": profile_url in client.get("/fr/members/", {"q": NAME}).content.decode(),
        "profile": client.get(profile_url).status_code,
        "search": profile_url in client.get("/fr/search/", {"q": NAME}).content.decode(),
        "suggestions": any(NAME in item["title"] for item in suggestions),
        "digest": user in members_due(),
    }


def test_an_unverified_sign_up_appears_nowhere_until_verified(
    institution, member_client, mailoutbox
):
    user = sign_up(Client())

    assert what_members_see(member_client, user) == {
        "directory": False,
        "profile": 404,
        "search": False,
        "suggestions": False,
        "digest": False,
    }

    # The member confirms their address with the link they were sent.
    link = re.search(r"/fr/account/confirm-email/\S+/", mailoutbox[0].body).group(0)
    Client().post(link)

    assert what_members_see(member_client, user) == {
        "directory": True,
        "profile": 200,
        "search": True,
        "suggestions": True,
        "digest": True,
    }


def test_every_listing_of_members_uses_the_verified_queryset(institution, member):
    unverified = User.objects.create_user(
        username="x", email="x@univ-test.example", password=PASSWORD
    )
    assert member in User.objects.verified_members()
    assert unverified not in User.objects.verified_members()
    member.is_active = False
    member.save()
    assert member not in User.objects.verified_members()
