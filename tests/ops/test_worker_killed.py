"""A real worker process killed (SIGKILL) in the middle of a batch of
notification e-mails: after a new worker and the scheduler's sweep, every
e-mail has been delivered exactly once.

A comment mentions five members: five notifications, five e-mail tasks
queued in PostgreSQL by django-tasks' database backend when the comment
commits, as in production. `manage.py db_worker` (docker-compose's
`worker`) sends them to tests/ops/slow_mail.py's mail server, which takes a
second to connect to and writes each accepted message to a file. The test
kills the worker with SIGKILL once the first e-mail is delivered and the
worker is connecting for the second; a new worker runs the queue, then
`manage.py run_scheduler` (docker-compose's `scheduler`, once the e-mails
are late) sends what the dead worker left.

The processes share the test run's PostgreSQL database (a transactional
test commits for real), so this runs in the PostgreSQL pass of `make test`.
"""

import datetime
import email
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from collections import Counter

import pytest
from django.db import connection
from django.db.models import F
from django_comments_xtd.models import XtdComment
from django_tasks_db.models import DBTaskResult

from community.models import MemberProfile
from home.tree import ensure_home_pages
from notifications.models import EmailStatus, Notification
from notifications.tasks import LATE_AFTER, send_notification_email
from resources.models import GuideIndexPage
from resources.tree import ensure_resource_sections
from tests.community.comment_helpers import post_comment, set_site_settings
from tests.processes import ROOT, run_manage
from tests.resources.factories import make_guide
from tests.transactional import TRANSACTIONAL_MODULE

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: worker processes share the test database with the test "
        "(runs in the PostgreSQL pass of make test, DATABASE_URL=postgres://…)",
    ),
    *TRANSACTIONAL_MODULE,
]

NAMES = {"Alice": "alice", "Bruno": "bruno", "Chloé": "chloe", "Damien": "damien", "Emma": "emma"}


def worker_environment(mail_dir, connect_seconds):
    """What the worker and scheduler processes run with: the production
    settings on this test database, tasks queued in it, the slow mail server."""
    settings = connection.settings_dict
    netloc = f"{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    if settings["PASSWORD"]:
        password = urllib.parse.quote(settings["PASSWORD"])
        netloc = f"{settings['USER']}:{password}@{netloc.split('@', 1)[1]}"
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.ops.worker_settings",
        DATABASE_URL=f"postgres://{netloc}/{settings['NAME']}",
        SECRET_KEY="worker-killed-only-" + "x" * 50,
        TASKS_BACKEND="database",
        ALLOWED_HOSTS="localhost",
        ELASTICSEARCH_URL="",
        CONN_MAX_AGE="0",
        LOG_LEVEL="WARNING",
        CMHUB_TEST_MAIL_DIR=str(mail_dir),
        CMHUB_TEST_MAIL_CONNECT_SECONDS=str(connect_seconds),
    )
    return env


def delivered(mail_dir):
    """{recipient address: how many e-mails the mail server accepted}."""
    messages = [email.message_from_bytes(path.read_bytes()) for path in mail_dir.glob("*.eml")]
    return Counter(message["To"] for message in messages)


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {seconds} s")
        time.sleep(0.05)


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    client, make_member, settings, tmp_path
):
    set_site_settings(hold_first_comments=0)
    sections = ensure_resource_sections(*ensure_home_pages())
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1, title="Guide des lives Instagram")
    author = make_member("auteur@univ-test.example", first_name="Paul", last_name="Auteur")
    members = [
        make_member(f"{address}@univ-test.example", first_name=name, last_name="Membre")
        for name, address in NAMES.items()
    ]
    for member in members:
        MemberProfile.for_user(member)
    mentions = " ".join(f"@[{m.get_full_name()}]({m.pk})" for m in members)
    client.force_login(author)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert post_comment(client, guide, f"Merci à {mentions} !").status_code == 302
    assert XtdComment.objects.count() == 1
    # Five e-mails queued in the database when the comment committed.
    queued = DBTaskResult.objects.ready().filter(task_path=send_notification_email.module_path)
    assert queued.count() == len(members)
    assert Notification.objects.filter(email_status=EmailStatus.PENDING).count() == len(members)

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    # A second to connect to the mail server: the worker is killed in it.
    env = worker_environment(mail_dir, connect_seconds=1)
    worker = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # The first e-mail is out; the worker is connecting for the second.
        wait_until(
            lambda: (
                sum(delivered(mail_dir).values()) == 1
                and len(list(mail_dir.glob("connecting-*"))) == 2
            ),
            60,
            "the worker sending its second e-mail",
        )
    except AssertionError:
        worker.kill()
        raise AssertionError(worker.communicate(timeout=30)[1].decode()[-3000:]) from None
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    assert sum(delivered(mail_dir).values()) == 1

    # docker compose restarts the worker: it runs what is still queued.
    env = worker_environment(mail_dir, connect_seconds=0.1)
    finished = run_manage("db_worker", "--batch", "--no-startup-delay", env=env, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert sum(delivered(mail_dir).values()) == len(members) - 1

    # Minutes later, the scheduler sends the e-mail the dead worker left.
    Notification.objects.update(
        created_at=F("created_at") - LATE_AFTER - datetime.timedelta(minutes=1)
    )
    swept = run_manage("run_scheduler", env=env, timeout=120)
    assert swept.returncode == 0, swept.stderr
    # Each member has their e-mail, once: none lost, none sent twice.
    assert delivered(mail_dir) == {member.email: 1 for member in members}
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
