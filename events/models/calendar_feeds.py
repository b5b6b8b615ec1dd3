"""The secret address of each member's personal iCal feed (events/ical.py)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a member's personal iCal feed.

    Calendar applications fetch it without a session, so the token is the
    only key: members can replace it if the address leaks.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.member)

    def regenerate(self):
        """Give the feed a new address; the old one stops working."""
        self.token = new_feed_token()
        self.save(update_fields=["token", "created_at"])
