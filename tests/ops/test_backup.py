"""Backup and restore (core/backup.py, manage.py backup / restore).

The main test builds a small site (pages of every kind, live and draft,
comments and a reply, registrations with a waitlist, a document and an
image), backs it up, restores the archive into a FRESH database in another
process (a new PostgreSQL database on the same server, or a new SQLite
file), and checks that every row and file came back.

The backup must see the test's data from another session (pg_dump), so the
data is committed. Rather than a transactional test (whose flush empties
the database for the tests that follow it in the same worker, whatever the
order xdist gives them), the test commits in autocommit mode and deletes
every row it created afterwards, leaving the database as it found it.
"""

import datetime
import io
import json
import os
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.db import connection
from django_comments_xtd.models import XtdComment
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision

from core import backup as backup_module
from core.backup import (
    DATABASE_FILES,
    count_mismatches,
    register_backup_counter,
    site_counts,
)
from events import services
from events.models import Registration
from home.tree import ensure_home_pages
from resources.models import (
    CaseStudyIndexPage,
    GuideIndexPage,
    GuidePage,
    JobProfileIndexPage,
    TalkIndexPage,
)
from resources.tree import ensure_resource_sections
from tests.community.comment_helpers import add_comment
from tests.events.factories import add_event_index, add_workshop
from tests.processes import environment_without, run_manage
from tests.resources.factories import make_case_study, make_guide, make_job_profile, make_talk

ON_POSTGRES = connection.vendor == "postgresql"


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), (200, 30, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


def make_member(email, first_name="Camille"):
    return get_user_model().objects.create_user(
        username=email.split("@")[0],
        email=email,
        password="a-long-test-password-42",
        first_name=first_name,
        last_name="Durand",
    )


def build_site(sections, home_pages):
    """Pages of each kind (live and draft), comments, registrations, files."""
    french_home, _english_home = home_pages
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1, title="Guide des lives")
    make_talk(sections[(TalkIndexPage, "fr")], 1)
    make_job_profile(sections[(JobProfileIndexPage, "fr")], 1)
    make_case_study(sections[(CaseStudyIndexPage, "fr")], 1)
    draft = GuidePage(title="Brouillon de guide", slug="brouillon", summary="Pas encore.")
    draft.live = False
    sections[(GuideIndexPage, "fr")].add_child(instance=draft)
    draft.save_revision()

    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    event = add_workshop(
        add_event_index(french_home),
        start,
        title="Atelier vidéo",
        slug="atelier-video",
        summary="Tourner au téléphone.",
        capacity=1,
        publish=True,
    )

    camille = make_member("camille@univ-test.example")
    hugo = make_member("hugo@univ-test.example", first_name="Hugo")
    ines = make_member("ines@univ-test.example", first_name="Inès")
    services.register(event, camille, notify=False)  # the only seat
    services.register(event, hugo, notify=False)  # waitlisted
    services.register(event, ines, notify=False)  # waitlisted, second

    first = add_comment(guide, camille, "Merci pour ce guide.")
    add_comment(guide, hugo, "Et pour TikTok ?", parent=first)
    add_comment(event, ines, "Y aura-t-il un replay ?")

    get_document_model().objects.create(
        title="Charte graphique", file=ContentFile(b"%PDF-1.4 charte", name="charte.pdf")
    )
    get_image_model().objects.create(
        title="Logo", file=ImageFile(io.BytesIO(png_bytes()), name="logo.png")
    )


# --- What a restored database holds, read without Django ----------------------


def snapshot_queries():
    assert XtdComment._meta.db_table == "django_comments_xtd_xtdcomment"
    return {
        "pages": "SELECT id, title, url_path, live FROM wagtailcore_page ORDER BY id",
        "comments": (
            "SELECT c.id, c.comment, c.object_pk, x.parent_id, x.level "
            "FROM django_comments c "
            "JOIN django_comments_xtd_xtdcomment x ON x.comment_ptr_id = c.id "
            "ORDER BY c.id"
        ),
        "registrations": (
            "SELECT id, event_id, member_id, status, waitlist_position "
            "FROM events_registration ORDER BY id"
        ),
        "documents": "SELECT id, title, file FROM wagtaildocs_document ORDER BY id",
        "images": "SELECT id, title, file, width, height FROM wagtailimages_image ORDER BY id",
    }


def normalise(rows):
    return [tuple(int(v) if isinstance(v, bool) else v for v in row) for row in rows]


def snapshot(cursor):
    result = {}
    for name, sql in snapshot_queries().items():
        cursor.execute(sql)
        result[name] = normalise(cursor.fetchall())
    return result


def media_snapshot(root):
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# --- Fresh databases -----------------------------------------------------------


def pg_connect(dbname):
    import psycopg

    params = connection.settings_dict
    return psycopg.connect(
        dbname=dbname,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
    )


def pg_url(dbname):
    params = connection.settings_dict
    credentials = quote(params["USER"] or "", safe="")
    if params["PASSWORD"]:
        credentials += ":" + quote(params["PASSWORD"], safe="")
    host = params["HOST"] or "localhost"
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{dbname}"


@pytest.fixture
def fresh_database(tmp_path):
    """(DATABASE_URL, snapshot function) of an empty database."""
    if not ON_POSTGRES:
        path = tmp_path / "restored.sqlite3"

        def read():
            import sqlite3

            with sqlite3.connect(path) as db:
                return snapshot(db.cursor())

        yield f"sqlite:///{path}", read
        return

    name = f"cmhub_restore_test_{os.getpid()}"
    with pg_connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def read():
        with pg_connect(name) as db:
            return snapshot(db.cursor())

    try:
        yield pg_url(name), read
    finally:
        with pg_connect("postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_test_settings(*args, database_url, media_root, stdin=None):
    env = environment_without(
        {"REDIS_URL"},
        DJANGO_SETTINGS_MODULE="cmhub.settings.test",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
    )
    return run_manage(*args, env=env, stdin=stdin)


# --- The round trip ------------------------------------------------------------


def existing_ids():
    return {
        model: set(model._default_manager.values_list("pk", flat=True))
        for model in (
            Page,
            get_user_model(),
            XtdComment,
            Registration,
            get_document_model(),
            get_image_model(),
        )
    }


def delete_created(before):
    """Delete what the test committed, children before parents."""
    new = {model: model._default_manager.exclude(pk__in=ids) for model, ids in before.items()}
    new[XtdComment].delete()
    new[Registration].delete()
    new_pages = list(new[Page].order_by("depth").values_list("pk", flat=True))
    for pk in new_pages:
        page = Page.objects.filter(pk=pk).first()
        if page is not None:
            page.delete()  # with its descendants
    PageLogEntry.objects.filter(page_id__in=new_pages).delete()
    Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in new_pages],
    ).delete()
    for model in (get_document_model(), get_image_model(), get_user_model()):
        new[model].delete()


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Database access in autocommit mode; what the test creates is deleted."""
    with django_db_blocker.unblock():
        before = existing_ids()
        try:
            yield
        finally:
            delete_created(before)
            assert existing_ids() == before


def test_backup_then_restore_into_a_fresh_database_brings_everything_back(
    committed, settings, tmp_path, fresh_database, capsys
):
    home_pages = ensure_home_pages()
    sections = ensure_resource_sections(*home_pages)
    settings.MEDIA_ROOT = tmp_path / "media"
    build_site(sections, home_pages)

    call_command("backup", "--output", str(tmp_path / "backups"))
    summary = capsys.readouterr().out
    [archive] = (tmp_path / "backups").glob("cmhub-backup-*.tar.gz")
    assert f"Backup written: {archive}" in summary

    with connection.cursor() as cursor:
        expected = snapshot(cursor)
    expected_media = media_snapshot(settings.MEDIA_ROOT)
    assert len(expected["pages"]) == Page.objects.count()
    assert {row[3] for row in expected["pages"]} == {0, 1}  # live and draft pages
    assert len(expected["comments"]) == 3
    assert sorted(row[3:] for row in expected["registrations"]) == [
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    assert len(expected_media) == 2  # the document and the original image

    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["counts"] == {
        "pages": Page.objects.count(),
        "live_pages": Page.objects.live().count(),
        "comments": 3,
        "registrations": 3,
        "users": 3,
        "documents": 1,
        "images": 1,
    }
    assert manifest["media"] == {
        "included": True,
        "files": 2,
        "bytes": sum(len(data) for data in expected_media.values()),
    }
    assert manifest["migrations"]["events"].startswith("00")
    assert manifest["versions"]["django"].startswith("5.")

    database_url, read_restored = fresh_database
    restored_media = tmp_path / "restored-media"
    result = run_test_settings(
        "restore",
        str(archive),
        "--noinput",
        database_url=database_url,
        media_root=restored_media,
    )
    assert result.returncode == 0, result.stderr
    assert "complete and verified" in result.stdout
    assert "MISMATCH" not in result.stdout

    assert read_restored() == expected
    assert media_snapshot(restored_media) == expected_media

    # The restored site backs up in turn (a database file or server, as in
    # production, not the tests' in-memory one) with the same counts.
    result = run_test_settings(
        "backup",
        "--output",
        str(tmp_path / "again"),
        database_url=database_url,
        media_root=restored_media,
    )
    assert result.returncode == 0, result.stderr
    [second] = (tmp_path / "again").glob("cmhub-backup-*.tar.gz")
    with tarfile.open(second) as opened:
        second_manifest = json.load(opened.extractfile("manifest.json"))
    assert second_manifest["counts"] == manifest["counts"]
    assert second_manifest["media"] == manifest["media"]
    assert second_manifest["migrations"] == manifest["migrations"]


def test_the_rows_an_app_registers_are_in_the_manifest_and_checked_after_restore(
    committed, tmp_path, monkeypatch, capsys
):
    """Apps register what a restore must bring back (comments, registrations
    and, here, an app's "badges"): core names none of them."""
    monkeypatch.setattr(backup_module, "_counters", dict(backup_module._counters))
    badges = {"rows": 4}
    register_backup_counter("badges", lambda: badges["rows"])

    call_command("backup", "--output", str(tmp_path))
    assert "  badges        4\n" in capsys.readouterr().out
    [archive] = tmp_path.glob("cmhub-backup-*.tar.gz")
    with tarfile.open(archive) as opened:
        counts = json.load(opened.extractfile("manifest.json"))["counts"]
    assert counts["badges"] == 4
    assert {"comments", "registrations"} <= set(counts)
    assert count_mismatches(counts, site_counts()) == {}

    badges["rows"] = 3  # one lost in the restore
    assert count_mismatches(counts, site_counts()) == {"badges": (4, 3)}


# --- Refusals ----------------------------------------------------------------


@pytest.fixture
def archive(db, tmp_path):
    """An archive that passes every check made before the confirmation: a
    manifest for this database vendor and a dump. (Nothing is restored.)"""
    dump = DATABASE_FILES[connection.vendor]
    manifest = {"format": 1, "database": {"vendor": connection.vendor, "file": dump}}
    return write_tar(
        tmp_path / "cmhub-backup-20260131-020000.tar.gz",
        {"manifest.json": json.dumps(manifest).encode(), dump: b"dump", "media/a.txt": b"a"},
    )


def write_tar(path, files):
    with tarfile.open(path, "w:gz") as opened:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            opened.addfile(info, io.BytesIO(data))
    return path


def restore_error(*args):
    with pytest.raises(CommandError) as raised:
        call_command("restore", *args, stdout=io.StringIO())
    return str(raised.value)


def test_restore_of_a_missing_archive_says_so(tmp_path):
    message = restore_error(str(tmp_path / "nope.tar.gz"), "--noinput")
    assert message == f"Backup archive not found: {tmp_path / 'nope.tar.gz'}"


def test_restore_of_a_file_that_is_not_a_tar_says_so(tmp_path):
    path = tmp_path / "notes.tar.gz"
    path.write_bytes(b"not an archive at all")
    assert "is not a CM Hub backup archive (not a tar.gz file)" in restore_error(
        str(path), "--noinput"
    )


def test_restore_of_a_tar_without_manifest_says_so(tmp_path):
    path = write_tar(tmp_path / "other.tar.gz", {"database.sqlite3": b"x"})
    assert "has no manifest.json" in restore_error(str(path), "--noinput")


def test_restore_refuses_a_backup_of_another_database_vendor(tmp_path):
    other = "sqlite" if ON_POSTGRES else "postgresql"
    dump = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}[other]
    manifest = {"format": 1, "database": {"vendor": other, "file": dump}, "counts": {}}
    path = write_tar(
        tmp_path / "other.tar.gz", {"manifest.json": json.dumps(manifest).encode(), dump: b"x"}
    )
    message = restore_error(str(path), "--noinput")
    here = "PostgreSQL" if ON_POSTGRES else "SQLite"
    there = "SQLite" if ON_POSTGRES else "PostgreSQL"
    assert f"holds a {there} database, but this site is configured for {here}" in message


def test_restore_refuses_unsafe_media_paths_before_touching_anything(archive, tmp_path):
    with tarfile.open(archive) as opened:
        files = {
            member.name: opened.extractfile(member).read()
            for member in opened.getmembers()
            if member.isfile()
        }
    files["media/../../escaped.txt"] = b"outside"
    path = write_tar(tmp_path / "evil.tar.gz", files)
    pages = Page.objects.count()
    assert "unsafe media entry" in restore_error(str(path), "--noinput")
    assert Page.objects.count() == pages
    assert not (tmp_path / "escaped.txt").exists()


def test_restore_without_noinput_refuses_when_nobody_can_confirm(archive, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))  # a pipe, not a terminal
    pages = Page.objects.count()
    message = restore_error(str(archive))
    assert "run again with --noinput" in message
    assert Page.objects.count() == pages


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_restore_without_noinput_stops_when_the_answer_is_no(archive, monkeypatch):
    monkeypatch.setattr(sys, "stdin", Terminal("no\n"))
    pages = Page.objects.count()
    assert restore_error(str(archive)) == "Restore cancelled: nothing was changed."
    assert Page.objects.count() == pages


def test_restore_errors_are_messages_not_tracebacks(tmp_path):
    path = tmp_path / "broken.tar.gz"
    path.write_bytes(b"\x1f\x8b garbage")
    result = run_test_settings(
        "restore",
        str(path),
        "--noinput",
        database_url=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        media_root=tmp_path / "media",
    )
    assert result.returncode == 1
    assert "CommandError: " in result.stderr
    assert "is not a CM Hub backup archive" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "unused.sqlite3").exists()
