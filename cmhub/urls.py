"""URL map: the admin and private media outside language prefixes, the
member-facing site inside /fr/ and /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import routing
from core import views as core_views
from home import views as home_views
from search import views as search_views

urlpatterns = [
    path("healthz/", core_views.healthz, name="healthz"),
    path(settings.CMHUB_ADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("media/<path:path>", core_views.serve_media, name="media"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("restricted/", core_views.restricted, name="restricted"),
]

if settings.BENCH_CEILING_VIEW:
    # Only the load benchmark's server turns this on (see bench/load.py).
    from core.bench_views import ceiling

    urlpatterns.append(path("bench/ceiling/", ceiling, name="bench_ceiling"))

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.autocomplete, name="search_autocomplete"),
    path("account/", include("allauth.urls")),
    path("me/", home_views.account, name="account"),
    path("", include("community.urls")),
    path("", include("notifications.urls")),
    path("", include("resources.urls")),
    path("", include("contributions.urls")),
    path("", include("events.urls")),
    path("comments/", include("community.comment_urls")),
    path("comments/", include("community.xtd_urls")),
    # Wagtail's page serving, routed from the cache (core/routing.py); the
    # rest of Wagtail's URLs (password and login forms) below.
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# 404 and 403: Django's views with templates/404.html and 403.html.
handler500 = "core.errors.server_error"
