"""`manage.py flush_search_statistics`: move the searches counted in the
cache into the editors' reports (search.statistics).

Once, or with ``--every SECONDS`` in a loop: the docker-compose service
``statistics`` runs it so (docs/search.md), which needs no cron."""

import logging
import signal
import time

from django.core.management.base import BaseCommand, CommandError

from search import statistics

logger = logging.getLogger("search.statistics")


class Command(BaseCommand):
    help = "Write the searches counted in the cache into the search reports."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDS",
            help="Flush again every SECONDS until stopped (SIGTERM or Ctrl-C).",
        )
        parser.add_argument(
            "--count",
            type=int,
            default=0,
            help="With --every: stop after this many flushes (0, the default: never).",
        )

    def handle(self, *args, **options):
        every, count = options["every"], options["count"]
        if every is None:
            self.report(statistics.flush(), options)
            return
        if every < 0 or count < 0:
            raise CommandError("--every and --count take numbers of 0 or more.")
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        done = 0
        while not self.stopping:
            try:
                self.report(statistics.flush(), options)
            except Exception:  # noqa: BLE001 - a failed flush keeps its entries; try again
                logger.exception("Search statistics flush failed; trying again in %s s.", every)
            done += 1
            if count and done >= count:
                break
            time.sleep(every)

    def stop(self, *_args):
        """SIGTERM (docker compose stop): finish this flush, then exit."""
        self.stopping = True

    def report(self, moved, options):
        if options["verbosity"] > 1:
            self.stdout.write(f"{moved} search(es) written.")
