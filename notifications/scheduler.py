"""Jobs run every minute by `manage.py run_scheduler` (the `scheduler`
service of docker-compose.yml). Apps register theirs from
`AppConfig.ready`, the way Wagtail's hooks work; each job must be safe to
run twice at once or after a crash (the reminders keep a unique row per
registration and reminder, the e-mails claim their notification)."""

import logging

logger = logging.getLogger(__name__)

_jobs = {}


def register_job(name, function):
    """Run ``function(now)`` on every tick of the scheduler."""
    _jobs[name] = function


def jobs():
    return dict(_jobs)


def run_jobs(now):
    """Run every job once; one failing job does not stop the others.
    Returns {name: result or None}."""
    results = {}
    for name, function in _jobs.items():
        try:
            results[name] = function(now)
        except Exception:
            logger.exception("Scheduled job %s failed", name)
            results[name] = None
    return results
