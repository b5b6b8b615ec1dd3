"""Enqueue the weekly digest e-mail of every member due (run it from cron)."""

from django.core.management.base import BaseCommand

from home.digest import enqueue_digests


class Command(BaseCommand):
    help = "Enqueue one digest e-mail task per member whose weekly digest is due."

    def handle(self, *args, **options):
        count = enqueue_digests()
        self.stdout.write(f"{count} digest(s) enqueued.")
