"""E-mail backends that fail the way a worker does: killed right after the
mail server accepted a message, or refused by the mail server."""

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class WorkerKilled(BaseException):
    """What the worker's death looks like to the code it was running: no
    ``except Exception`` catches it, nothing after it runs."""


class KilledAfterSending(EmailBackend):
    """Delivers (to ``mail.outbox``), then the worker dies before the task
    can mark the e-mail sent."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise WorkerKilled


class MailServerDown(EmailBackend):
    """The mail server refuses the connection: nothing is delivered."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


__all__ = ["KilledAfterSending", "MailServerDown", "WorkerKilled", "mail"]
