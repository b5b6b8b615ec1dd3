"""`manage.py update_index`: Wagtail's index (the admin's search) and then
CM Hub's search documents, rebuilt from the content.

Members' search keeps answering during the rebuild (search.indexer.rebuild
builds a new generation beside the live one and switches at the end).
With `--if-needed` (what docker-compose's `migrate` job runs at every `up`)
nothing is rebuilt unless members' search has no index yet or was built
with another schema, engine or (on Elasticsearch) other analyzers; it
then writes the documents Elasticsearch missed while it was unreachable
(search.models.SearchEngineBacklog)."""

import time

from django.core.management.base import CommandError
from modelsearch.management.commands.rebuild_modelsearch_index import Command as WagtailCommand

from search import indexer
from search.backends import get_engine


class Command(WagtailCommand):
    help = "Rebuild Wagtail's search index and CM Hub's search documents."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--members-search-only",
            action="store_true",
            help="Rebuild only CM Hub's search documents, not Wagtail's admin index.",
        )
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help=(
                "Rebuild only if members' search has no index or one built with another "
                "schema, engine or analyzers; otherwise only drop what a failed rebuild left."
            ),
        )

    def handle(self, **options):
        engine = get_engine()
        if options["if_needed"]:
            reason = indexer.needs_rebuild(engine)
            if not reason:
                dropped = indexer.cleanup()
                if dropped is not None:
                    self.stdout.write(f"Dropped generation {dropped}, left by a failed rebuild.")
                pending = indexer.SearchEngineBacklog.objects.count()
                if pending:
                    done = indexer.catch_up()
                    self.stdout.write(
                        f"{done} of {pending} documents the search engine missed while "
                        "it was unreachable brought up to date."
                    )
                    if done < pending:
                        raise CommandError("The search engine is still unreachable.")
                self.stdout.write(
                    f"The search index is up to date ({indexer.schema(engine)}): "
                    "nothing to rebuild."
                )
                return
            self.stdout.write(f"Rebuilding: {reason}.")
        if not options["members_search_only"]:
            super().handle(**options)
        started = time.monotonic()
        self.stdout.write(f"Rebuilding CM Hub's search documents ({engine.name})…")
        total = indexer.rebuild(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"{total} documents indexed in {time.monotonic() - started:.1f} s.")
        )
