"""Member-facing URLs of resources outside the page tree (feeds, tokens)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import feeds, views

app_name = "resources"

urlpatterns = [
    # Feed readers have no session: the secret token in the address is the check.
    path(
        "feeds/resources/<str:token>/rss/",
        login_not_required(feeds.ResourceFeed()),
        name="feed_rss",
    ),
    path(
        "feeds/resources/<str:token>/atom/",
        login_not_required(feeds.AtomResourceFeed()),
        name="feed_atom",
    ),
    path("me/feed/regenerate/", views.regenerate_feed_token, name="regenerate_feed_token"),
]
