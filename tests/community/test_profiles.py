"""Member profiles: editing, visibility, avatar checks, data export and
account deletion, and escaping of everything a member types."""

import io
import json
import re

import pytest
from django.contrib.sites.models import Site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_comments_xtd.models import XtdComment
from PIL import Image

from community.models import MemberProfile, Topic, User

pytestmark = pytest.mark.django_db


def png_bytes(size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def profile_data(**extra):
    data = {
        "job_title": "Community manager",
        "bio": "Je gère les réseaux de la faculté.",
        "linkedin_url": "https://www.linkedin.com/in/camille",
        "x_handle": "@camille",
        "website": "https://camille.example",
        "languages": ["fr", "es"],
        "visible_in_directory": "on",
        "show_social": "on",
        "digest_frequency": "weekly",
    }
    data.update(extra)
    return data


def test_profile_is_created_on_demand_with_the_institution_of_the_domain(
    member_client, member, institution
):
    response = member_client.get(reverse("members:edit_profile"))
    assert response.status_code == 200
    assert MemberProfile.objects.get(user=member).institution == institution


def test_member_edits_their_profile(member_client, member, institution):
    topic = Topic.objects.create(name="E-réputation", slug="e-reputation")
    response = member_client.post(
        reverse("members:edit_profile"),
        profile_data(institution=institution.pk, topics=[topic.pk]),
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=member)
    assert profile.job_title == "Community manager"
    assert profile.languages == ["fr", "es"]
    assert list(profile.topics.all()) == [topic]
    assert not profile.show_email


def test_bio_is_limited_to_600_characters(member_client, member):
    response = member_client.post(reverse("members:edit_profile"), profile_data(bio="x" * 601))
    assert response.status_code == 200
    assert response.context["form"].has_error("bio")


def test_avatar_is_checked_by_content(member_client, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = member_client.post(reverse("members:edit_profile"), profile_data(avatar=fake))
    assert response.status_code == 200
    assert response.context["form"].has_error("avatar")

    real = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    response = member_client.post(reverse("members:edit_profile"), profile_data(avatar=real))
    assert response.status_code == 302
    assert MemberProfile.objects.get(user=member).avatar.name.startswith("avatars/")


def test_avatar_larger_than_2_mb_is_refused(member_client, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = png_bytes() + b"\0" * (2 * 1024 * 1024)
    upload = SimpleUploadedFile("big.png", big, content_type="image/png")
    response = member_client.post(reverse("members:edit_profile"), profile_data(avatar=upload))
    assert response.status_code == 200
    assert response.context["form"].has_error("avatar")


def test_hidden_profile_is_404_for_others_but_visible_to_its_owner(client, member, make_member):
    MemberProfile.objects.create(user=member, visible_in_directory=False, job_title="CM")
    other = make_member("alex@univ-test.example", first_name="Alex")
    client.force_login(other)
    assert client.get(reverse("members:profile", args=[member.pk])).status_code == 404
    client.force_login(member)
    assert client.get(reverse("members:profile", args=[member.pk])).status_code == 200


def test_email_and_social_links_follow_the_member_choices(client, member, make_member):
    MemberProfile.objects.create(
        user=member,
        show_email=False,
        show_social=False,
        linkedin_url="https://www.linkedin.com/in/camille",
    )
    other = make_member("alex@univ-test.example", first_name="Alex")
    client.force_login(other)
    content = client.get(reverse("members:profile", args=[member.pk])).content.decode()
    assert member.email not in content
    assert "linkedin.com/in/camille" not in content

    profile = MemberProfile.objects.get(user=member)
    profile.show_email = profile.show_social = True
    profile.save()  # as the profile form saves it: the cached profile is stale
    content = client.get(reverse("members:profile", args=[member.pk])).content.decode()
    assert member.email in content
    assert "linkedin.com/in/camille" in content


def test_profile_pages_need_a_login(client, member):
    response = client.get(reverse("members:profile", args=[member.pk]))
    assert response.status_code == 302


def test_member_downloads_their_data(member_client, member, institution):
    MemberProfile.objects.create(user=member, institution=institution, job_title="CM")
    response = member_client.get(reverse("members:download_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert data["profile"]["institution"] == institution.name
    assert data["registrations"] == []


def test_member_deletes_their_account_after_confirming(member_client, member):
    MemberProfile.objects.create(user=member)
    url = reverse("members:delete_account")
    response = member_client.post(url, {"confirm_email": "wrong@univ-test.example"})
    assert response.status_code == 200
    assert User.objects.filter(pk=member.pk).exists()

    response = member_client.post(url, {"confirm_email": member.email.upper()})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert not MemberProfile.objects.filter(user_id=member.pk).exists()
    assert "_auth_user_id" not in member_client.session


def test_account_page_links_to_profile_data_and_deletion(member_client):
    content = member_client.get(reverse("account")).content.decode()
    for name in ("members:edit_profile", "members:download_data", "members:delete_account"):
        assert reverse(name) in content


HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">clic</a>',
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_is_rendered_escaped(client, member, make_member, payload):
    MemberProfile.objects.create(user=member, job_title=payload[:120], bio=payload)
    other = make_member("alex@univ-test.example", first_name="Alex")
    client.force_login(other)
    for url in (
        reverse("members:profile", args=[member.pk]),
        reverse("members:directory"),
    ):
        content = client.get(url).content.decode()
        assert "<script>alert" not in content
        assert 'onerror="alert' not in content
        assert "<svg onload" not in content
        assert 'href="javascript:' not in content


@pytest.mark.parametrize(
    "field,value",
    [
        ("linkedin_url", "javascript:alert(1)"),
        ("website", "javascript://example.com/%0Aalert(1)"),
        ("website", "data:text/html,<script>alert(1)</script>"),
        ("linkedin_url", "ftp://files.example/x"),
        ("x_handle", "<script>"),
        ("x_handle", '"onmouseover=alert(1)'),
    ],
)
def test_social_links_accept_only_http_urls_and_handles(member_client, member, field, value):
    response = member_client.post(reverse("members:edit_profile"), profile_data(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].has_error(field)
    profile = MemberProfile.objects.get(user=member)
    assert getattr(profile, field) == ""


def test_deleting_the_account_blanks_the_author_of_comments(member_client, member, home_pages):
    comment = XtdComment.objects.create(
        content_object=home_pages[0],
        site=Site.objects.get_current(),
        user=member,
        user_name="Camille Durand",
        user_email=member.email,
        ip_address="192.0.2.1",
        comment="Bonjour à toutes et tous",
    )
    member_client.post(reverse("members:delete_account"), {"confirm_email": member.email})
    comment.refresh_from_db()
    assert comment.user_id is None
    assert comment.user_email == ""
    assert comment.ip_address is None
    assert "Durand" not in comment.user_name
    assert comment.comment == "Bonjour à toutes et tous"


def test_the_institution_list_starts_with_words_not_dashes(member_client):
    """The institution field's empty choice read "---------"."""
    html = member_client.get(reverse("members:edit_profile")).content.decode()
    assert re.search(r'<option value=""[^>]*>Aucun établissement</option>', html)
    assert "---------" not in html


def test_a_checkbox_label_ends_without_a_colon(member_client):
    """A checkbox's label is not followed by ":" ("Se souvenir de moi :"
    next to the box on the login page, "Afficher mon profil dans l'annuaire
    des membres :" on the profile form); other labels keep theirs."""
    login = Client().get("/fr/account/login/").content.decode()
    assert '<label for="id_remember">Se souvenir de moi</label>' in login
    assert "Mot de passe\u00a0:</label>" in login
    profile = member_client.get(reverse("members:edit_profile")).content.decode()
    assert "dans l&#x27;annuaire des membres</label>" in profile
    assert "annuaire des membres\u00a0:" not in profile
