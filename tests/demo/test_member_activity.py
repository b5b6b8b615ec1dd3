"""The demo shows issue 17's member features: the demo member's bookmarks,
an event with listed attendees (never the hidden profile), speaker pages
and a flag with its reason."""

import pytest
from django.core.management import call_command
from django.test import Client

from community.models import Bookmark, CommentFlagReason, Person
from demo.loader import DEMO_PASSWORD
from events.models import Registration

pytestmark = pytest.mark.django_db


def test_the_demo_member_has_bookmarks_and_an_event_with_listed_attendees(client: Client):
    call_command("load_demo")
    call_command("load_demo")  # idempotent
    client.post("/fr/account/login/", {"login": "membre@cmhub.example", "password": DEMO_PASSWORD})
    assert Bookmark.objects.filter(member__email="membre@cmhub.example").count() >= 4
    html = client.get("/fr/me/bookmarks/").content.decode()
    assert html.count('class="bookmark"') >= 4

    listed = Registration.objects.filter(listed=True).select_related("event", "member")
    event = listed.first().event
    html = client.get(event.url).content.decode()
    assert "Qui vient" in html
    shown = [r.member for r in listed if r.member.profile.visible_in_directory]
    assert shown and all(member.get_full_name() in html for member in shown)
    hidden = [r.member for r in listed if not r.member.profile.visible_in_directory]
    assert hidden and not any(member.get_full_name() in html for member in hidden)

    assert CommentFlagReason.objects.exists()
    speaker = Person.objects.filter(locale__language_code="fr").first()
    assert client.get(speaker.get_absolute_url()).status_code == 200
