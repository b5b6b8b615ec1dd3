"""The home page: the member's dashboard."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from community.models import Topic
from events.models import (
    EventIndexPage,
    member_time_zone,
    registered_translation_keys,
)
from resources.listing import latest_resources
from resources.models import RESOURCE_MODELS


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
    subpage_types = ["resources.ResourceIndexPage", "events.EventIndexPage"]

    class Meta:
        verbose_name = _("home page")

    LATEST_RESOURCES = 6
    UPCOMING_EVENTS = 4

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_resources"] = latest_resources(
            RESOURCE_MODELS, self.locale, self.LATEST_RESOURCES
        )
        topics = list(
            Topic.objects.filter(locale_id=self.locale_id).only("name", "slug", "translation_key")
        )
        context["topics"] = topics
        context["topic_names"] = {topic.translation_key: topic.name for topic in topics}
        context.update(self.upcoming_events(request))
        return context

    def upcoming_events(self, request):
        """The next events of this language, with what their cards need."""
        event_index = EventIndexPage.objects.child_of(self).live().first()
        if event_index is None:
            return {"upcoming_events": [], "event_index": None}
        events = list(
            event_index.events().upcoming().prefetch_related("topics")[: self.UPCOMING_EVENTS]
        )
        return {
            "upcoming_events": events,
            "event_index": event_index,
            "registered_keys": registered_translation_keys(request.user) if events else set(),
            "member_zone": member_time_zone(request.user),
        }
