"""Search in the Wagtail admin: registers the synonym snippet, the search
report's URLs and its entry in the Reports menu (the views are in
`search/admin_views.py`)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import admin_views

register_snippet(admin_views.SynonymViewSet)

admin_urlpatterns = [
    path("", admin_views.SearchReportView.as_view(), name="index"),
    path("promote/", admin_views.PromoteView.as_view(), name="promote"),
]


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [
        path(
            "search-report/",
            include((admin_urlpatterns, "cmsearch_report"), namespace="cmsearch_report"),
        )
    ]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        gettext_lazy("Search terms"),
        reverse("cmsearch_report:index"),
        name="cmsearch-search-terms",
        icon_name="search",
        order=1290,
    )


@hooks.register("construct_reports_menu")
def hide_wagtail_search_terms_report(request, menu_items):
    """Wagtail's own "Search terms" report (superusers only) counts the same
    searches without the zero-result ones: this report replaces it."""
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
