"""Joining: institution domains, e-mail verification, rate limits."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from community.models import MemberProfile, User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"


def signup_data(email, **extra):
    return {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Léa",
        "last_name": "Martin",
        **extra,
    }


def test_signup_is_closed_without_any_institution_domain(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]


def test_signup_page_is_public_and_asks_names(client, institution):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="first_name"' in content
    assert 'name="last_name"' in content
    assert "account/signup.html" in [t.name for t in response.templates]


def test_unknown_domain_is_refused_with_a_clear_message(client, institution):
    response = client.post(reverse("account_signup"), signup_data("lea@gmail.example"))
    assert response.status_code == 200
    assert not User.objects.filter(email="lea@gmail.example").exists()
    assert response.context["form"].has_error("email", code="domain_not_allowed")


def test_unknown_domain_message_in_english(client, institution):
    response = client.post(
        reverse("account_signup").replace("/fr/", "/en/"), signup_data("lea@gmail.example")
    )
    assert "use your work e-mail address" in response.content.decode()


def test_institution_domain_signs_up_then_verifies_before_login(client, institution, mailoutbox):
    response = client.post(reverse("account_signup"), signup_data("Lea.Martin@UNIV-TEST.example"))
    assert response.status_code == 302
    user = User.objects.get(email__iexact="lea.martin@univ-test.example")
    assert (user.first_name, user.last_name) == ("Léa", "Martin")
    assert list(user.groups.values_list("name", flat=True)) == ["Members"]
    assert MemberProfile.objects.get(user=user).institution == institution
    # Not logged in until the address is verified.
    assert "_auth_user_id" not in client.session
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/account/confirm-email/\S+/", mailoutbox[0].body).group(0)

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    client.post(link.split("testserver")[-1])
    assert EmailAddress.objects.get(user=user).verified
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_is_rate_limited_per_ip(client, institution):
    url = reverse("account_signup")
    statuses = [
        client.post(url, signup_data(f"bad{n}@elsewhere.example")).status_code for n in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_failed_logins_are_rate_limited_per_address(client, member):
    url = reverse("account_login")
    for _attempt in range(5):
        client.post(url, {"login": member.email, "password": "wrong-password"})
    response = client.post(url, {"login": member.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert response.context["form"].errors


def test_a_few_failed_logins_do_not_lock_the_member_out(client, member):
    url = reverse("account_login")
    for _attempt in range(4):
        client.post(url, {"login": member.email, "password": "wrong-password"})
    client.post(url, {"login": member.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(member.pk)


def test_password_reset_is_not_held_to_the_domain_rule(client, member, mailoutbox):
    """Existing members keep resetting their password, whatever their domain."""
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1


def test_the_login_page_says_who_may_join_and_links_to_sign_up(client):
    with translation.override("fr"):  # whatever language an earlier test left active
        login, signup = reverse("account_login"), reverse("account_signup")
    html = client.get(login).content.decode()
    assert f'href="{signup}"' in html
    assert "établissements membres" in html  # who may join
    assert "Créer mon compte" in html


@override_settings(CMHUB_CONTACT_EMAIL="aide@cmhub.example")
@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("fr", "Si vous ne parvenez pas à réinitialiser votre mot de passe, écrivez à"),
        ("en", "If you cannot reset your password, write to"),
    ],
)
def test_the_password_reset_pages_say_whom_to_write_to(client, language, sentence):
    """ "Contact us" with no address left a member locked out with nowhere to turn."""
    link = '<a href="mailto:aide@cmhub.example">aide@cmhub.example</a>'
    for path in ("/account/password/reset/", "/account/password/reset/done/"):
        html = client.get(f"/{language}{path}").content.decode()
        assert f"{sentence} {link}." in html, path
        assert "Please contact us" not in html, path
