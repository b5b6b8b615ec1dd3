"""RSS and Atom feeds of new resources, for members' feed readers.

Feed readers cannot log in, so each member has a secret address (a token
they can revoke from their account page). The token, not a session, is the
check: an unknown or revoked token answers 404, like a page that does not
exist.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from .models import RESOURCE_MODELS, ResourceFeedToken

FEED_LENGTH = 30


def member_feed_urls(request):
    """The absolute addresses of the member's personal RSS and Atom feeds."""
    token = ResourceFeedToken.member_token(request.user)
    return {
        kind: request.build_absolute_uri(reverse(f"resources:feed_{kind}", args=[token]))
        for kind in ("rss", "atom")
    }


class ResourceFeed(Feed):
    """The newest live resources of every kind in the feed's language."""

    def get_object(self, request, token):
        feed_token = (
            ResourceFeedToken.objects.select_related("user")
            .filter(token=token, user__is_active=True)
            .first()
        )
        if feed_token is None:
            raise Http404
        self.request = request
        return feed_token

    def title(self, obj):
        return _("CM Hub — new resources")

    def link(self, obj):
        return self.request.build_absolute_uri(f"/{translation.get_language()}/")

    def feed_url(self, obj):
        """The feed's own address (RSS atom:link rel="self", Atom's self
        link) on the host the reader used, not django.contrib.sites' domain."""
        return self.request.build_absolute_uri(self.request.path)

    def description(self, obj):
        return _("Guides, talks, job profiles and case studies published on CM Hub.")

    def items(self, obj):
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        return (
            Page.objects.live()
            .public()
            .type(*RESOURCE_MODELS)
            .filter(locale=locale)
            .order_by("-first_published_at")
            .specific()[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return self.request.build_absolute_uri(item.get_url(self.request))

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [str(item.kind_label)]


class AtomResourceFeed(ResourceFeed):
    feed_type = Atom1Feed
    subtitle = ResourceFeed.description
