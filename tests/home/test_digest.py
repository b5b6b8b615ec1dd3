"""The weekly digest e-mail: who gets it, what it lists, in which language."""

import datetime

import pytest
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import Locale

from community.models import MemberProfile
from home.digest import members_due
from resources.models import GuideIndexPage
from tests.events.factories import add_event_index, add_workshop
from tests.resources.factories import make_guide, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(sections, home_pages):
    french_home, _english_home = home_pages
    french = Locale.objects.get(language_code="fr")
    english = Locale.objects.get(language_code="en")
    crisis = make_topic(french, "crise", "Gestion de crise")
    crisis_en = crisis.copy_for_translation(english)
    crisis_en.name, crisis_en.slug = "Crisis management", "crisis"
    crisis_en.save()
    monitoring = make_topic(french, "veille", "Veille")
    guides = sections[(GuideIndexPage, "fr")]
    crisis_guide = make_guide(guides, 1, title="Réagir à un bad buzz", topics=[crisis])
    other_guide = make_guide(guides, 2, title="Organiser sa veille", topics=[monitoring])
    english_guide = make_guide(
        sections[(GuideIndexPage, "en")], 3, title="Handling a backlash", topics=[crisis_en]
    )
    event = add_workshop(
        add_event_index(french_home),
        timezone.now() + datetime.timedelta(days=10),
        title="Atelier e-réputation",
        slug="atelier-e-reputation",
        capacity=10,
        venue="Maison de l'étudiant",
    )
    return {
        "crisis": crisis,
        "crisis_guide": crisis_guide,
        "other_guide": other_guide,
        "english_guide": english_guide,
        "event": event,
    }


def follow(user, *topics, **fields):
    profile = MemberProfile.for_user(user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    profile.topics.set(topics)
    return profile


def test_weekly_digest_lists_followed_resources_events_and_discussions(
    member, make_member, content, mailoutbox
):
    follow(member, content["crisis"])
    commenter = make_member("alex@univ-test.example", first_name="Alex")
    XtdComment.objects.create(
        content_object=content["other_guide"],
        site=Site.objects.get_current(),
        user=commenter,
        comment="Merci pour ce guide !",
        submit_date=timezone.now(),
    )
    call_command("send_digest")
    # The commenter has no profile yet: the default (weekly) applies to them too.
    assert sorted(email.to[0] for email in mailoutbox) == sorted([member.email, commenter.email])
    email = next(email for email in mailoutbox if email.to == [member.email])
    assert "Réagir à un bad buzz" in email.body
    assert "Atelier e-réputation" in email.body
    # Not followed, but discussed this week.
    assert "Organiser sa veille" in email.body
    assert "Handling a backlash" not in email.body
    assert "/fr/me/profile/" in email.body


def test_digest_follows_every_topic_when_none_is_chosen(member, content, mailoutbox):
    follow(member)
    call_command("send_digest")
    assert "Organiser sa veille" in mailoutbox[0].body
    assert "Réagir à un bad buzz" in mailoutbox[0].body


def test_digest_is_written_in_the_member_language(make_member, content, mailoutbox):
    member = make_member("sam@univ-test.example", preferred_language="en")
    follow(member, content["crisis"])
    call_command("send_digest")
    body = mailoutbox[0].body
    assert "Handling a backlash" in body
    assert "Réagir à un bad buzz" not in body
    assert "New resources" in body
    assert "/en/me/profile/" in body


def test_never_means_no_digest(member, content, mailoutbox):
    follow(member, digest_frequency="never")
    call_command("send_digest")
    assert mailoutbox == []


def test_members_without_a_profile_get_the_default_weekly_digest(member, content, mailoutbox):
    call_command("send_digest")
    assert [email.to for email in mailoutbox] == [[member.email]]


def test_digest_is_sent_once_a_week(member, content, mailoutbox):
    follow(member)
    call_command("send_digest")
    call_command("send_digest")
    assert len(mailoutbox) == 1
    assert not members_due().filter(pk=member.pk).exists()
    later = timezone.now() + datetime.timedelta(days=7)
    assert members_due(later).filter(pk=member.pk).exists()


def test_nothing_new_means_no_email(member, sections, mailoutbox):
    follow(member)
    call_command("send_digest")
    assert mailoutbox == []
    assert MemberProfile.objects.get(user=member).digest_sent_at is not None


def test_inactive_members_get_no_digest(member, content, mailoutbox):
    follow(member)
    member.is_active = False
    member.save()
    call_command("send_digest")
    assert mailoutbox == []


@override_settings(WAGTAILADMIN_BASE_URL="https://intranet.example.org")
def test_digest_links_to_the_address_members_use(member, content, mailoutbox):
    """Not to the Wagtail Site record's hostname (localhost on a fresh site)."""
    follow(member, content["crisis"])
    call_command("send_digest")
    body = mailoutbox[0].body
    assert "https://intranet.example.org/fr/" in body
    assert "https://intranet.example.org/fr/me/profile/" in body
    assert "localhost" not in body
