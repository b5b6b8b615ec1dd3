"""English pages follow the glossary too (docs/glossary.md): "e-mail",
never "email", in the strings allauth brings (login, sign-up, e-mail
addresses), overridden by locale/en."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_english_login_and_password_reset_pages_say_e_mail(client):
    login = client.get("/en/account/login/").content.decode()
    reset = client.get("/en/account/password/reset/").content.decode()

    assert '<label for="id_login">E-mail:</label>' in login
    assert 'placeholder="E-mail address"' in login
    assert '<label for="id_remember">Remember me</label>' in login
    assert '<label for="id_email">E-mail:</label>' in reset
    for html in (login, reset):
        assert ">Email" not in html and '"Email' not in html and " email" not in html


def test_the_e_mail_addresses_page_in_both_languages(member_client):
    """The e-mail addresses page (allauth's) shows "Verified" and "Primary"
    as the site's badges (they ran into the address as plain bold text) and
    its English says "e-mail", in sentence case."""
    french = member_client.get("/fr/account/email/").content.decode()
    assert re.search(r'<span class="badge badge--success"[^>]*>\s*Vérifiée\s*</span>', french)

    english = member_client.get("/en/account/email/").content.decode()
    assert "The following e-mail addresses are associated with your account:" in english
    assert "Make primary" in english and "Make Primary" not in english
