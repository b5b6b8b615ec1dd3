"""Members' secret feed addresses (resources/feeds.py serves the feeds)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from core import member_access

#: The member's token as `core.member_access` reads it with the member (one
#: query with the member's row, none when the member comes from the cache).
MEMBER_VALUE = "feed_token_value"


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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The cached member carries the token: a new one is read from now on.
        member_access.forget([self.user_id])

    @classmethod
    def for_user(cls, user):
        token, _created = cls.objects.get_or_create(user=user)
        return token

    def regenerate(self):
        self.token = new_feed_token()
        self.save(update_fields=["token", "created_at"])

    @classmethod
    def member_token(cls, user):
        """The member's token, read with the member (see MEMBER_VALUE): no
        query of its own on pages that link to the feeds on every visit,
        such as the dashboard. Created the first time."""
        token = getattr(user, MEMBER_VALUE, None)
        return token if token is not None else cls.for_user(user).token


def member_token_expression():
    """The member's token, for `core.member_access.register_member_value`."""
    return Subquery(ResourceFeedToken.objects.filter(user=OuterRef("pk")).values("token")[:1])
