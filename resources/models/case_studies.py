"""Case studies ("retours d'expérience")."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES
from core.models import BasePage

from ..blocks import AttachmentsStreamBlock, ResultFigureBlock, TimelineStepBlock
from .base import ResourcePage


class CaseKind(models.TextChoices):
    SUCCESS = "success", _("Success")
    CRISIS = "crisis", _("Crisis")


class CaseStudyPage(ResourcePage):
    """A case study ("retour d'expérience"): the context, the dated actions,
    the channels used, the results in figures and the lessons learned."""

    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    context = RichTextField(_("context"), features=RICH_TEXT_FEATURES)
    timeline = StreamField(
        [("step", TimelineStepBlock())], verbose_name=_("timeline of actions"), blank=True
    )
    results = StreamField(
        [("figure", ResultFigureBlock())], verbose_name=_("results in figures"), blank=True
    )
    lessons = RichTextField(_("lessons learned"), blank=True, features=RICH_TEXT_FEATURES)
    attachments = StreamField(
        AttachmentsStreamBlock(),
        verbose_name=_("documents and images"),
        blank=True,
        help_text=_("Files members can download or see: a brochure, slides, screenshots…"),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("context"),
        FieldPanel("timeline"),
        FieldPanel("results"),
        FieldPanel("lessons"),
        FieldPanel("attachments"),
        ResourcePage.classification_panel(),
    ]

    search_fields = ResourcePage.search_fields + [
        index.SearchField("context"),
        index.SearchField("timeline"),
        index.SearchField("lessons"),
        index.FilterField("kind"),
    ]

    #: The kind's value stored by proposals and search documents (RESOURCE_KINDS).
    resource_kind = "case_study"
    parent_page_types = ["resources.CaseStudyIndexPage"]
    subpage_types = []

    class Meta(ResourcePage.Meta):
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    @property
    def channels(self):
        """The platforms used, under the name case studies give them."""
        return self.platforms
