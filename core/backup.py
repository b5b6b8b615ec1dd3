"""Backup and restore of a CM Hub site: the database, the media and a manifest
in one ``.tar.gz`` archive (``manage.py backup`` / ``manage.py restore``).

Archive layout::

    manifest.json        what the archive holds and the counts used to verify a restore
    database.dump        PostgreSQL: ``pg_dump --format=custom``
    database.sqlite3     SQLite: a consistent copy made with SQLite's backup API
    media/...            the files of MEDIA_ROOT (absent with object storage)

Every failure an operator can cause or meet (missing archive, wrong file,
another database vendor, missing PostgreSQL client...) raises ``BackupError``
with a message meant to be read, never a traceback.
"""

import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump / pg_restore, with argument lists
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import django
import wagtail
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MEDIA_DIR = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}

# What a restore is checked against: {label: function returning a count}.
# Core counts what Wagtail and Django hold; each app adds the rows it owns
# with register_backup_counter() from its AppConfig.ready.
_counters = {
    "pages": lambda: Page.objects.count(),
    "live_pages": lambda: Page.objects.filter(live=True).count(),
    "users": lambda: get_user_model()._default_manager.count(),
    "documents": lambda: get_document_model()._default_manager.count(),
    "images": lambda: get_image_model()._default_manager.count(),
}


class BackupError(Exception):
    """A backup or a restore cannot go on; the message says why and what to do."""


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    size: int


# --- Facts about the current site ---------------------------------------------


def vendor_name(vendor):
    return VENDOR_NAMES.get(vendor, vendor)


def media_on_filesystem():
    return settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


def register_backup_counter(label, count):
    """Check ``label`` after every restore: ``count()`` returns the number of
    rows of that kind, written in the backup's manifest and counted again
    once the database is restored. Called by the app that owns the rows,
    from its ``AppConfig.ready``."""
    _counters[label] = count


def site_counts():
    """The number of rows a restore must bring back, by kind."""
    return {label: count() for label, count in _counters.items()}


def last_migrations():
    """The last applied migration of each app, e.g. {"events": "0007_..."}."""
    last = {}
    records = MigrationRecorder(connection).migration_qs.order_by("applied", "id")
    for app, name in records.values_list("app", "name"):
        last[app] = name
    return dict(sorted(last.items()))


def media_files(root):
    """Regular files under the media folder, as sorted relative POSIX paths."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


# --- Database dump and load ----------------------------------------------------


def _pg_command_env(settings_dict):
    """Connection parameters of libpq tools: the password never appears in
    the process list, only in the child's environment."""
    env = os.environ.copy()
    options = settings_dict.get("OPTIONS") or {}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(option):
            env[variable] = str(options[option])
    return env


def _pg_connection_args(settings_dict):
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    return args


def _run(command, settings_dict):
    program = command[0]
    try:
        completed = subprocess.run(  # noqa: S603 - fixed program, argument list
            command,
            env=_pg_command_env(settings_dict),
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{program} was not found. Install the PostgreSQL client tools "
            "(package postgresql-client, the same major version as the server or newer)."
        ) from error
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip()
        raise BackupError(f"{program} failed (exit code {completed.returncode}): {detail}")
    return completed


def dump_database(target):
    """Write the current database to ``target``; return the vendor."""
    vendor = connection.vendor
    settings_dict = connection.settings_dict
    if vendor == "postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-acl",
                "--file",
                str(target),
                *_pg_connection_args(settings_dict),
                "--dbname",
                str(settings_dict["NAME"]),
            ],
            settings_dict,
        )
    elif vendor == "sqlite":
        # The backup API copies a consistent snapshot, even while the site
        # writes (unlike a file copy, which can catch a half-written page).
        name = str(settings_dict["NAME"])
        if _sqlite_in_memory(name):
            # Only the live connection sees an in-memory database (tests).
            # SQLite refuses to copy from a connection inside a write
            # transaction, and Python would retry forever: say so instead.
            if connection.in_atomic_block:
                raise BackupError("Cannot back up SQLite from inside a transaction.")
            connection.ensure_connection()
            source = connection.connection
        else:
            # A connection of its own, read-only: it reads the last committed
            # state whatever the Django connection is doing.
            source = _sqlite_read_only(name)
        try:
            _sqlite_copy(source, target, f"Could not copy the SQLite database {name}")
        finally:
            if source is not connection.connection:
                source.close()
    else:
        raise BackupError(f"Backups of a {vendor} database are not supported.")
    return vendor


def _sqlite_in_memory(name):
    return name == ":memory:" or "mode=memory" in name


def _sqlite_read_only(path):
    """A read-only connection to the SQLite file at ``path``."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def _sqlite_copy(source, target, failure):
    """Copy the open SQLite connection ``source`` into the file ``target``
    with SQLite's online backup; ``failure`` starts the error's message."""
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    except sqlite3.Error as error:
        raise BackupError(f"{failure}: {error}") from error
    finally:
        destination.close()


def load_database(source):
    """Replace the configured database by the dump at ``source``."""
    vendor = connection.vendor
    settings_dict = connection.settings_dict
    connection.close()
    if vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                "--exit-on-error",
                *_pg_connection_args(settings_dict),
                "--dbname",
                str(settings_dict["NAME"]),
                str(source),
            ],
            settings_dict,
        )
    elif vendor == "sqlite":
        name = str(settings_dict["NAME"])
        if _sqlite_in_memory(name):
            raise BackupError("Cannot restore into an in-memory SQLite database.")
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        origin = _sqlite_read_only(source)
        try:
            _sqlite_copy(origin, name, f"Could not write the SQLite database {name}")
        finally:
            origin.close()
    else:
        raise BackupError(f"Restoring a {vendor} database is not supported.")
    connection.close()


# --- Backup ------------------------------------------------------------------


def backup(output_dir, now=None):
    """Write ``cmhub-backup-YYYYmmdd-HHMMSS.tar.gz`` (UTC time) into
    ``output_dir`` and return what was written."""
    now = now or datetime.now(UTC)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / f"cmhub-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    number = 1
    while path.exists():  # two backups in the same second
        path = output_dir / f"cmhub-backup-{now:%Y%m%d-%H%M%S}-{number}.tar.gz"
        number += 1

    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups of a {vendor} database are not supported.")
    database_file = DATABASE_FILES[vendor]
    with tempfile.TemporaryDirectory(prefix="cmhub-backup-") as workdir:
        dump_path = Path(workdir) / database_file
        # Counts first, dump second: rows added in between make the restored
        # counts higher, which the restore reports as a mismatch rather
        # than hiding a loss.
        counts = site_counts()
        migrations = last_migrations()
        dump_database(dump_path)

        if media_on_filesystem():
            media_root = Path(settings.MEDIA_ROOT)
            files = media_files(media_root)
            media = {
                "included": True,
                "files": len(files),
                "bytes": sum((media_root / name).stat().st_size for name in files),
            }
        else:
            files = []
            media = {
                "included": False,
                "reason": "media are in object storage "
                f"({settings.STORAGES['default']['BACKEND']}); back up the bucket itself",
            }

        manifest = {
            "format": FORMAT_VERSION,
            "created": now.isoformat(timespec="seconds"),
            "database": {"vendor": vendor, "file": database_file},
            "versions": {"django": django.get_version(), "wagtail": wagtail.__version__},
            "migrations": migrations,
            "counts": counts,
            "media": media,
        }
        manifest_path = Path(workdir) / MANIFEST_NAME
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")

        partial = path.with_name(path.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(manifest_path, arcname=MANIFEST_NAME)
                archive.add(dump_path, arcname=database_file)
                for name in files:
                    archive.add(
                        Path(settings.MEDIA_ROOT) / name,
                        arcname=f"{MEDIA_DIR}/{name}",
                        recursive=False,
                    )
            os.chmod(partial, 0o600)  # the archive holds every account
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return BackupResult(path=path, manifest=manifest, size=path.stat().st_size)


# --- Restore -----------------------------------------------------------------


def open_archive(path):
    """Open a backup archive and read its manifest; check it can be restored here."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Backup archive not found: {path}")
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 - returned to the caller
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is not a CM Hub backup archive (not a tar.gz file).") from error
    try:
        manifest = read_manifest(archive, path)
        check_restorable(archive, manifest, path)
    except BaseException:
        archive.close()
        raise
    return archive, manifest


def read_manifest(archive, path):
    try:
        member = archive.getmember(MANIFEST_NAME)
        stream = archive.extractfile(member)
        manifest = json.loads(stream.read().decode("utf-8")) if stream else None
    except KeyError as error:
        raise BackupError(
            f"{path} has no {MANIFEST_NAME}: it is not a CM Hub backup archive."
        ) from error
    except (tarfile.TarError, OSError, EOFError, UnicodeDecodeError, ValueError) as error:
        raise BackupError(f"{path} is damaged: its {MANIFEST_NAME} cannot be read.") from error
    if not isinstance(manifest, dict) or "database" not in manifest:
        raise BackupError(f"{path} has an invalid {MANIFEST_NAME}.")
    return manifest


def check_restorable(archive, manifest, path):
    version = manifest.get("format")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"{path} was written in backup format {version!r}; this version of CM Hub "
            f"reads format {FORMAT_VERSION} and older. Restore it with a newer CM Hub."
        )
    vendor = (manifest.get("database") or {}).get("vendor")
    if vendor != connection.vendor:
        raise BackupError(
            f"{path} holds a {vendor_name(vendor)} database, but this site is configured "
            f"for {vendor_name(connection.vendor)}. Restore it into a site that uses "
            f"{vendor_name(vendor)} (set DATABASE_URL)."
        )
    database_file = manifest["database"].get("file")
    if database_file not in DATABASE_FILES.values() or database_file not in archive.getnames():
        raise BackupError(f"{path} is incomplete: the database dump is missing.")


def _safe_media_members(archive):
    """The media files of the archive; refuses links and paths that would
    land outside the media folder."""
    members = []
    for member in archive.getmembers():
        name = PurePosixPath(member.name)
        if not name.parts or name.parts[0] != MEDIA_DIR or len(name.parts) < 2:
            continue
        if member.isdir():
            continue
        if not member.isfile() or name.is_absolute() or ".." in name.parts:
            raise BackupError(f"Refusing the archive: unsafe media entry {member.name!r}.")
        members.append(member)
    return members


def restore(archive, manifest, log=print):
    """Load the database and the media of an opened archive, then count what
    the restored site holds. Returns (expected, actual) counts, media files
    included (``media_files``) when they were restored to disk."""
    media_members = _safe_media_members(archive)  # refused before anything changes
    with tempfile.TemporaryDirectory(prefix="cmhub-restore-") as workdir:
        database_file = manifest["database"]["file"]
        archive.extract(database_file, workdir, filter="data")
        log(f"Restoring the {vendor_name(connection.vendor)} database...")
        load_database(Path(workdir) / database_file)

        restored_media = None
        if not media_members:
            log("No media files in the archive.")
        elif not media_on_filesystem():
            log(
                "Media not restored: this site stores media in object storage. Copy the "
                f"archive's {MEDIA_DIR}/ folder into the bucket, keeping the paths."
            )
        else:
            media_root = Path(settings.MEDIA_ROOT)
            media_root.mkdir(parents=True, exist_ok=True)
            for member in media_members:
                relative = PurePosixPath(member.name).relative_to(MEDIA_DIR)
                target = media_root.joinpath(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                with target.open("wb") as output:
                    shutil.copyfileobj(source, output)
                os.chmod(target, settings.FILE_UPLOAD_PERMISSIONS or 0o644)
            restored_media = len(media_members)
            log(f"Restored {restored_media} media files into {media_root}.")

    expected = dict(manifest.get("counts") or {})
    actual = site_counts()
    media = manifest.get("media") or {}
    if media.get("included") and media_on_filesystem():
        expected["media_files"] = media.get("files", 0)
        actual["media_files"] = restored_media or 0
    return expected, actual


def count_mismatches(expected, actual):
    return {
        label: (value, actual.get(label))
        for label, value in expected.items()
        if actual.get(label) != value
    }
