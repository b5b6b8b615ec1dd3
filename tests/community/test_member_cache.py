"""The cached directory and profiles (community/member_cache.py): a change
of a member shows at once, and nobody sees another member's own parts.

The search index is brought up to date by a background task in production
(which bumps the content version, later): these tests queue tasks without
running them, so what they prove holds without it.
"""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction

from community.member_cache import MEMBERS_KEY
from community.models import Institution, MemberProfile, Topic
from resources.models import GuideIndexPage
from tests.clients import logged_in
from tests.contributions.factories import published_proposal
from tests.resources.factories import make_guide

from .comment_helpers import add_comment, without_per_request_values

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:directory")


@pytest.fixture(autouse=True)
def deferred_indexing(settings):
    """Tasks queued, as production's worker would take them, never run here."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.FRAGMENT_CACHE_TIMEOUT = 3600


@pytest.fixture
def lea(make_member):
    user = make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")
    MemberProfile.objects.create(
        user=user,
        institution=Institution.objects.create(name="Université de Lyon", kind="university"),
        job_title="Chargée de communication",
        bio="Je gère les réseaux de la faculté.",
        linkedin_url="https://www.linkedin.com/in/lea",
        show_email=False,
    )
    return user


@pytest.fixture
def viewer(make_member):
    return logged_in(make_member("alex@univ-test.example", first_name="Alex", last_name="Viewer"))


def profile_url(user):
    return reverse("members:profile", args=[user.pk])


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def both_cached(client, user):
    """The directory and the profile, each visited twice (cached)."""
    for url in (DIRECTORY, profile_url(user)):
        client.get(url)
    return text(client.get(DIRECTORY)), text(client.get(profile_url(user)))


def test_a_profile_edit_shows_at_once_on_the_cached_directory_and_profile(lea, viewer):
    directory, profile = both_cached(viewer, lea)
    assert "Chargée de communication" in directory and "réseaux de la faculté" in profile

    client = logged_in(lea)
    response = client.post(
        reverse("members:edit_profile"),
        {
            "job_title": "Responsable des réseaux sociaux",
            "bio": "Nouvelle biographie.",
            "languages": ["fr"],
            "visible_in_directory": "on",
            "show_email": "on",
            "digest_frequency": "weekly",
        },
    )
    assert response.status_code == 302

    directory, profile = text(viewer.get(DIRECTORY)), text(viewer.get(profile_url(lea)))
    assert "Responsable des réseaux sociaux" in directory
    assert "Chargée de communication" not in directory
    assert "Nouvelle biographie." in profile and "réseaux de la faculté" not in profile
    # She now shows her address, and no longer her social links.
    assert lea.email in profile and "linkedin.com/in/lea" not in profile


def test_a_member_hiding_their_profile_leaves_the_cached_pages_at_once(lea, viewer):
    both_cached(viewer, lea)
    profile = MemberProfile.objects.get(user=lea)
    profile.visible_in_directory = False
    profile.save()
    assert "Martin" not in text(viewer.get(DIRECTORY))
    assert viewer.get(profile_url(lea)).status_code == 404


def test_a_deactivated_member_leaves_the_cached_pages_at_once(lea, viewer):
    directory, _profile = both_cached(viewer, lea)
    assert "Léa Martin" in directory
    lea.is_active = False
    lea.save()
    assert "Léa Martin" not in text(viewer.get(DIRECTORY))
    assert viewer.get(profile_url(lea)).status_code == 404


def test_a_member_whose_address_is_no_longer_verified_leaves_the_cached_pages_at_once(lea, viewer):
    both_cached(viewer, lea)
    address = EmailAddress.objects.get(user=lea)
    address.verified = False
    address.save()
    assert "Léa Martin" not in text(viewer.get(DIRECTORY))
    assert viewer.get(profile_url(lea)).status_code == 404


def test_a_newly_verified_member_appears_at_once(lea, viewer, make_member):
    both_cached(viewer, lea)
    newcomer = make_member("nina@univ-test.example", first_name="Nina", last_name="Nouvelle")
    MemberProfile.objects.create(user=newcomer, job_title="CM")
    EmailAddress.objects.filter(user=newcomer).delete()
    assert "Nina Nouvelle" not in text(viewer.get(DIRECTORY))
    EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=True, primary=True)
    assert "Nina Nouvelle" in text(viewer.get(DIRECTORY))


def test_a_renamed_member_or_institution_shows_at_once(lea, viewer):
    both_cached(viewer, lea)
    lea.last_name = "Dupont"
    lea.save()
    institution = Institution.objects.get(name="Université de Lyon")
    institution.name = "Université Lyon 3"
    institution.save()
    directory, profile = text(viewer.get(DIRECTORY)), text(viewer.get(profile_url(lea)))
    assert "Léa Dupont" in directory and "Université Lyon 3" in directory
    assert "Léa Dupont" in profile and "Université Lyon 3" in profile


def test_a_topic_added_to_a_profile_shows_at_once(lea, viewer):
    both_cached(viewer, lea)
    topic = Topic.objects.create(
        name="Gestion de crise", slug="crise", locale=Locale.objects.get(language_code="fr")
    )
    MemberProfile.objects.get(user=lea).topics.add(topic)
    assert "Gestion de crise" in text(viewer.get(profile_url(lea)))
    assert "Gestion de crise" in text(viewer.get(DIRECTORY))  # the filter's choices


def test_a_new_comment_of_the_member_shows_at_once_on_their_cached_profile(lea, viewer, sections):
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1, title="Guide des lives")
    both_cached(viewer, lea)
    add_comment(guide, lea, "Très utile pour nos lives.")
    assert "Très utile pour nos lives." in text(viewer.get(profile_url(lea)))


def test_a_login_changes_nothing_cached(lea, viewer):
    """Logging in saves the member's last_login: the directory stays cached."""
    from django.core.cache import cache

    both_cached(viewer, lea)
    before = cache.get(MEMBERS_KEY)
    assert Client().login(email=lea.email, password="a-long-test-password-42")
    assert cache.get(MEMBERS_KEY) == before


def test_the_owner_sees_their_own_parts_and_nobody_else_does(lea, viewer):
    owner = logged_in(lea)
    for first, second in ((owner, viewer), (viewer, owner)):
        first.get(profile_url(lea))
        second.get(profile_url(lea))
    mine = text(owner.get(profile_url(lea)))
    theirs = text(viewer.get(profile_url(lea)))
    edit = reverse("members:edit_profile")
    assert edit in mine and lea.email in mine  # her own address, though hidden
    assert edit not in theirs and lea.email not in theirs


def test_a_hidden_profile_cached_for_its_owner_is_never_shown_to_others(lea, viewer):
    profile = MemberProfile.objects.get(user=lea)
    profile.visible_in_directory = False
    profile.save()
    owner = logged_in(lea)
    owner.get(profile_url(lea))
    assert "Votre profil est masqué" in text(owner.get(profile_url(lea)))
    assert viewer.get(profile_url(lea)).status_code == 404


def test_a_cached_profile_lists_only_the_pages_the_viewer_may_see(lea, make_member, sections):
    parent = sections[(GuideIndexPage, "fr")]
    public = make_guide(parent, 1, title="Guide pour tous", shared_by=lea)
    published_proposal(lea, public)
    restricted = make_guide(parent, 2, title="Guide des éditeurs", shared_by=lea)
    published_proposal(lea, restricted)
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])
    add_comment(restricted, lea, "Commentaire réservé")
    editor = logged_in(
        make_member("eva@univ-test.example", groups=("Members", "Editors"), first_name="Éva")
    )
    member = logged_in(make_member("paul@univ-test.example", first_name="Paul"))
    for first, second in ((editor, member), (member, editor)):
        first.get(profile_url(lea))
        second.get(profile_url(lea))
    editors_html = text(editor.get(profile_url(lea)))
    members_html = text(member.get(profile_url(lea)))
    assert "Guide des éditeurs" in editors_html and "Commentaire réservé" in editors_html
    assert "Guide pour tous" in members_html
    assert "Guide des éditeurs" not in members_html
    assert "Commentaire réservé" not in members_html


def test_pages_are_the_same_with_caching_off(lea, viewer, settings):
    directory, profile = both_cached(viewer, lea)
    settings.FRAGMENT_CACHE_TIMEOUT = 0
    same = without_per_request_values
    assert same(text(viewer.get(DIRECTORY))) == same(directory)
    assert same(text(viewer.get(profile_url(lea)))) == same(profile)


def test_each_language_has_its_own_cached_directory(lea, viewer):
    with translation.override("en"):
        english = reverse("members:directory")
    viewer.get(DIRECTORY)
    viewer.get(english)
    assert "Filtrer" in text(viewer.get(DIRECTORY))
    html = text(viewer.get(english))
    assert "Filtrer" not in html and ">Filter<" in html
