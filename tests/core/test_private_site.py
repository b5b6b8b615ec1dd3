"""The whole intranet is private: anonymous visitors are sent to log in."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    doc = Document(title="Charte des réseaux sociaux")
    doc.file.save("charte.pdf", ContentFile(b"%PDF-1.4 demo charter"), save=True)
    return doc


@pytest.fixture
def image():
    return Image.objects.create(title="Logo", file=get_test_image_file())


@pytest.mark.parametrize(
    ("url", "login_language"),
    [
        ("/fr/", "fr"),
        ("/en/", "en"),
        ("/fr/search/?q=crise", "fr"),
        ("/en/search/", "en"),
        ("/admin/", "fr"),
        ("/admin/pages/", "fr"),
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, home_pages, url, login_language):
    response = client.get(url)
    assert response.status_code == 302
    login_url = f"/{login_language}/account/login/"
    assert response["Location"].startswith(f"{login_url}?next=")


def test_root_url_sends_english_speakers_to_english(client, home_pages):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-CA,en;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_documents_need_a_login(client, member, document):
    url = document.url
    assert url.startswith("/documents/")

    response = client.get(url)
    assert response.status_code == 302
    assert "/account/login/?next=" in response["Location"]

    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 demo charter"


def test_images_and_renditions_need_a_login(client, member, image):
    rendition = image.get_rendition("fill-100x100")
    for url in (image.file.url, rendition.url):
        assert url.startswith("/media/")
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/account/login/" in response["Location"]

    client.force_login(member)
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, max-age=3600"


@pytest.mark.parametrize(
    "path", ["../cmhub/settings/base.py", "..%2F..%2Fetc%2Fpasswd", "nope.png"]
)
def test_media_view_never_serves_files_outside_media(member_client, path):
    response = member_client.get(f"/media/{path}")
    assert response.status_code == 404


def test_login_page_is_open_in_both_languages(client):
    french = client.get("/fr/account/login/")
    english = client.get("/en/account/login/")
    assert french.status_code == english.status_code == 200
    assert '<html lang="fr">' in french.content.decode()
    assert "Connexion à CM Hub" in french.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert "Log in to CM Hub" in english.content.decode()


def test_member_logs_in_with_email_and_password(client, member):
    response = client.post(
        "/fr/account/login/",
        {"login": member.email, "password": "a-long-test-password-42"},
    )
    assert response.status_code == 302
    assert client.get("/fr/").status_code == 200


def test_wrong_password_is_refused_with_a_message(client, member):
    response = client.post("/fr/account/login/", {"login": member.email, "password": "wrong"})
    assert response.status_code == 200
    assert "incorrect" in response.content.decode().lower()
    assert client.get("/fr/").status_code == 302


def test_logout_ends_the_session(member_client):
    response = member_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert member_client.get("/fr/").status_code == 302


def test_password_reset_sends_an_email_that_works(client, member, mailoutbox):
    response = client.post("/fr/account/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [member.email]
    link = next(
        line for line in message.body.splitlines() if "/account/password/reset/key/" in line
    )
    path = link[link.index("/fr/") :].strip()
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        form_url, {"password1": "another-long-password-77", "password2": "another-long-password-77"}
    )
    assert response.status_code == 302
    assert client.login(username=member.email, password="another-long-password-77")


def test_health_check_is_open_and_reports_the_database(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["database"] == "ok"


def test_signup_is_closed_for_now(client):
    response = client.get("/fr/account/signup/")
    assert response.status_code == 200
    assert "signup_closed" in " ".join(t.name for t in response.templates if t.name)
