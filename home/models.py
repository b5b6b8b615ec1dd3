"""The home page: the member's dashboard."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from community.models import Topic


class HomePage(Page):
    """Each language's root page: the dashboard members land on after login.

    Shows the welcome text editors write, then the latest resources,
    upcoming events, recent discussions and the topics of the community.
    Each block has an empty state until there is something to show.
    """

    heading = models.CharField(
        _("heading"),
        max_length=255,
        blank=True,
        help_text=_("Large title at the top of the dashboard; the page title if empty."),
    )
    welcome = RichTextField(
        _("welcome text"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("A few sentences that greet members and say what is new."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("heading"),
        FieldPanel("welcome"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["resources.ResourceIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = Topic.objects.filter(locale_id=self.locale_id).only("name", "slug")
        return context
