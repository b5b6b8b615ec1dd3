"""English pages follow the glossary too (docs/glossary.md): "e-mail",
never "email", in the strings allauth brings (login, sign-up, e-mail
addresses), overridden by locale/en."""

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
