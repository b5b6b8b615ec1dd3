"""load_demo builds the whole demo and can run again without duplicating it."""

import pytest
from django.core.management import call_command
from django.test import Client

from community.models import Institution, Person, Topic, User
from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_prints_logins(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = (
        Institution.objects.count(),
        Person.objects.count(),
        Topic.objects.count(),
        User.objects.count(),
        HomePage.objects.count(),
    )
    call_command("load_demo")
    capsys.readouterr()
    assert counts == (
        Institution.objects.count(),
        Person.objects.count(),
        Topic.objects.count(),
        User.objects.count(),
        HomePage.objects.count(),
    )
    assert counts[0] >= 12
    assert {"FR", "CA"} <= set(Institution.objects.values_list("country", flat=True))
    assert len(set(Institution.objects.values_list("kind", flat=True))) >= 5
    assert (
        Person.objects.filter(locale__language_code="en").count()
        == Person.objects.filter(locale__language_code="fr").count()
    )
    assert "[1/" in first
    assert "membre@cmhub.example" in first
    assert "editrice@cmhub.example" in first
    assert "moderateur@cmhub.example" in first


def test_demo_accounts_can_log_in(client: Client):
    call_command("load_demo")
    from home.demo.loader import DEMO_PASSWORD

    for email in ("membre@cmhub.example", "editrice@cmhub.example", "moderateur@cmhub.example"):
        client.logout()
        response = client.post("/fr/account/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert client.get("/fr/").status_code == 200
    assert User.objects.get(email="editrice@cmhub.example").has_perm("wagtailadmin.access_admin")
