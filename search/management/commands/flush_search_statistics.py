"""`manage.py flush_search_statistics`: move the searches counted in the
cache into the editors' reports (search.statistics). Run it from cron
every minute (docs/search.md)."""

from django.core.management.base import BaseCommand

from search import statistics


class Command(BaseCommand):
    help = "Write the searches counted in the cache into the search reports."

    def handle(self, *args, **options):
        moved = statistics.flush()
        if options["verbosity"] > 1:
            self.stdout.write(f"{moved} search(es) written.")
