"""A management command run once, or in a loop with ``--every SECONDS``:
what the docker-compose services ``statistics`` and ``scheduler`` run, so
that no cron is needed. SIGTERM (``docker compose stop``) lets the current
run finish, then the loop ends."""

import signal
import time

from django.core.management.base import BaseCommand, CommandError


class PeriodicCommand(BaseCommand):
    """Subclasses define ``run_once(options)``; ``run_in_loop`` is what each
    turn of the loop runs (by default the same)."""

    #: How one run is called in the options' help ("run", "flush").
    run_name = "run"

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDS",
            help="Do it again every SECONDS until stopped (SIGTERM or Ctrl-C).",
        )
        parser.add_argument(
            "--count",
            type=int,
            default=0,
            help=f"With --every: stop after this many {self.run_name}s (0, the default: never).",
        )

    def run_once(self, options):
        raise NotImplementedError

    def run_in_loop(self, options):
        self.run_once(options)

    def handle(self, *args, **options):
        every, count = options["every"], options["count"]
        if every is None:
            self.run_once(options)
            return
        if every < 0 or count < 0:
            raise CommandError("--every and --count take numbers of 0 or more.")
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        done = 0
        while not self.stopping:
            self.run_in_loop(options)
            done += 1
            if count and done >= count:
                break
            time.sleep(every)

    def stop(self, *_args):
        """SIGTERM (docker compose stop): finish this run, then exit."""
        self.stopping = True
