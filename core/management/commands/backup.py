"""``manage.py backup [--output DIR]``: the database, the media and a manifest
in one archive, ``cmhub-backup-YYYYmmdd-HHMMSS.tar.gz`` (docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup, vendor_name


def human_size(size):
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


class Command(BaseCommand):
    help = "Back up the database and the media into one .tar.gz archive with a manifest."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default="backups",
            help="Folder where the archive is written (default: backups/).",
        )

    def handle(self, *args, output, **options):
        try:
            result = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(self.style.SUCCESS(f"Backup written: {result.path}"))
        self.stdout.write(f"  size      {human_size(result.size)}")
        self.stdout.write(f"  created   {manifest['created']}")
        self.stdout.write(f"  database  {vendor_name(manifest['database']['vendor'])}")
        media = manifest["media"]
        if media["included"]:
            self.stdout.write(f"  media     {media['files']} files, {human_size(media['bytes'])}")
        else:
            self.stdout.write(f"  media     not included: {media['reason']}")
        for label, value in manifest["counts"].items():
            self.stdout.write(f"  {label.replace('_', ' '):<14}{value}")
