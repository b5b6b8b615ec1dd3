"""What every content app shares: the abstract base page and site settings."""

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page
from wagtail.search import index

from .routing import RouteCachedPage


class BasePage(RouteCachedPage, Page):
    """Fields and behaviour shared by every member-facing content page.

    The summary is shown on cards and search results, and weighs more than
    the body in search.
    """

    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences shown on listings and in search results."),
    )

    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_(
            "Members may post and reply. When closed, the existing discussion stays visible."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("summary")]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel([FieldPanel("comments_open")], heading=_("Comments")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.AutocompleteField("title"),
    ]

    class Meta:
        abstract = True

    @property
    def kind_label(self):
        """The page type's name, as members read it on cards ("Guide")."""
        return self._meta.verbose_name


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Site-wide choices editors can change without a deployment."""

    guide_review_months = models.PositiveSmallIntegerField(
        _("guide review period (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "A guide not reviewed for longer than this shows a 'needs review' warning: "
            "platforms change fast."
        ),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Where members can write to the editorial team."),
    )

    hold_first_comments = models.PositiveSmallIntegerField(
        _("comments held for moderation per new member"),
        default=1,
        validators=[MaxValueValidator(20)],
        help_text=_(
            "A member's first comments wait in the moderation queue until a moderator "
            "approves them. 0 publishes every comment at once."
        ),
    )
    comments_per_minute = models.PositiveSmallIntegerField(
        _("comments per minute per member"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Flood protection: a member posting more often is asked to wait."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("guide_review_months")], heading=_("Resources")),
        MultiFieldPanel(
            [FieldPanel("hold_first_comments"), FieldPanel("comments_per_minute")],
            heading=_("Comments"),
        ),
        FieldPanel("contact_email"),
    ]

    class Meta:
        verbose_name = _("CM Hub settings")

    @classmethod
    def for_site(cls, site):
        """Wagtail's (the site's settings, created when missing), kept in the
        cache under the site's key: a guide or a comment form read them on
        every request, one query each. Forgotten whenever they are saved or
        deleted (`_site_settings_changed`)."""
        if site is None or not settings.FRAGMENT_CACHE_TIMEOUT:
            return super().for_site(site)
        key = SITE_SETTINGS_KEY.format(site=site.pk)
        instance = cache.get(key)
        if instance is None:
            instance = super().for_site(site)
            # A change behind Django's back (no signal) is seen within 10 minutes.
            cache.set(key, instance, min(settings.FRAGMENT_CACHE_TIMEOUT, 600))
        return instance


SITE_SETTINGS_KEY = "cmhub:site-settings:1:{site}"


@receiver(post_save, sender=SiteSettings, dispatch_uid="cmhub_site_settings_saved")
@receiver(post_delete, sender=SiteSettings, dispatch_uid="cmhub_site_settings_deleted")
def _site_settings_changed(sender, instance, **kwargs):
    key = SITE_SETTINGS_KEY.format(site=instance.site_id)
    cache.delete(key)
    # A request that read the settings before the change committed may have
    # cached the old ones meanwhile.
    transaction.on_commit(lambda: cache.delete(key))
