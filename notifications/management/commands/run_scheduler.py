"""`manage.py run_scheduler`: run the scheduled jobs (event reminders, late
notification e-mails; `notifications.scheduler`).

Once, or with ``--every SECONDS`` in a loop: the docker-compose service
``scheduler`` runs it every minute, which needs no cron. Every job is safe
to run twice, so two schedulers, or a restart in the middle, send nothing
twice."""

from django.utils import timezone

from core.periodic import PeriodicCommand
from notifications.scheduler import run_jobs


class Command(PeriodicCommand):
    help = "Run the scheduled jobs: event reminders, late notification e-mails."

    def run_once(self, options):
        results = run_jobs(timezone.now())
        if options["verbosity"] > 1:
            for name, result in results.items():
                self.stdout.write(f"{name}: {result}")
