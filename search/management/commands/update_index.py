"""`manage.py update_index`: Wagtail's index (the admin's search) and then
CM Hub's search documents, rebuilt from the content."""

import time

from modelsearch.management.commands.rebuild_modelsearch_index import Command as WagtailCommand

from search.backends import get_engine
from search.indexer import rebuild


class Command(WagtailCommand):
    help = "Rebuild Wagtail's search index and CM Hub's search documents."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--members-search-only",
            action="store_true",
            help="Rebuild only CM Hub's search documents, not Wagtail's admin index.",
        )

    def handle(self, **options):
        if not options["members_search_only"]:
            super().handle(**options)
        started = time.monotonic()
        engine = get_engine()
        self.stdout.write(f"Rebuilding CM Hub's search documents ({engine.name})…")
        total = rebuild(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"{total} documents indexed in {time.monotonic() - started:.1f} s.")
        )
