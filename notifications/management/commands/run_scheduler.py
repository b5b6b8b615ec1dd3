"""`manage.py run_scheduler`: run the scheduled jobs (event reminders, late
notification e-mails; `notifications.scheduler`).

Once, or with ``--every SECONDS`` in a loop: the docker-compose service
``scheduler`` runs it every minute, which needs no cron. Every job is safe
to run twice, so two schedulers, or a restart in the middle, send nothing
twice."""

import logging
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.scheduler import run_jobs

logger = logging.getLogger("notifications.scheduler")


class Command(BaseCommand):
    help = "Run the scheduled jobs: event reminders, late notification e-mails."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDS",
            help="Run again every SECONDS until stopped (SIGTERM or Ctrl-C).",
        )
        parser.add_argument(
            "--count",
            type=int,
            default=0,
            help="With --every: stop after this many runs (0, the default: never).",
        )

    def handle(self, *args, **options):
        every, count = options["every"], options["count"]
        if every is None:
            self.report(run_jobs(timezone.now()), options)
            return
        if every < 0 or count < 0:
            raise CommandError("--every and --count take numbers of 0 or more.")
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        done = 0
        while not self.stopping:
            self.report(run_jobs(timezone.now()), options)
            done += 1
            if count and done >= count:
                break
            time.sleep(every)

    def stop(self, *_args):
        """SIGTERM (docker compose stop): finish this run, then exit."""
        self.stopping = True

    def report(self, results, options):
        if options["verbosity"] > 1:
            for name, result in results.items():
                self.stdout.write(f"{name}: {result}")
