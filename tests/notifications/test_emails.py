"""Notification e-mails: queued when the cause commits, sent by the task
queue in the member's language, at most once, and none lost. The worker's
death is simulated inside the sending (tests/notifications/mail_backends.py):
after the mail server accepted the message and before the notification is
marked sent; and before the task ever ran (its queue entry lost). A real
worker process killed mid-batch: tests/ops/test_worker_killed.py."""

import datetime

import pytest
from django.utils import timezone

from notifications.api import notify
from notifications.models import EmailStatus, Notification, NotificationPreference
from notifications.tasks import send_notification_email, send_one, send_pending_emails

from .mail_backends import WorkerKilled

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(minutes=10)


def test_the_email_is_queued_when_the_cause_commits(
    member, other, guide, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notify(member, "mention", guide, actor=other)
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [member.email]
    assert "Léa Morel vous a mentionné" in email.body
    assert f"http://testserver{guide.url}#" not in email.body  # a page, not a comment
    assert f"http://testserver{guide.url}" in email.body
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT


def test_the_email_is_in_the_members_language(
    make_member, other, guide, mailoutbox, django_capture_on_commit_callbacks
):
    english = make_member("sam@univ-test.example", first_name="Sam", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notify(english, "mention", guide, actor=other)
    assert "Léa Morel mentioned you in a comment" in mailoutbox[0].body


def test_in_the_site_only_sends_no_email(
    member, other, guide, mailoutbox, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=member, kind="mention", channel="site")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(member, "mention", guide, actor=other)
    assert mailoutbox == []
    assert notification.email_status == EmailStatus.NONE
    assert send_pending_emails(timezone.now() + LATER) == 0


def test_a_worker_killed_between_sending_and_marking_sends_nothing_twice(
    member, other, guide, mailoutbox, settings
):
    notification = notify(member, "mention", guide, actor=other)  # its task is not run yet
    settings.EMAIL_BACKEND = "tests.notifications.mail_backends.KilledAfterSending"
    with pytest.raises(WorkerKilled):
        send_notification_email.call(notification.pk)
    assert len(mailoutbox) == 1  # the mail server has it
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENDING

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The worker restarts and runs the task again; the scheduler sweeps.
    send_notification_email.call(notification.pk)
    assert send_pending_emails(timezone.now() + LATER) == 0
    assert send_pending_emails(timezone.now() + datetime.timedelta(days=1)) == 0
    assert len(mailoutbox) == 1


def test_an_email_whose_task_was_lost_is_sent_once_by_the_scheduler(
    member, other, guide, mailoutbox
):
    # The cause committed but the worker died before it ran the task (the
    # on-commit callback is not run here): the e-mail waits, PENDING.
    notification = notify(member, "mention", guide, actor=other)
    assert send_pending_emails(timezone.now()) == 0  # not late yet: the task may still run
    assert send_pending_emails(timezone.now() + LATER) == 1
    assert send_pending_emails(timezone.now() + LATER) == 0
    send_notification_email.call(notification.pk)  # the late task, run at last
    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT


def test_two_workers_on_the_same_email_send_it_once(member, other, guide, mailoutbox):
    notification = notify(member, "mention", guide, actor=other)
    assert send_one(notification.pk) is True
    assert send_one(notification.pk) is False
    assert len(mailoutbox) == 1


def test_a_refused_email_is_tried_again_later(member, other, guide, mailoutbox, settings):
    notification = notify(member, "mention", guide, actor=other)
    settings.EMAIL_BACKEND = "tests.notifications.mail_backends.MailServerDown"
    with pytest.raises(ConnectionRefusedError):
        send_notification_email.call(notification.pk)
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending_emails(timezone.now() + LATER) == 1
    assert len(mailoutbox) == 1


def test_the_scheduler_command_sends_late_emails(member, other, guide, mailoutbox):
    from django.core.management import call_command

    notification = notify(member, "mention", guide, actor=other)
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - LATER)
    call_command("run_scheduler")
    assert len(mailoutbox) == 1
