"""The notification e-mails, sent by the task queue (django-tasks).

Each e-mail is sent at most once and none is lost when a worker dies:

1. the task loads the notification, renders its e-mail and connects to the
   mail server (the slow part: DNS, TLS, login) while the notification is
   still "to send" (PENDING): a worker killed meanwhile leaves it PENDING;
2. it claims the notification (PENDING → SENDING, one UPDATE that only one
   worker can win) and commits the claim;
3. it hands the message over on the open connection; if the mail server
   refuses it, the claim is given back (SENDING → PENDING) for a later try;
4. it marks the notification SENT.

A worker killed between 3 and 4 leaves SENDING: the e-mail went out, and
nothing sends it again. A task that never ran or was killed before its
claim (worker killed, queue lost) leaves PENDING: `send_pending_emails`,
run every minute by the scheduler (`manage.py run_scheduler`), sends those.
Only a worker killed while the message itself is being transferred (after
the claim, before the server's answer: milliseconds) loses it, rather than
risk sending it twice; the scheduler logs those after an hour.
"""

import datetime
import logging

from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from core.emails import site_email
from core.links import public_url

from .kinds import KINDS
from .models import EmailStatus, Notification

logger = logging.getLogger(__name__)

#: A PENDING e-mail older than this is sent by the sweep (its task is late or lost).
LATE_AFTER = datetime.timedelta(minutes=2)


def notification_email(notification):
    """The e-mail of one notification, in the recipient's language."""
    member = notification.recipient
    with translation.override(member.preferred_language):
        context = {
            "member": member,
            "text": notification.text(),
            "url": public_url(notification.url) if notification.url else "",
            "details": notification.context.get("details", ""),
            "preferences_url": public_url(reverse("notifications:preferences")),
        }
        subject = str(KINDS[notification.kind].label)
        return site_email(subject, "notifications/email/notification.txt", context, member.email)


def claim(pk):
    """Take the e-mail of notification ``pk`` for sending: True for the one
    caller that wins it."""
    with transaction.atomic():
        return bool(
            Notification.objects.filter(pk=pk, email_status=EmailStatus.PENDING).update(
                email_status=EmailStatus.SENDING, email_claimed_at=timezone.now()
            )
        )


def send_one(pk):
    """Send one notification's e-mail (see the module's docstring); False
    when another worker has it, it was sent, or it is no longer to send."""
    notification = (
        Notification.objects.select_related("recipient", "page")
        .filter(pk=pk, email_status=EmailStatus.PENDING)
        .first()
    )
    if notification is None:
        return False
    if not notification.recipient.is_active:
        Notification.objects.filter(pk=pk, email_status=EmailStatus.PENDING).update(
            email_status=EmailStatus.NONE
        )
        return False
    message = notification_email(notification)
    with get_connection() as connection:  # connected before the claim
        if not claim(pk):
            return False
        try:
            connection.send_messages([message])
        except Exception:
            Notification.objects.filter(pk=pk).update(email_status=EmailStatus.PENDING)
            raise
        Notification.objects.filter(pk=pk).update(email_status=EmailStatus.SENT)
    return True


@task()
def send_notification_email(notification_id: int):
    """Send one notification's e-mail (see the module's docstring)."""
    send_one(notification_id)


def send_pending_emails(now=None):
    """Send the e-mails still PENDING after `LATE_AFTER` (their task was lost
    or failed); returns how many were sent. Each is claimed first, so a task
    running at the same moment does not send it too."""
    now = now or timezone.now()
    late = Notification.objects.filter(
        email_status=EmailStatus.PENDING, created_at__lte=now - LATE_AFTER
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(late[:500]):
        try:
            sent += send_one(pk)
        except Exception:
            logger.exception("Notification e-mail %s not sent; will try again", pk)
    stuck = Notification.objects.filter(
        email_status=EmailStatus.SENDING, email_claimed_at__lte=now - datetime.timedelta(hours=1)
    ).count()
    if stuck:
        logger.warning(
            "%s notification e-mails were claimed over an hour ago and not marked sent "
            "(a worker stopped while sending): not sent again.",
            stuck,
        )
    return sent
