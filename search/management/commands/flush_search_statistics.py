"""`manage.py flush_search_statistics`: move the searches counted in the
cache into the editors' reports (search.statistics).

Once, or with ``--every SECONDS`` in a loop: the docker-compose service
``statistics`` runs it so (docs/search.md), which needs no cron."""

import logging

from core.periodic import PeriodicCommand
from search import statistics

logger = logging.getLogger("search.statistics")


class Command(PeriodicCommand):
    help = "Write the searches counted in the cache into the search reports."
    run_name = "flush"

    def run_once(self, options):
        moved = statistics.flush()
        if options["verbosity"] > 1:
            self.stdout.write(f"{moved} search(es) written.")

    def run_in_loop(self, options):
        try:
            self.run_once(options)
        except Exception:  # noqa: BLE001 - a failed flush keeps its entries; try again
            logger.exception(
                "Search statistics flush failed; trying again in %s s.", options["every"]
            )
