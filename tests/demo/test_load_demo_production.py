"""load_demo on a production site (DEBUG off): it refuses without
--allow-production, and with it no account has the published demo password
and no demo superuser exists."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from demo.loader import DEMO_PASSWORD
from resources.models import GuidePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.DEMO_SITE = False  # only the test settings set it


def users_with_demo_password():
    return [
        user.email for user in get_user_model().objects.all() if user.check_password(DEMO_PASSWORD)
    ]


def test_load_demo_refuses_to_run_with_debug_off(production, capsys):
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()
    assert not GuidePage.objects.exists()
    with pytest.raises(CommandError):
        call_command("load_demo", "--logins-only")
    assert DEMO_PASSWORD not in capsys.readouterr().out


def test_with_the_flag_the_content_loads_but_nobody_can_sign_in_with_the_demo_password(
    production, client, capsys
):
    call_command("load_demo", "--allow-production")
    out = capsys.readouterr().out

    assert GuidePage.objects.live().exists()
    assert get_user_model().objects.filter(email="membre@cmhub.example").exists()
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    assert users_with_demo_password() == []
    assert DEMO_PASSWORD not in out
    assert "createsuperuser" in out
    response = client.post(
        "/fr/account/login/", {"login": "membre@cmhub.example", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session


def test_the_flag_disarms_demo_accounts_left_by_an_earlier_load(settings, production):
    settings.DEMO_SITE = True  # a demo loaded while the site was a test site...
    call_command("load_demo")
    assert "admin@cmhub.example" in users_with_demo_password()

    settings.DEMO_SITE = False  # ...then the same database goes to production
    call_command("load_demo", "--allow-production")

    assert users_with_demo_password() == []
