"""The whole intranet is private: anonymous visitors are sent to log in;
files under /media/ follow the rules of what they belong to and are stored
under names nobody can guess."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from contributions.models import Proposal
from contributions.proposals import attach_files
from resources.models import GuideIndexPage
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db

#: A stored name with a random folder: documents/<16 random characters>/<name>.
RANDOM_NAME = re.compile(r"^(documents|original_images|images)/[A-Za-z0-9_-]{16}/[^/]+$")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


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


def restricted_collection(group_name):
    group, _created = Group.objects.get_or_create(name=group_name)
    collection = Collection.get_first_root_node().add_child(name=f"{group_name} only")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    return collection


def body(response):
    return b"".join(response.streaming_content)


def test_a_restricted_document_is_not_served_under_media_to_other_members(client, make_member):
    collection = restricted_collection("Direction")
    doc = Document(title="Budget", collection=collection)
    doc.file.save("budget.pdf", ContentFile(b"%PDF-1.4 budget 2027"), save=True)
    url = doc.file.url
    assert url.startswith("/media/documents/")

    client.force_login(make_member("lea@univ-test.example"))
    assert client.get(url).status_code == 404
    # /documents/<id>/<name> agrees: "access denied" (core.views.restricted).
    assert client.get(doc.url, follow=True).status_code == 403

    client.force_login(make_member("max@univ-test.example", groups=("Members", "Direction")))
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == b"%PDF-1.4 budget 2027"


def test_a_signed_in_member_outside_the_group_gets_the_sites_access_denied_page(
    client, make_member, sections
):
    """A member who follows a link to a page or document restricted to a
    group they are not in gets CM Hub's own "access denied" page in their
    language, not Wagtail's bare sign-in form (unstyled, asking for a user
    name the site does not use, for a member who is already signed in)."""
    group = Group.objects.create(name="Direction")
    page = make_guide(sections[(GuideIndexPage, "fr")], 1, title="Budget de la direction")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    doc = Document(title="Budget", collection=restricted_collection("Comité"))
    doc.file.save("budget.pdf", ContentFile(b"%PDF-1.4 budget"), save=True)

    client.force_login(make_member("lea@univ-test.example"))
    for url in (page.url, doc.url):
        response = client.get(url, follow=True)
        assert response.status_code == 403, url
        assert len(response.redirect_chain) == 1, response.redirect_chain
        html = response.content.decode()
        assert "Accès refusé" in html and "Budget" not in html, url

    client.force_login(make_member("max@univ-test.example", groups=("Members", "Direction")))
    assert client.get(page.url).status_code == 200


def test_proposal_attachments_are_served_to_their_author_and_editors_only(
    client, make_member, editor, moderator
):
    author = make_member("autrice@univ-test.example")
    proposal = Proposal.objects.create(
        member=author, kind="guide", title="Plan de crise", language="fr", status="submitted"
    )
    attach_files(proposal, [(SimpleUploadedFile("Plan de crise.pdf", b"%PDF plan"), "pdf")])
    url = proposal.files.get().document.file.url

    for user, status in [
        (author, 200),
        (editor, 200),
        (make_member("autre@univ-test.example"), 404),
        (moderator, 404),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert body(response) == b"%PDF plan"


def test_files_that_belong_to_no_record_are_not_served(member_client, media_root, document):
    for name in ("documents/ancien-rapport.pdf", "exports/inscriptions.csv", "notes.txt"):
        path = media_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"left over")
        assert member_client.get(f"/media/{name}").status_code == 404, name
    assert member_client.get(document.file.url).status_code == 200


def test_new_uploads_are_stored_under_a_random_folder(member_client, make_member, document, image):
    again = Document(title="Charte (bis)")
    again.file.save("charte.pdf", ContentFile(b"%PDF-1.4 bis"), save=True)
    rendition = image.get_rendition("fill-100x100")
    proposal = Proposal.objects.create(
        member=make_member("autrice@univ-test.example"), kind="guide", title="Plan", language="fr"
    )
    attach_files(proposal, [(SimpleUploadedFile("Plan de crise.pdf", b"%PDF plan"), "pdf")])
    attachment = proposal.files.get().document

    names = [document.file.name, again.file.name, image.file.name, rendition.file.name]
    names.append(attachment.file.name)
    for name in names:
        assert RANDOM_NAME.match(name), name
    # The same file name twice: two folders, and each keeps its human name.
    assert document.file.name != again.file.name
    assert document.filename == again.filename == "charte.pdf"
    assert attachment.filename == "plan-de-crise.pdf"
    # Wagtail still serves the document at /documents/<id>/<name>.
    response = member_client.get(document.url)
    assert document.url.endswith("/charte.pdf")
    assert response.status_code == 200
    assert 'filename="charte.pdf"' in response["Content-Disposition"]
    assert body(response) == b"%PDF-1.4 demo charter"


def test_a_long_file_name_still_fits_its_column_with_its_random_folder():
    doc = Document(title="Long")
    doc.file.save("r" * 120 + ".pdf", ContentFile(b"%PDF long"), save=True)
    assert len(doc.file.name) <= 100
    assert RANDOM_NAME.match(doc.file.name)
    assert doc.file.name.endswith(".pdf")


def test_deleting_a_document_removes_its_random_folder(
    media_root, document, django_capture_on_commit_callbacks
):
    folder = (media_root / document.file.name).parent
    assert folder.is_dir()
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not folder.exists()
    assert (media_root / "documents").is_dir()


def test_files_stored_before_random_folders_are_moved_into_one(member_client, media_root, image):
    rendition = image.get_rendition("fill-100x100")
    document = Document.objects.create(title="Ancienne charte", file="documents/charte.pdf")
    (media_root / "documents").mkdir(exist_ok=True)
    (media_root / "documents/charte.pdf").write_bytes(b"%PDF-1.4 old charter")
    old = {"documents/charte.pdf": document}
    for record, name in [
        (image, "original_images/logo.png"),
        (rendition, "images/logo.fill-100x100.png"),
    ]:
        (media_root / record.file.name).rename(media_root / name)
        type(record).objects.filter(pk=record.pk).update(file=name)
        old[name] = record
    before = {name: (media_root / name).read_bytes() for name in old}
    out = StringIO()
    call_command("randomise_media_names", stdout=out)

    for name, record in old.items():
        record.refresh_from_db()
        assert RANDOM_NAME.match(record.file.name), record.file.name
        assert record.file.name.endswith("/" + name.rpartition("/")[2])
        assert (media_root / record.file.name).read_bytes() == before[name]
        assert not (media_root / name).exists()
        assert member_client.get(f"/media/{name}").status_code == 404
        assert member_client.get(record.file.url).status_code == 200
    response = member_client.get(document.url)
    assert document.url.endswith("/charte.pdf")
    assert body(response) == b"%PDF-1.4 old charter"
    # Nothing left to move the second time.
    out = StringIO()
    call_command("randomise_media_names", stdout=out)
    assert "0 moved" in out.getvalue() and "1 moved" not in out.getvalue()


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
