"""The demo member has follows and unread notifications, shown by the bell;
loading the demo again adds none and sends no e-mail."""

import pytest
from django.core.management import call_command
from django.test import Client

from community.models import User
from demo.comments import DEMO_MEMBER
from notifications.models import Follow, Notification
from tests.i18n.typography import typography_errors

pytestmark = pytest.mark.django_db


def test_the_demo_member_has_unread_notifications_and_follows(mailoutbox):
    call_command("load_demo")
    call_command("load_demo")
    member = User.objects.get(email=DEMO_MEMBER)
    kinds = set(
        Notification.objects.filter(recipient=member, read_at=None).values_list("kind", flat=True)
    )
    assert {"reply", "mention", "followed", "reminder", "proposal"} <= kinds
    assert Notification.objects.filter(recipient=member).count() == 5
    assert Follow.objects.filter(user=member).count() == 4
    assert not [m for m in mailoutbox if m.to == [DEMO_MEMBER]]
    client = Client()
    client.force_login(member)
    html = client.get("/fr/notifications/").content.decode()
    assert "5 non lues" in html
    assert "renvoyée pour modifications" in html
    # French typography in what the demo wrote ("Fiche : animer…" had a plain space).
    assert typography_errors(html) == []
    follows = client.get("/fr/follows/").content.decode()
    assert "Ne plus suivre" in follows
