"""The member-facing search page."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20


def search(request):
    """Full-text search over the live pages of the member's language."""
    query = request.GET.get("q", "").strip()
    error = None
    if len(query) > MAX_QUERY_LENGTH:
        error = _("Your search is too long: keep it under %(max)d characters.") % {
            "max": MAX_QUERY_LENGTH
        }
        query = ""
    results = None
    if query:
        pages = Page.objects.live().public().specific()
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        if locale is not None:
            pages = pages.filter(locale=locale)
        paginator = Paginator(pages.search(query), RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results = paginator.page(1)
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
    status = 400 if error else 200
    return render(
        request,
        "search/search.html",
        {"search_query": query, "results": results, "error": error},
        status=status,
    )
