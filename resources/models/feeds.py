"""Members' secret feed addresses (resources/feeds.py serves the feeds)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_feed_token():
    return secrets.token_urlsafe(32)


class ResourceFeedToken(models.Model):
    """A member's secret feed address. Regenerating it revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_feed_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resource feed token")

    def __str__(self):
        return f"{self.user} feed"

    @classmethod
    def for_user(cls, user):
        token, _created = cls.objects.get_or_create(user=user)
        return token

    def regenerate(self):
        self.token = new_feed_token()
        self.save(update_fields=["token", "created_at"])
