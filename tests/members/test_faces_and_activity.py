"""Avatars (cropped square, shown in comments, the directory and profiles,
initials otherwise) and a profile's activity (shared resources, recent
comments, upcoming events) limited to pages the viewer may see."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from community.models import MemberProfile
from events import services
from resources.models import GuideIndexPage
from tests.community.comment_helpers import add_comment
from tests.contributions.factories import published_proposal
from tests.resources.factories import make_guide

from .conftest import restrict

pytestmark = pytest.mark.django_db


def picture(width, height, image_format="JPEG", exif_rotated=False):
    buffer = io.BytesIO()
    image = Image.new("RGB", (width, height), "teal")
    image.paste("orange", (0, 0, width // 2, height))  # left half orange
    options = {}
    if exif_rotated:
        exif = Image.Exif()
        exif[0x0112] = 6  # rotate 90° clockwise when shown
        options["exif"] = exif
    image.save(buffer, format=image_format, **options)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    return SimpleUploadedFile(f"photo.{extension}", buffer.getvalue())


def upload(client, file):
    return client.post(
        reverse("members:edit_profile"),
        {
            "avatar": file,
            "visible_in_directory": "on",
            "show_social": "on",
            "digest_frequency": "weekly",
        },
    )


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_an_uploaded_picture_is_cropped_square_around_its_centre(
    member_client, member, image_format, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    response = upload(member_client, picture(900, 500, image_format))
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=member)
    with Image.open(profile.avatar.path) as stored:
        assert stored.size == (400, 400)
        assert stored.format == image_format
        # The centre was kept: the orange left half now covers the left 4/9ths... roughly.
        assert stored.getpixel((10, 200))[0] > 200  # orange on the left
        assert stored.getpixel((390, 200))[0] < 100  # teal on the right


def test_a_small_picture_is_not_enlarged_and_its_orientation_is_applied(
    member_client, member, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    upload(member_client, picture(120, 80, exif_rotated=True))
    profile = MemberProfile.objects.get(user=member)
    with Image.open(profile.avatar.path) as stored:
        assert stored.size == (80, 80)
        assert not stored.getexif()  # no metadata kept


def test_a_file_that_is_not_a_picture_is_refused(member_client, member):
    response = upload(member_client, SimpleUploadedFile("photo.jpg", b"not a picture"))
    assert response.status_code == 200
    assert "image valide" in response.content.decode()  # Django's own check, first
    assert not MemberProfile.objects.get(user=member).avatar


@pytest.fixture
def lea(make_member, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    user = make_member("lea@univ-test.example", first_name="Léa", last_name="Martin")
    profile = MemberProfile.objects.create(user=user, job_title="CM")
    profile.avatar.save("lea.png", picture(50, 50, "PNG"), save=True)
    return user


def test_avatars_show_in_comments_the_directory_and_the_profile(member_client, lea, guide):
    avatar_url = MemberProfile.objects.get(user=lea).avatar.url
    add_comment(guide, lea, "Bonjour")
    assert avatar_url in member_client.get(guide.url).content.decode()
    assert avatar_url in member_client.get(reverse("members:directory")).content.decode()
    assert (
        avatar_url in member_client.get(reverse("members:profile", args=[lea.pk])).content.decode()
    )


def test_a_hidden_profile_shows_initials_and_no_link_in_comments(member_client, lea, guide):
    profile = MemberProfile.objects.get(user=lea)
    profile.visible_in_directory = False
    profile.save()
    add_comment(guide, lea, "Bonjour")
    html = member_client.get(guide.url).content.decode()
    assert profile.avatar.url not in html
    assert reverse("members:profile", args=[lea.pk]) not in html
    assert '<span class="avatar" aria-hidden="true">LM</span>' in html


def test_a_profile_shows_recent_comments_only_on_pages_the_viewer_may_see(
    client, member, lea, guide, secret_guide
):
    add_comment(guide, lea, "Avis public")
    add_comment(secret_guide, lea, "Avis réservé à la direction")
    client.force_login(member)
    html = client.get(reverse("members:profile", args=[lea.pk])).content.decode()
    assert "Commentaires récents" in html and "Avis public" in html
    assert "Avis réservé à la direction" not in html
    assert "Guide réservé à la direction" not in html


def test_a_profile_lists_only_shared_resources_the_viewer_may_see(client, member, lea, sections):
    index = sections[(GuideIndexPage, "fr")]
    shared = make_guide(index, 10, title="Guide partagé", shared_by=lea)
    published_proposal(lea, shared)
    secret = make_guide(index, 11, title="Guide partagé réservé", shared_by=lea)
    published_proposal(lea, secret)
    restrict(secret)
    client.force_login(member)
    html = client.get(reverse("members:profile", args=[lea.pk])).content.decode()
    assert "Guide partagé" in html
    assert "Guide partagé réservé" not in html


def test_french_titles_on_an_english_profile_say_they_are_french(
    client, member, lea, guide, sections, make_event
):
    """A profile's activity (shared resources, comments, events) read on
    /en/: the French titles carry lang="fr"."""
    shared = make_guide(sections[(GuideIndexPage, "fr")], 10, title="Guide partagé", shared_by=lea)
    published_proposal(lea, shared)
    add_comment(guide, lea, "Avis public")
    event = make_event(title="Atelier crise")
    services.register(event, lea, notify=False, listed=True)
    client.force_login(member)

    html = client.get(f"/en/members/{lea.pk}/").content.decode()
    assert f'<a href="{shared.url}" lang="fr">Guide partagé</a>' in html
    assert re.search(rf'<a href="{guide.url}#c\d+" lang="fr">Guide des lives Instagram</a>', html)
    assert f'<a href="{event.url}" lang="fr">Atelier crise</a>' in html
    french = client.get(f"/fr/members/{lea.pk}/").content.decode()
    assert f'<a href="{shared.url}">Guide partagé</a>' in french
    assert f'<a href="{event.url}">Atelier crise</a>' in french
