"""The member-facing search page."""

import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20


def search_terms(query):
    """The words of a query, without the characters full-text engines read as
    operators (quotes, brackets, stars, hyphens…), which would otherwise make
    SQLite's FTS5 or PostgreSQL's parser fail on what a member typed."""
    return " ".join(re.findall(r"\w+", query))


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
    terms = search_terms(query)
    if terms:
        pages = Page.objects.live().public().specific()
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        if locale is not None:
            pages = pages.filter(locale=locale)
        paginator = Paginator(pages.search(terms), RESULTS_PER_PAGE)
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
