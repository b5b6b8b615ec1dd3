"""Notifications in the site: created in their cause's transaction, never
about a page the member may not see, the header's bell (a cached count),
the notifications page (mark one or all read, paginated) and preferences."""

import datetime
import re

import pytest
from django.db import transaction
from django.urls import reverse

from notifications.api import notify, unread_count
from notifications.models import Notification, NotificationPreference

from .helpers import restrict_to_editors

pytestmark = pytest.mark.django_db


def test_a_notification_names_who_did_what_where(member, other, guide):
    notification = notify(member, "reply", guide, actor=other)
    assert notification.text() == (
        "Léa Morel a répondu à votre commentaire sur «\u00a0Guide des lives Instagram\u00a0»."
    )
    assert notification.url == guide.url


def test_nobody_is_notified_of_what_they_did_themself(member, guide):
    assert notify(member, "reply", guide, actor=member) is None
    assert not Notification.objects.exists()


def test_not_at_all_means_no_notification(member, other, guide):
    NotificationPreference.objects.create(user=member, kind="reply", channel="off")
    assert notify(member, "reply", guide, actor=other) is None
    assert not Notification.objects.exists()


def test_no_notification_about_a_page_the_member_may_not_see(member, other, guide):
    restrict_to_editors(guide)
    assert notify(member, "reply", guide, actor=other) is None
    assert not Notification.objects.exists()


def test_a_key_is_notified_once(member, other, guide):
    assert notify(member, "mention", guide, actor=other, key="mention:1") is not None
    assert notify(member, "mention", guide, actor=other, key="mention:1") is None
    assert Notification.objects.count() == 1


def test_a_rolled_back_cause_leaves_no_notification(member, other, guide, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(member, "mention", guide, actor=other)
        raise RuntimeError("the cause failed")
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_the_bell_shows_the_unread_count_and_follows_changes(member_client, member, other, guide):
    html = member_client.get(reverse("notifications:list")).content.decode()
    assert "non lue" not in html
    notify(member, "reply", guide, actor=other)
    notify(member, "mention", guide, actor=other)
    html = member_client.get(guide.url).content.decode()
    assert "2 non lues" in html
    member_client.post(reverse("notifications:mark_all_read"))
    html = member_client.get(guide.url).content.decode()
    assert "non lue" not in html


def test_the_bell_is_an_icon_with_the_number_and_the_list_says_how_long_ago(
    member_client, member, other, guide
):
    """The bell was an emoji (a blank box where no emoji font is installed)
    with "2 non lues" in the badge, which covered the language buttons on a
    phone; a new notification read "0 minute"."""
    notify(member, "reply", guide, actor=other)
    notify(member, "mention", guide, actor=other)
    html = member_client.get(reverse("notifications:list")).content.decode()
    assert "\N{BELL}" not in html
    assert '<svg class="notification-bell__icon"' in html
    assert '<span class="notification-bell__count" aria-hidden="true">2</span>' in html
    assert '<span class="visually-hidden">2 non lues</span>' in html
    assert html.count("il y a moins d&#x27;une minute") == 2
    assert "0\u00a0minute" not in html and "0 minute" not in html


def test_the_count_is_cached_until_a_change(member, other, guide, django_assert_num_queries):
    notify(member, "reply", guide, actor=other)
    assert unread_count(member) == 1
    with django_assert_num_queries(0):
        assert unread_count(member) == 1
    notify(member, "mention", guide, actor=other)
    assert unread_count(member) == 2


def test_the_page_lists_marks_one_and_all_read(member_client, member, other, guide):
    first = notify(member, "reply", guide, actor=other)
    second = notify(member, "mention", guide, actor=other)
    response = member_client.get(reverse("notifications:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Léa Morel vous a mentionné" in html and "Tout marquer comme lu" in html

    response = member_client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_read and not second.is_read

    member_client.post(reverse("notifications:mark_all_read"))
    second.refresh_from_db()
    assert second.is_read
    assert unread_count(member) == 0


def test_opening_a_notification_marks_it_read_and_goes_there(member_client, member, other, guide):
    notification = notify(member, "reply", guide, actor=other)
    response = member_client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == guide.url
    notification.refresh_from_db()
    assert notification.is_read


def test_nobody_reads_or_marks_another_members_notifications(client, member, other, guide):
    notification = notify(member, "reply", guide, actor=other)
    client.force_login(other)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    client.post(reverse("notifications:mark_read", args=[notification.pk]))
    notification.refresh_from_db()
    assert not notification.is_read
    assert "Léa Morel a répondu" not in client.get(reverse("notifications:list")).content.decode()


def test_marking_read_needs_a_post(member_client, member, other, guide):
    notification = notify(member, "reply", guide, actor=other)
    assert (
        member_client.get(reverse("notifications:mark_read", args=[notification.pk])).status_code
        == 405
    )


def test_a_page_restricted_after_the_notification_is_no_longer_listed(
    member_client, member, other, guide
):
    notify(member, "reply", guide, actor=other)
    restrict_to_editors(guide)
    html = member_client.get(reverse("notifications:list")).content.decode()
    assert "Guide des lives Instagram" not in html
    assert member_client.get(reverse("notifications:open", args=[1])).status_code == 404


def test_the_list_is_paginated(member_client, member, other, guide):
    for number in range(25):
        notify(member, "mention", guide, actor=other, key=f"k{number}")
    first_page = member_client.get(reverse("notifications:list")).content.decode()
    assert first_page.count('class="notification ') == 20
    second = member_client.get(reverse("notifications:list") + "?page=2").content.decode()
    assert second.count('class="notification ') == 5


def test_preferences_are_saved_per_kind(member_client, member):
    response = member_client.post(
        reverse("notifications:preferences"), {"kind-reply": "email", "kind-followed": "off"}
    )
    assert response.status_code == 302
    chosen = dict(NotificationPreference.objects.filter(user=member).values_list("kind", "channel"))
    assert chosen == {"reply": "email", "followed": "off"}


def test_a_preference_outside_the_choices_is_refused(member_client, member):
    response = member_client.post(reverse("notifications:preferences"), {"kind-reply": "sms"})
    assert response.status_code == 400
    assert "Choisissez une des options proposées" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_account_page_offers_the_preferences(member_client):
    html = member_client.get(reverse("account")).content.decode()
    assert "Réponses à mes commentaires" in html
    assert 'name="kind-reminder" value="email"' in html


def test_the_notifications_page_says_how_long_ago(member_client, member, other, guide):
    """Each notification says "il y a 2 heures", as the dashboard does: a
    bare "2 heures" after the sentence read as a duration, and a brand-new
    one said "0 minute"."""
    notification = notify(member, "reply", guide, actor=other)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=notification.created_at - datetime.timedelta(hours=2)
    )
    notify(member, "mention", guide, actor=other)

    html = member_client.get(reverse("notifications:list")).content.decode()

    assert re.search(r">il y a 2\s+heures</time>", html)
    assert ">il y a moins d&#x27;une minute</time>" in html


def test_an_english_reader_reads_notifications_in_english(
    member_client, member, other, guide, guide_section, sections
):
    """Titles are written at creation, in French: on /en/ the page's and the
    followed section's English translations are shown and linked instead;
    an untranslated page keeps its French title."""
    from wagtail.models import Locale

    from notifications.follows import follow
    from resources.models import GuideIndexPage
    from tests.resources.factories import make_guide

    english_guide = guide.copy_for_translation(Locale.objects.get(language_code="en"))
    english_guide.title = "Instagram live guide"
    english_guide.save_revision().publish()
    reply = notify(member, "reply", guide, actor=other, url=f"{guide.url}#c7")
    follow(member, guide_section)
    make_guide(guide_section, 2, title="Guide de la veille")  # in French only
    english_section = sections[(GuideIndexPage, "en")]

    html = member_client.get("/en/notifications/").content.decode()

    assert "Léa Morel replied to your comment on “Instagram live guide”." in html
    assert "Guide des lives Instagram" not in html
    assert f"New in {english_section.title}: “Guide de la veille”." in html
    assert "Fiches conseil" not in html
    response = member_client.get(reverse("notifications:open", args=[reply.pk]))
    assert response["Location"] == f"{english_guide.url}#c7"
    # French readers keep the French words and address.
    html = member_client.get("/fr/notifications/").content.decode()
    assert "«\u00a0Guide des lives Instagram\u00a0»" in html
    assert "Nouveau dans Fiches conseil" in html


def test_a_translation_the_reader_may_not_see_is_not_shown(member_client, member, other, guide):
    """An English translation restricted to editors leaks neither its title
    nor its address: the French ones stay."""
    from wagtail.models import Locale

    english_guide = guide.copy_for_translation(Locale.objects.get(language_code="en"))
    english_guide.title = "Secret editors' draft title"
    english_guide.save_revision().publish()
    restrict_to_editors(english_guide)
    reply = notify(member, "reply", guide, actor=other)

    html = member_client.get("/en/notifications/").content.decode()
    assert "Secret editors" not in html and "“Guide des lives Instagram”" in html
    response = member_client.get(reverse("notifications:open", args=[reply.pk]))
    assert response["Location"] == guide.url
