"""Security headers on members' pages, the login page and the admin;
production passes `check --deploy`; uploads keep to expected types and sizes."""

import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from tests.processes import run_manage

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


def directives(response, header="Content-Security-Policy"):
    policy = response[header]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def assert_common_headers(response):
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response  # production only


def assert_strict_site_policy(response):
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert "https://www.youtube-nocookie.com" in csp["frame-src"]


def test_member_pages_and_the_login_page_have_a_strict_policy(client, member, home_pages):
    login_page = client.get("/fr/account/login/")
    assert login_page.status_code == 200
    assert_common_headers(login_page)
    assert_strict_site_policy(login_page)
    client.force_login(member)
    for url in ("/fr/", "/en/search/?q=crise", "/fr/search/suggest/?q=cri"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_common_headers(response)
        assert_strict_site_policy(response)


def test_no_page_of_the_site_has_an_inline_script(client, member, home_pages):
    # The strict policy blocks inline scripts and handlers: none may be needed.
    client.force_login(member)
    for url in ("/fr/", "/fr/search/?q=crise", "/fr/members/", "/fr/me/"):
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            assert chunk.split(">", 1)[0].strip().startswith("src="), (url, chunk[:80])
        assert " onclick=" not in html and " onload=" not in html, url


def test_the_admin_has_its_own_policy(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_common_headers(response)
    csp = directives(response)
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-inline'" in csp["style-src"]
    assert "blob:" in csp["img-src"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]


def test_documents_keep_wagtails_own_policy(client, member):
    document = Document(title="Charte")
    document.file.save("charte.pdf", io.BytesIO(b"%PDF-1.4 charte"), save=True)
    client.force_login(member)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 charte"


def test_the_policy_can_be_report_only_or_off(member, home_pages):
    with override_settings(CSP_REPORT_ONLY=True, CSP_REPORT_URI="/csp-report/"):
        client = Client()
        client.force_login(member)
        response = client.get("/fr/")
        assert "Content-Security-Policy" not in response
        report_only = directives(response, "Content-Security-Policy-Report-Only")
        assert report_only["report-uri"] == ["/csp-report/"]
    with override_settings(CSP_ENABLED=False):
        client = Client()
        client.force_login(member)
        response = client.get("/fr/")
        assert "Content-Security-Policy" not in response
        assert "Content-Security-Policy-Report-Only" not in response
        assert response["X-Frame-Options"] == "DENY"


def production_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SECURE_", "CSP_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cmhub.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="cmhub.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        DEBUG="false",
    )
    return env


def test_production_passes_check_deploy_with_hsts(tmp_path):
    env = production_env(tmp_path)
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    settings_values = subprocess.run(  # noqa: S603 - our own settings
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; "
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
            " s.CSRF_COOKIE_SECURE, s.CSP_ENABLED, s.CSP_REPORT_ONLY)",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert settings_values.stdout.split() == ["31536000", "True", "True", "True", "True", "False"]


# --- Uploads ---------------------------------------------------------------------


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


BAD_DOCUMENTS = [
    ("setup.exe", b"MZ\x90\x00 not a document"),
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
]


def assert_upload_refused(client, url, model, name, content):
    """The admin's form at ``url`` shows an error on the file and saves nothing."""
    response = client.post(
        url, {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not model.objects.filter(title=name).exists()


@pytest.mark.parametrize(("name", "content"), BAD_DOCUMENTS)
def test_documents_of_other_types_are_refused(editor_client, name, content):
    assert_upload_refused(editor_client, "/admin/documents/add/", Document, name, content)


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
def test_documents_too_large_are_refused_and_a_pdf_is_accepted(editor_client):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"0" * 2048)
    response = editor_client.post(
        "/admin/documents/add/", {"title": "Gros", "file": big, "collection": 1}
    )
    assert response.status_code == 200
    codes = [error.code for error in response.context["form"].errors.as_data()["file"]]
    assert "file_too_large" in codes
    assert not Document.objects.filter(title="Gros").exists()
    small = SimpleUploadedFile("charte.pdf", b"%PDF-1.4 charte")
    response = editor_client.post(
        "/admin/documents/add/", {"title": "Charte", "file": small, "collection": 1}
    )
    assert response.status_code == 302
    assert Document.objects.filter(title="Charte").exists()


def test_the_default_document_limit_is_set(settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024


@pytest.mark.parametrize(("name", "content"), BAD_DOCUMENTS)
def test_images_of_other_types_are_refused(editor_client, name, content):
    assert_upload_refused(editor_client, "/admin/images/add/", Image, name, content)


def test_a_non_image_renamed_png_is_refused(editor_client):
    fake = SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script></html>")
    response = editor_client.post(
        "/admin/images/add/", {"title": "Faux", "file": fake, "collection": 1}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_images_too_large_are_refused(editor_client, settings):
    # Wagtail builds the image field once: go past the real limit (10 MB).
    content = png_bytes() + b"\0" * settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    response = editor_client.post(
        "/admin/images/add/",
        {"title": "Grande", "file": SimpleUploadedFile("grande.png", content), "collection": 1},
    )
    assert response.status_code == 200
    codes = [error.code for error in response.context["form"].errors.as_data()["file"]]
    assert "file_too_large" in codes
    assert not Image.objects.filter(title="Grande").exists()


def test_a_png_is_accepted(editor_client):
    response = editor_client.post(
        "/admin/images/add/",
        {"title": "Logo", "file": SimpleUploadedFile("logo.png", png_bytes()), "collection": 1},
    )
    assert response.status_code == 302
    assert Image.objects.filter(title="Logo").exists()
