"""Notifications, the member's preferences for each kind, and what they follow."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS, Channel


class EmailStatus(models.TextChoices):
    """Where a notification's e-mail is: the sending task claims it
    (PENDING → SENDING) before it sends and marks it SENT after, so two
    workers, or a retry after a crash, never send it twice."""

    NONE = "", _("No e-mail")
    PENDING = "pending", _("To send")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")


class Notification(models.Model):
    """Something a member should know about: who did it, about what, and
    where to look (``page`` and ``url``). The text is written when shown,
    in the reader's language, from the kind and ``context``."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The page the notification is about: hidden when the reader may not see it."),
    )
    url = models.CharField(_("link"), max_length=500, blank=True)
    context = models.JSONField(_("details"), default=dict, blank=True)
    key = models.CharField(
        _("unique key"),
        max_length=120,
        null=True,
        blank=True,
        help_text=_("The same key is never notified twice to a member (a mention, a reminder)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    email_claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email_status", "created_at"], name="notification_email"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self):
        return self.read_at is not None

    def text(self):
        """What the notification says, in the active language."""
        kind = KINDS.get(self.kind)
        if kind is None:
            return ""
        values = {"actor": self.context.get("actor", ""), "title": "", "reason": "—"}
        # Words the app passed as translatable texts were stored untranslated.
        values.update({k: gettext(v) for k, v in self.context.items() if v not in ("", None)})
        try:
            return str(kind.message) % values
        except (KeyError, TypeError, ValueError):
            return str(kind.label)


class NotificationPreference(models.Model):
    """How a member wants one kind of notification (the kind's default when
    there is no row)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=32)
    channel = models.CharField(_("how"), max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.channel}"


class Follow(models.Model):
    """A member follows a topic, an institution, a person or a page (a
    section of resources, or one page and its discussion). Pages are always
    stored with Wagtail's base Page content type."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The followed page (its path tells whether a page is inside it)."),
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_once"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target")]

    def __str__(self):
        return f"{self.user_id} follows {self.content_type_id}:{self.object_id}"
