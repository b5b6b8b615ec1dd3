"""The search's Wagtail admin views, wired in `search/wagtail_hooks.py`: the
synonym list (a snippet, *Synonyms* in the menu), the search report
(*Reports → Search terms*) and the form promoting a result for a search
the report shows as finding nothing.

Editors only: the Editors group has the permissions on `cmsearch.Synonym`,
`cmsearch.view_searchquerystat` and Wagtail's search promotions (migration
0003_default_synonyms)."""

from urllib.parse import urlencode

from django.http import HttpResponseForbidden
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.contrib.search_promotions import views as promotion_views
from wagtail.snippets.views.snippets import SnippetViewSet

from community.admin_access import PermissionCheckedChooserViewSet
from core.exports import csv_response

from . import reports, statistics
from .models import Synonym, SynonymLanguage

REPORT_PERMISSION = "cmsearch.view_searchquerystat"
PROMOTE_PERMISSION = "wagtailsearchpromotions.add_searchpromotion"


class SynonymViewSet(SnippetViewSet):
    """Words and phrases that mean the same: a search for one finds the
    others. A change takes effect at once (search.synonym_signals)."""

    model = Synonym
    chooser_viewset_class = PermissionCheckedChooserViewSet
    icon = "list-ul"
    menu_label = gettext_lazy("Synonyms")
    menu_name = "synonyms"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["terms", "language", "updated_at"]
    list_filter = ["language"]
    search_fields = ["terms"]
    search_backend_name = None  # the database's "contains": parts of words too
    ordering = ["terms"]
    list_per_page = 50
    copy_view_enabled = False


# --- The report -------------------------------------------------------------


class ReportPermissionMixin:
    """403 for admin users without the report permission (Moderators);
    members without admin access are sent to the login page before."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            return HttpResponseForbidden(_("Only editors may read the search report."))
        return super().dispatch(request, *args, **kwargs)


def language_choices():
    return [("", _("All languages"))] + [
        (value, label) for value, label in SynonymLanguage.choices if value
    ]


class SearchReportView(ReportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Reports → Search terms: what members searched over 7, 30 or 90 days
    (in one language or all), what found nothing (each with a link to
    promote a result), and the searches a day; `?export=csv` downloads the
    searches."""

    template_name = "cmsearch/admin/search_report.html"
    page_title = gettext_lazy("Search terms")
    header_icon = "search"

    def get(self, request, *args, **kwargs):
        self.days = reports.parse_period(request.GET.get("period"))
        self.language = reports.parse_language(request.GET.get("language", ""))
        statistics.flush()  # the searches counted since the last flush
        if request.GET.get("export") == "csv":
            return self.csv_response()
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = reports.report(self.days, self.language)
        can_promote = self.request.user.has_perm(PROMOTE_PERMISSION)
        promote_url = reverse("cmsearch_report:promote")
        for row in data["zero_result_queries"]:
            row["promote_url"] = (
                f"{promote_url}?{_query_param(row['query'])}" if can_promote else ""
            )
        params = {"period": self.days}
        if self.language:
            params["language"] = self.language
        context.update(
            data,
            periods=[(days, days == self.days) for days in reports.PERIODS],
            languages=[
                (value, label, value == self.language) for value, label in language_choices()
            ],
            csv_url="?" + urlencode({**params, "export": "csv"}),
        )
        return context

    def csv_response(self):
        language = self.language or "all"
        filename = f"search-terms-{timezone.localdate():%Y-%m-%d}-{self.days}d-{language}.csv"
        headings = [_("Search"), _("Searches"), _("Searches with no result")]
        rows = (
            [row["query"], row["searches"], row["zero_results"]]
            for row in reports.top_queries(self.days, self.language, limit=None)
        )
        return csv_response(filename, [headings, *rows])


def _query_param(query):
    return urlencode({"q": query})


class PromoteView(promotion_views.CreateView):
    """Wagtail's "add promoted results" form with the search filled in, from
    the report's searches that found nothing. It posts to Wagtail's own view."""

    def get_initial(self):
        initial = super().get_initial()
        query = self.request.GET.get("q", "").strip()
        if query:
            initial["query_string"] = query[:255]
        return initial
