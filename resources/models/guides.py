"""How-to guides ("fiches conseil"): steps, checklists, do's and don'ts."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.search import index

from core.models import BasePage, SiteSettings

from ..blocks import GuideStreamBlock
from .base import ResourcePage


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class GuidePage(ResourcePage):
    """A how-to guide ("fiche conseil"): steps, checklists, do's and don'ts
    and the legal points, with a review date because platforms change."""

    difficulty = models.CharField(
        _("difficulty"), max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated time (minutes)"),
        null=True,
        blank=True,
        help_text=_("How long following the guide takes."),
    )
    author = models.ForeignKey(
        "community.Person",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        default=datetime.date.today,
        help_text=_("When the guide was last checked against the platforms as they are."),
    )
    body = StreamField(GuideStreamBlock(), verbose_name=_("body"))

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("difficulty"), FieldPanel("estimated_minutes")]),
        FieldRowPanel([FieldPanel("author"), FieldPanel("last_reviewed")]),
        FieldPanel("body"),
        ResourcePage.classification_panel(),
    ]

    search_fields = ResourcePage.search_fields + [
        index.SearchField("body"),
        index.FilterField("difficulty"),
    ]

    #: The kind's value stored by proposals and search documents (RESOURCE_KINDS).
    resource_kind = "guide"
    parent_page_types = ["resources.GuideIndexPage"]
    subpage_types = []

    class Meta(ResourcePage.Meta):
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def review_due_date(self, review_months):
        return self.last_reviewed + relativedelta(months=review_months)

    def needs_review(self, review_months):
        """True when the guide has not been reviewed within the period."""
        return self.review_due_date(review_months) < timezone.localdate()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        review_months = SiteSettings.for_request(request).guide_review_months
        context["needs_review"] = self.needs_review(review_months)
        context["review_months"] = review_months
        return context
