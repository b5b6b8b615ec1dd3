"""Every file under /media/, for every role: served to those who may see the
document, image, rendition, proposal or profile it belongs to; 404 to other
members (a file that belongs to nothing is served to no one); visitors are
sent to log in. On local disk and with object storage.

``World.media`` (conftest.py) says who may open each file; the first test
checks it names every file the database and the media folder hold, so a new
kind of file cannot escape the crawl.
"""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.utils.encoding import filepath_to_uri
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from community.models import MemberProfile

from .conftest import HIDDEN_MARK, PAGE_MARK, PROPOSAL_MARK

pytestmark = pytest.mark.django_db

MARKS = [PAGE_MARK, PROPOSAL_MARK, HIDDEN_MARK]

BUCKET = {
    "BACKEND": "core.storage_s3.PrivateS3Storage",
    "OPTIONS": {
        "bucket_name": "cmhub-media",
        # Nothing listens there: signing a URL needs no network, and
        # serving must not call the bucket.
        "endpoint_url": "http://127.0.0.1:9",
        "region_name": "fr-par",
        "access_key": "test-access-key",
        "secret_key": "test-secret-key",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    },
}


@pytest.fixture
def client():
    """A client that answers 500 like production instead of raising."""
    return Client(raise_request_exception=False)


def stored_names():
    """Every file name the database knows, and every file of the media folder."""
    names = set()
    for model in (get_document_model(), get_image_model(), get_image_model().get_rendition_model()):
        names.update(model.objects.values_list("file", flat=True))
    names.update(MemberProfile.objects.exclude(avatar="").values_list("avatar", flat=True))
    root = Path(settings.MEDIA_ROOT)
    names.update(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())
    return names


def url_name(url):
    return unquote(url.removeprefix(settings.MEDIA_URL))


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def check_visitor(client, world):
    bad = []
    for url in world.media:
        response = client.get(url)
        if response.status_code != 302 or "/account/login/" not in response["Location"]:
            bad.append(f"visitor {url}: {response.status_code}")
    return bad


def others_marks(role):
    """The markers that `role` must never read: the 404 page's header names
    the member who is signed in, so the hidden profile's owner reads their
    own name there."""
    return [mark for mark in MARKS if not (role == "hidden" and mark == HIDDEN_MARK)]


def test_the_crawl_covers_every_file_of_the_media(world):
    assert {settings.MEDIA_URL + filepath_to_uri(name) for name in stored_names()} == set(
        world.media
    )


def test_every_media_file_is_served_only_to_those_who_may_see_it(client, world):
    bad = check_visitor(client, world)
    for role, user in world.users.items():
        client.force_login(user)
        for url, allowed in world.media.items():
            response = client.get(url)
            body = content(response)
            if role in allowed:
                expected = Path(settings.MEDIA_ROOT, url_name(url)).read_bytes()
                if response.status_code != 200 or body != expected:
                    bad.append(f"{role} {url}: {response.status_code}, not the file")
            elif response.status_code != 404:
                bad.append(f"{role} {url}: {response.status_code}, not 404")
            elif any(mark.lower().encode() in body.lower() for mark in others_marks(role)):
                bad.append(f"{role} {url}: 404 shows a private marker")
    assert bad == [], "\n".join(bad)


def test_with_object_storage_only_those_who_may_see_a_file_get_its_signed_url(client, world):
    with override_settings(STORAGES={**settings.STORAGES, "default": BUCKET}):
        # Pages link to /media/, never to the bucket: the rules below apply.
        assert world.objects["secret_doc"].file.url.startswith("/media/documents/")
        bad = check_visitor(client, world)
        for role, user in world.users.items():
            client.force_login(user)
            for url, allowed in world.media.items():
                response = client.get(url)
                if role not in allowed:
                    if response.status_code != 404:
                        bad.append(f"{role} {url}: {response.status_code}, not 404")
                    continue
                location = urlsplit(response.get("Location", ""))
                query = parse_qs(location.query)
                if (
                    response.status_code != 302
                    or location.netloc != "127.0.0.1:9"
                    or unquote(location.path) != "/cmhub-media/" + url_name(url)
                    or query.get("X-Amz-Expires") != ["300"]
                    or "X-Amz-Signature" not in query
                    or response["Cache-Control"] != "private, no-store"
                ):
                    bad.append(f"{role} {url}: {response.status_code} {location.geturl()}")
    assert bad == [], "\n".join(bad)


def test_paths_that_lead_back_to_a_restricted_file_are_refused(client, world):
    name = url_name(world.objects["secret_doc"].file.url)
    roundabout = f"/media/original_images/../{name}"
    client.force_login(world.users["outsider"])
    assert client.get(roundabout).status_code == 404
    client.force_login(world.users["insider"])
    assert client.get(roundabout).status_code == 200


def test_a_media_request_costs_a_few_queries_whatever_the_file(
    client, world, django_assert_num_queries
):
    """The session (1: the member, their groups and permissions come from
    the cache once a page has read them); the record, by its indexed name
    (1); its collection's restrictions (1); for a group restriction, its
    groups; when refused, a proposal author's grant (1). A 404 adds Wagtail's
    redirects lookup and the branded 404 page's header. The same counts with
    three times as many files."""
    client.force_login(world.users["editor"])
    cases = [
        (world.objects["public_doc"].file.url, 3, 200),
        (world.objects["proposal_doc"].file.url, 5, 200),
        (world.objects["secret_rendition"].url, 8, 404),
        ("/media/exports/inscriptions.csv", 3, 404),
    ]

    # Wagtail keeps the site's root paths in the cache after the first page
    # it builds a URL for: measure with that in place, as members meet it.
    for url, _queries, _status in cases:
        content(client.get(url))

    def check(size):
        for url, queries, status in cases:
            with django_assert_num_queries(queries):
                response = client.get(url)
                assert response.status_code == status, (size, url)
                content(response)

    check("as built")
    # Three times as many documents and images: the same queries.
    Document, Image = get_document_model(), get_image_model()
    Document.objects.bulk_create(
        Document(title=f"Doc {n}", file=f"documents/more/{n}.pdf", collection=doc.collection)
        for n, doc in enumerate(list(Document.objects.all()) * 2)
    )
    Image.objects.bulk_create(
        Image(
            title=f"Image {n}",
            file=f"original_images/more/{n}.png",
            width=8,
            height=8,
            collection=image.collection,
        )
        for n, image in enumerate(list(Image.objects.all()) * 2)
    )
    check("three times larger")


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("wagtaildocs_document", "file"),
        ("wagtailimages_image", "file"),
        ("wagtailimages_rendition", "file"),
        ("community_memberprofile", "avatar"),
    ],
)
def test_media_file_names_are_indexed(table, column):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    assert any(
        info["columns"] == [column] and (info["index"] or info["unique"])
        for info in constraints.values()
    ), f"{table}.{column} has no index: /media/ would scan the table"
