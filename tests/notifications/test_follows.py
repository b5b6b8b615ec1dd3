"""Following sections, pages, topics, institutions and speakers: the
buttons and the "Suivis" page, and the notification when a resource or an
event is first published in what a member follows, never about a page they
may not see."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from community.models import Institution, Person, Topic
from notifications.follows import follow
from notifications.models import Follow, Notification
from resources.models import GuidePage
from tests.resources.factories import make_guide, make_talk

from .helpers import restrict_to_editors

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return Topic.objects.create(
        name="Veille", slug="veille", locale=Locale.objects.get(language_code="fr")
    )


def test_following_the_section_from_a_guide(member_client, member, guide, guide_section):
    html = member_client.get(guide.url).content.decode()
    assert "Suivre cette rubrique" in html and "Suivre cette discussion" in html
    response = member_client.post(
        reverse("notifications:follow"),
        {"target": "section", "object_id": guide.pk, "next": guide.url},
    )
    assert response.status_code == 302 and response["Location"] == guide.url
    assert Follow.objects.get(user=member).object_id == guide_section.pk
    html = member_client.get(guide.url).content.decode()
    assert "Ne plus suivre cette rubrique" in html and "Suivre cette discussion" in html

    member_client.post(
        reverse("notifications:unfollow"), {"target": "section", "object_id": guide.pk}
    )
    assert not Follow.objects.exists()
    assert "Ne plus suivre cette rubrique" not in member_client.get(guide.url).content.decode()


def test_a_new_guide_in_a_followed_section_notifies(member, other, guide_section):
    follow(member, guide_section)
    new = make_guide(guide_section, 2, title="Guide de la veille")
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == "followed" and notification.page_id == new.pk
    assert "Guide de la veille" in notification.text()
    assert not Notification.objects.filter(recipient=other).exists()


def test_republishing_notifies_no_one_again(member, guide_section):
    follow(member, guide_section)
    new = make_guide(guide_section, 2)
    new.save_revision().publish()
    assert Notification.objects.filter(recipient=member).count() == 1


def test_a_new_talk_of_a_followed_speaker_and_topic_notifies_once(member, sections, topic):
    from resources.models import TalkIndexPage

    speaker = Person.objects.create(
        first_name="Nora", last_name="Petit", locale=Locale.objects.get(language_code="fr")
    )
    follow(member, speaker)
    follow(member, topic)
    make_talk(sections[(TalkIndexPage, "fr")], 1, speakers=[speaker], topics=[topic])
    assert Notification.objects.filter(recipient=member, kind="followed").count() == 1


def test_no_notification_of_a_new_page_the_member_may_not_see(member, editor, guide_section):
    follow(member, guide_section)
    follow(editor, guide_section)
    hidden = GuidePage(title="Guide réservé", slug="guide-reserve", summary="Réservé.", live=False)
    guide_section.add_child(instance=hidden)
    restrict_to_editors(hidden)
    hidden.save_revision().publish()
    assert not Notification.objects.filter(recipient=member).exists()
    assert Notification.objects.filter(recipient=editor).exists()


def test_a_restricted_page_cannot_be_followed(member_client, member, guide):
    restrict_to_editors(guide)
    response = member_client.post(
        reverse("notifications:follow"), {"target": "wagtailcore.page", "object_id": guide.pk}
    )
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_bad_follow_forms_get_a_404(member_client, guide):
    url = reverse("notifications:follow")
    assert (
        member_client.post(url, {"target": "community.user", "object_id": "1"}).status_code == 404
    )
    assert (
        member_client.post(url, {"target": "community.topic", "object_id": "x"}).status_code == 404
    )
    assert (
        member_client.post(url, {"target": "community.topic", "object_id": "999"}).status_code
        == 404
    )
    assert member_client.get(url).status_code == 405


def test_the_follows_page_lists_and_unfollows(member_client, member, guide, topic):
    institution = Institution.objects.create(name="Université de Lyon")
    follow(member, guide)
    member_client.post(
        reverse("notifications:follow"),
        {"target": "community.institution", "object_id": institution.pk},
    )
    html = member_client.get(reverse("notifications:follows")).content.decode()
    assert "Guide des lives Instagram" in html and "Université de Lyon" in html
    assert f'<option value="{topic.pk}">Veille</option>' in html  # offered, not followed yet
    member_client.post(
        reverse("notifications:unfollow"),
        {"target": "community.institution", "object_id": institution.pk},
    )
    html = member_client.get(reverse("notifications:follows")).content.decode()
    assert "Ne plus suivre Université de Lyon" not in html
    assert "Ne plus suivre Guide des lives Instagram" in html


def test_the_follows_page_hides_a_page_restricted_since(member_client, member, guide):
    follow(member, guide)
    restrict_to_editors(guide)
    html = member_client.get(reverse("notifications:follows")).content.decode()
    assert "Guide des lives Instagram" not in html


def test_the_follows_page_has_its_title_and_one_set_of_follow_forms(member_client, topic):
    """The browser tab read the whole "Follow more" form (a botched block
    title); the forms were in the page three times."""
    with translation.override("fr"):
        url = reverse("notifications:follows")
    html = member_client.get(url).content.decode()
    assert re.search(r"<title>\s*Mes suivis · CM Hub\s*</title>", html)
    assert html.count('id="follow-more"') == 1
    assert '<body class="page-account page-follows">' in html


def test_the_follows_page_says_section_or_discussion(member_client, member, guide, guide_section):
    """A followed section ("Suivre cette rubrique") and a followed page
    ("Suivre cette discussion") were both labelled "Page"."""
    follow(member, guide_section)
    follow(member, guide)

    html = member_client.get(reverse("notifications:follows")).content.decode()

    assert re.search(rf'>{guide_section.title}</a>\s*<span class="muted">Rubrique</span>', html)
    discussion = r'>Guide des lives Instagram</a>\s*<span class="muted">Discussion</span>'
    assert re.search(discussion, html)
    assert '<span class="muted">Page</span>' not in html
