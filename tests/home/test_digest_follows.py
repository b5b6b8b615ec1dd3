"""The weekly digest lists what was published in what the member follows,
in pages they may still see, unless they turned those notifications off."""

import pytest
from django.core import mail
from django.core.management import call_command

from notifications.follows import follow
from notifications.models import NotificationPreference
from resources.models import GuideIndexPage
from tests.notifications.helpers import restrict_to_editors
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db


def member_digest(member):
    call_command("send_digest")
    return next((email for email in mail.outbox if email.to == [member.email]), None)


def test_the_digest_lists_new_pages_in_a_followed_section(member, sections):
    section = sections[(GuideIndexPage, "fr")]
    follow(member, section)
    make_guide(section, 1, title="Organiser sa veille")
    email = member_digest(member)
    assert "Nouveau dans vos suivis" in email.body
    assert f"Nouveau dans {section.title}\u00a0: «\u00a0Organiser sa veille\u00a0»." in email.body


def test_a_restricted_page_is_in_no_part_of_the_digest(member, sections):
    """Neither in "new in what you follow" nor in "new resources" (the
    digest listed every new resource, restricted or not, before)."""
    section = sections[(GuideIndexPage, "fr")]
    follow(member, section)
    guide = make_guide(section, 1, title="Organiser sa veille")
    restrict_to_editors(guide)
    email = member_digest(member)
    assert email is None or "Organiser sa veille" not in email.body


def test_followed_news_turned_off_stays_out_of_the_digest(member, sections):
    section = sections[(GuideIndexPage, "fr")]
    follow(member, section)
    make_guide(section, 1, title="Organiser sa veille")
    NotificationPreference.objects.create(user=member, kind="followed", channel="off")
    email = member_digest(member)
    assert email is None or "Nouveau dans vos suivis" not in email.body
