"""The home page: the member's dashboard."""

from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from community.bookmarks import bookmark_count
from community.models import Topic
from core.routing import RouteCachedPage
from events.models import (
    EventIndexPage,
    member_time_zone,
    registered_translation_keys,
)
from resources.feeds import member_feed_urls
from resources.listing import latest_resources
from resources.models import RESOURCE_MODELS


class HomePage(RouteCachedPage, Page):
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

    def route(self, request, path_components):
        """Find the page below this home page in one query, by the URL path
        Wagtail stores on every page, instead of one query per level of the
        tree: the deepest page whose URL path starts the requested one, which
        then routes what is left (a routable page's own sub-URLs such as
        compare/ or calendar/, or a 404), as Wagtail's walk would have.
        View restrictions are checked after routing, as for any page."""
        if not path_components:
            return super().route(request, path_components)
        candidates = [
            f"{self.url_path}{'/'.join(path_components[:length])}/"
            for length in range(len(path_components), 0, -1)
        ]
        page = (
            Page.objects.filter(url_path__in=candidates, path__startswith=self.path)
            .order_by("-depth")
            .specific()
            .first()
        )
        if page is None:
            return super().route(request, path_components)
        return page.route(request, path_components[page.depth - self.depth :])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the cached parts of the dashboard are stale
        # (core/fragments.py).
        context["latest_resources"] = SimpleLazyObject(
            lambda: latest_resources(
                RESOURCE_MODELS, self.locale_id, self.LATEST_RESOURCES, request.user
            )
        )
        topics = SimpleLazyObject(
            lambda: list(
                Topic.objects.filter(locale_id=self.locale_id).only(
                    "name", "slug", "translation_key"
                )
            )
        )
        context["topics"] = topics
        context["topic_names"] = SimpleLazyObject(
            lambda: {topic.translation_key: topic.name for topic in topics}
        )
        context.update(self.upcoming_events(request))
        # The member's own: never inside a cached fragment.
        context["bookmark_count"] = bookmark_count(request.user)
        if request.user.is_authenticated:  # the head's links to the member's feeds
            context["feed_urls"] = member_feed_urls(request)
        return context

    def upcoming_events(self, request):
        """The next events of this language and what their cards need: read
        only when the cached part of the dashboard is stale, except the
        member's own registrations, read only when it holds an event."""
        event_index = SimpleLazyObject(lambda: EventIndexPage.objects.child_of(self).live().first())
        return {
            "upcoming_events": SimpleLazyObject(
                lambda: (
                    event_index.upcoming_events(request.user, self.UPCOMING_EVENTS)
                    if event_index
                    else []
                )
            ),
            "event_index": event_index,
            "registered_keys": SimpleLazyObject(lambda: registered_translation_keys(request.user)),
            "member_zone": member_time_zone(request.user),
        }
