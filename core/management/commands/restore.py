"""``manage.py restore ARCHIVE [--noinput]``: replace the database and the
media by those of a backup archive, then check the counts of its manifest
(docs/operations.md)."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.backup import BackupError, count_mismatches, open_archive, restore, vendor_name


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: REPLACES the database and "
        "the media files of this site, then verifies the counts of the manifest."
    )
    # Checks would query the database that is about to be replaced.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A cmhub-backup-*.tar.gz file.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation (for scripts).",
        )

    def handle(self, *args, archive, interactive, **options):
        try:
            opened, manifest = open_archive(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        with opened:
            self.describe(archive, manifest)
            if interactive:
                self.confirm()
            try:
                expected, actual = restore(opened, manifest, log=self.stdout.write)
            except BackupError as error:
                raise CommandError(str(error)) from error

        mismatches = count_mismatches(expected, actual)
        self.stdout.write("Verification (archive / restored):")
        for label, value in expected.items():
            mark = "ok" if label not in mismatches else "MISMATCH"
            self.stdout.write(
                f"  {label.replace('_', ' '):<14}{value} / {actual.get(label)}  {mark}"
            )
        if mismatches:
            details = ", ".join(
                f"{label} {wanted} expected, {found} found"
                for label, (wanted, found) in mismatches.items()
            )
            raise CommandError(f"Restore verification failed: {details}.")
        self.stdout.write(self.style.SUCCESS(f"Restore of {archive} complete and verified."))
        self.stdout.write(
            "Next: run `manage.py migrate` if this code is newer than the backup, then "
            "`manage.py update_index` to rebuild the search index."
        )

    def describe(self, archive, manifest):
        versions = manifest.get("versions") or {}
        self.stdout.write(f"Archive   {archive}")
        self.stdout.write(f"Created   {manifest.get('created')}")
        self.stdout.write(
            f"Database  {vendor_name(manifest['database']['vendor'])}, "
            f"Django {versions.get('django')}, Wagtail {versions.get('wagtail')}"
        )
        name = connection.settings_dict.get("NAME")
        self.stdout.write(f"Target    database {name}, media in {settings.MEDIA_ROOT}")

    def confirm(self):
        if not sys.stdin or not sys.stdin.isatty():
            raise CommandError(
                "Restore replaces the whole database and the media files. No terminal to "
                "ask for confirmation: run again with --noinput to proceed."
            )
        answer = input(
            "This REPLACES the database and the media files of this site. Type 'yes' to continue: "
        )
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled: nothing was changed.")
