"""The demo member has follows and unread notifications, shown by the bell;
loading the demo again adds none and sends no e-mail."""

import datetime
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale

from community.models import User
from contributions.models import Proposal, ProposalStatus
from demo.comments import DEMO_MEMBER
from events.reminders import send_reminders
from notifications.models import Follow, Notification
from resources.models import GuideIndexPage
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
    # In English, the followed section is named in English ("New in Fiches
    # conseil" stayed French: the demo did not say which section it was).
    english = unescape(client.get("/en/notifications/").content.decode())
    french_section = GuideIndexPage.objects.get(locale__language_code="fr")
    english_section = french_section.get_translation(Locale.objects.get(language_code="en"))
    assert f"New in {english_section.title}:" in english
    assert f"New in {french_section.title}" not in english


def test_the_demo_notifications_tell_the_truth(mailoutbox):
    """The reminder is about an event that starts within a day (tomorrow),
    and the sent-back proposal is the member's own, with the editor's
    words, where the notification leads."""
    call_command("load_demo")
    member = User.objects.get(email=DEMO_MEMBER)
    reminder = Notification.objects.get(recipient=member, kind="reminder")
    now = timezone.now()
    assert now < reminder.page.specific.start <= now + datetime.timedelta(hours=24)
    assert reminder.page.specific.registrations.filter(member=member).exists()
    # The scheduler will not send the demo member the same reminder again.
    send_reminders(now)
    assert Notification.objects.filter(recipient=member, kind="reminder").count() == 1
    assert not [m for m in mailoutbox if m.to == [DEMO_MEMBER]]

    (sent_back,) = Notification.objects.filter(recipient=member, kind="proposal")
    proposal = Proposal.objects.get(member=member, status=ProposalStatus.CHANGES_REQUESTED)
    assert sent_back.context["title"] == proposal.title
    client = Client()
    client.force_login(member)
    account = unescape(client.get("/fr/me/").content.decode())
    assert proposal.title in account  # in "Mes propositions"
    page = unescape(client.get(sent_back.url).content.decode())
    assert proposal.title in page and "proposal-feedback" in page
    assert proposal.feedback.split("\u00a0")[0] in page
