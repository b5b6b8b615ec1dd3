"""The member-facing search page and its autocomplete."""

import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import CharField, F, Subquery, Value
from django.db.models.functions import Cast
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.utils import normalise_query_string

from community.models import (
    AudienceKind,
    Country,
    Institution,
    InstitutionKind,
    Platform,
    Topic,
)
from core.ratelimit import over_rate_limit

from . import service, statistics
from .backends import get_engine
from .backends.base import SearchUnavailable
from .backends.elasticsearch import RETRY_AFTER
from .forms import ALL_LANGUAGES, SearchForm
from .indexer import live_generation
from .models import DocumentKind, SearchDocument, SearchDocumentTag
from .query import COLUMN_OF_FACET, FACETS, MAX_QUERY_LENGTH, SearchQuery, parse_groups

RESULTS_PER_PAGE = 20
FACET_LIMIT = 12


def _locales(language, form):
    return None if form.valid("lang") == ALL_LANGUAGES else (language, "")


def localise_url(url, language):
    """Language-neutral documents (institutions, members) link to the
    member's own language."""
    for code in ("fr", "en"):
        prefix = f"/{code}/"
        if url.startswith(prefix) and code != language:
            return f"/{language}/" + url[len(prefix) :]
    return url


UNAVAILABLE = gettext_lazy(
    "Search is temporarily unavailable. Please try again in a few minutes; "
    "the rest of the site works as usual."
)
RATE_LIMITED = gettext_lazy(
    "You are searching very quickly. Please wait a minute before searching again."
)


def unavailable(request, form, raw):
    """The search page when the engine cannot be reached: the message, and
    503 with Retry-After (see search.backends.elasticsearch.RETRY_AFTER)."""
    context = {
        "form": form,
        "search_query": raw,
        "errors": [str(UNAVAILABLE)],
        "searched": False,
    }
    response = render(request, "cmsearch/search.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def search(request):
    """The search page: results, facets and editors' picks for the member's
    query; 400 for bad parameters, 429 when searching too fast, 503 when the
    search engine is unreachable."""
    language = translation.get_language()
    form = SearchForm(request.GET, language=language)
    if over_rate_limit(request, "search", settings.SEARCH_RATE_LIMIT):
        context = {"form": form, "errors": [str(RATE_LIMITED)], "searched": False}
        response = render(request, "cmsearch/search.html", context, status=429)
        response["Retry-After"] = "60"
        return response
    form.is_valid()
    raw = form.valid("q", "")
    errors = form_errors(form)
    visibility = service.visibility_of(request.user)
    context = {"form": form, "search_query": raw, "errors": errors}
    try:
        context.update(results_part(request, form, language, visibility))
    except SearchUnavailable:
        return unavailable(request, form, raw)
    if context["searched"] and raw and form.valid("page", 1) == 1:
        statistics.record(raw, language, context["total"])  # per request, outside the part
    status = 400 if errors else 200
    return render(request, "cmsearch/search.html", context, status=status)


#: The results part of the page (facets, count, editors' picks, hits,
#: pages, "did you mean"), rendered once and cached (`results_part`).
RESULTS_TEMPLATE = "cmsearch/includes/results.html"
#: What the page reads from the results part besides its HTML.
PART_FIELDS = (
    "searched",
    "no_words",
    "all_languages",
    "total",
    "some_words",
    "did_you_mean",
    "popular",
    "promotions",
    "page_number",
    "last_page",
)


def results_part(request, form, language, visibility):
    """The results part of the page as a dict: its HTML ("results_html")
    and PART_FIELDS. Cached (FRAGMENT_CACHE_TIMEOUT) per parameters (page
    and sort included), language, the groups whose documents the member may
    find, engine and day (the popular searches), and served while neither
    the content version nor the search generation has changed: a member
    never gets a part built for other groups, and a page published,
    unpublished or restricted, an editors' pick or a synonym changed, shows
    at once. A miss also returns what the template was given (the hits...)."""
    params = sorted((name, value) for name, value in request.GET.items() if value)
    if not params:  # the empty search form: nothing to read or to cache
        return {"searched": False, "results_html": ""}
    built = {}

    def build():
        built.update(_results_context(request, form, language, visibility))
        part = {name: built.get(name) for name in PART_FIELDS}
        # Rendered without the request: no context processor, no per-member value.
        html = get_template(RESULTS_TEMPLATE).render(built) if built["searched"] else ""
        part["results_html"] = mark_safe(html)  # noqa: S308 - a template's own HTML
        return part

    parts = (
        params,
        language,
        "all" if visibility is None else visibility,
        get_engine().name,
        timezone.localdate().isoformat(),  # the popular searches of the day
    )
    part = service.stamped("page", parts, build, settings.FRAGMENT_CACHE_TIMEOUT)
    return {**built, **part}


def _results_context(request, form, language, visibility):
    """What the results part shows (hits, facets, links, "did you mean"),
    from the engine."""
    raw = form.valid("q", "")
    query = SearchQuery(
        text=raw,
        groups=parse_groups(raw, language),
        locales=_locales(language, form),
        filters=form.filters(),
        visibility=visibility,
        sort=form.valid("sort", "relevance"),
        limit=RESULTS_PER_PAGE,
    )
    context = {
        "form": form,
        "search_query": raw,
        "searched": not query.is_empty,
        "no_words": bool(raw) and not query.groups,
        "all_languages": query.locales is None,
    }
    if not query.is_empty:
        _answer(request, query, form, context, language)
        if raw and form.valid("page", 1) == 1:
            context["promotions"] = promotions(raw, request.user, visibility, query.filters)
    return context


def _answer(request, query, form, context, language):
    """Fill the context with the engine's answer to a query with words or
    filters: hits, facets, links, "did you mean"."""
    filters = query.filters
    page_number = form.valid("page", 1)
    query.offset = (page_number - 1) * RESULTS_PER_PAGE
    # No document has every word: those with some of them, the most words
    # first, and the page says so.
    results, context["some_words"] = service.answer(query)
    last_page = max(1, -(-results.total // RESULTS_PER_PAGE))
    if page_number > last_page:  # out of range: the last page instead
        page_number = last_page
        query.offset = (page_number - 1) * RESULTS_PER_PAGE
        results = service.search(query)
    hits = service.load_hits(results, query)
    more = service.more_results(query, results)
    more_hits = service.load_hits(more, query) if more else []
    for hit in hits + more_hits:
        if not hit.document.locale:
            hit.document.url = localise_url(hit.document.url, language)
    more_first_rank = query.offset + len(hits) + 1
    context.update(
        {
            "total": results.total,
            "hits": hits,
            # After the last page of documents with every word: those with
            # most of the words, on the same page.
            "more_hits": more_hits,
            "more_first_rank": more_first_rank,
            # Both lists of hits, drawn by one loop of the template.
            "hit_lists": [
                {"hits": hits, "start": query.offset + 1, "more": False},
                {"hits": more_hits, "start": more_first_rank, "more": True},
            ]
            if more_hits
            else [{"hits": hits, "start": query.offset + 1, "more": False}],
            "facets": facet_groups(results.facets, form, filters, language),
            "active_filters": active_filters(form, filters, language),
            "page_number": page_number,
            "first_rank": query.offset + 1,
            "last_page": last_page,
            "previous_url": page_url(request, page_number - 1) if page_number > 1 else "",
            "next_url": page_url(request, page_number + 1) if page_number < last_page else "",
            "sort_urls": sort_urls(request, query.sort),
            "language_url": toggle_url(
                request, "lang", "" if query.locales is None else ALL_LANGUAGES
            ),
        }
    )
    if results.total == 0 or context["some_words"] or more_hits:
        context["did_you_mean"] = service.did_you_mean(query, language)
        context["popular"] = service.popular_queries(language)
        if context["did_you_mean"]:
            context["did_you_mean_url"] = toggle_url(request, "q", context["did_you_mean"])


def form_errors(form):
    """What to tell the member about bad parameters (a bad page number
    quietly falls back to the first page)."""
    messages = []
    for name, field_errors in form.errors.items():
        if name == "page":
            continue
        label = form.fields[name].label
        for message in field_errors:
            messages.append(message if name == "q" else f"{label}: {message}")
    return messages


# --- Links ---------------------------------------------------------------


def _params(request, **changes):
    params = {key: value for key, value in request.GET.items() if value and key != "page"}
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params


def toggle_url(request, key, value):
    return "?" + urlencode(_params(request, **{key: value}))


def page_url(request, number):
    params = _params(request)
    if number > 1:
        params["page"] = number
    return "?" + urlencode(params)


def sort_urls(request, current):
    return [
        (value, label, toggle_url(request, "sort", "" if value == "relevance" else value))
        for value, label in (("relevance", _("Relevance")), ("date", _("Newest first")))
    ]


# --- Facets --------------------------------------------------------------


def facet_labels(facets, language):
    """value → label for every facet value in the counts: one query for
    the institutions, topics and platforms together, whatever their number."""
    labels = {
        "type": dict(DocumentKind.choices),
        "institution_kind": dict(InstitutionKind.choices),
        "country": dict(Country.choices),
        "audience": dict(AudienceKind.choices),
    }
    institution_ids = [int(pk) for pk in facets.get("institution", {}) if pk.isdigit()]
    topic_keys = list(facets.get("topic", {}))
    platform_slugs = list(facets.get("platform", {}))
    wanted = []  # (rows, facet, key, slug, name, language code)
    if institution_ids:
        rows = Institution.objects.filter(pk__in=institution_ids)
        wanted.append((rows, "institution", "pk", Value(""), F("name"), Value("")))
    if topic_keys:
        rows = Topic.objects.filter(translation_key__in=topic_keys)
        wanted.append(
            (rows, "topic", "translation_key", F("slug"), F("name"), F("locale__language_code"))
        )
    if platform_slugs:
        # Documents carry the default language's slug; members read the name
        # in their language.
        rows = Platform.objects.canonical().filter(slug__in=platform_slugs).localized(language)
        wanted.append((rows, "platform", "slug", Value(""), F("label"), Value("")))
    parts = [
        rows.annotate(
            label_facet=Value(facet),
            label_key=Cast(key, CharField()),
            label_slug=slug,
            label_name=name,
            label_code=code,
        )
        .order_by()
        .values_list("label_facet", "label_key", "label_slug", "label_name", "label_code")
        for rows, facet, key, slug, name, code in wanted
    ]
    labels.update(institution={}, topic={}, platform={})
    if parts:  # every label in one query
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for facet, key, slug, name, code in rows:
            if facet == "topic":
                key = str(uuid.UUID(key))  # SQLite keeps UUIDs without hyphens
                if key not in labels["topic"] or code == language:
                    labels["topic"][key] = (slug, name)
            else:
                labels[facet][key] = name
    return labels


def facet_groups(facets, form, filters, language):
    """The facets to show: each value with its count, whether it is chosen,
    and the link that adds or removes it."""
    labels = facet_labels(facets, language)
    request_params = form.data
    groups = []
    for facet in FACETS:
        counts = facets.get(facet, {})
        if not counts:
            continue
        items = []
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            if facet == "topic":
                slug, label = labels["topic"].get(value, (None, None))
                if slug is None:
                    continue
                param = slug
            else:
                label = labels.get(facet, {}).get(value, value)
                param = value
            chosen = str(filters.get(facet, "")) == value
            items.append(
                {
                    "label": label,
                    "count": count,
                    # Worded here, not by a blocktranslate per value in the template.
                    "count_label": ngettext("%(counter)s result", "%(counter)s results", count)
                    % {"counter": formats.localize(count)},
                    "chosen": chosen,
                    "url": _facet_url(request_params, facet, None if chosen else param),
                }
            )
        if facet == "year":
            items.sort(key=lambda item: item["label"], reverse=True)
        groups.append(
            {
                "name": facet,
                "title": form.fields[facet].label,
                "items": items[:FACET_LIMIT],
                "more": max(0, len(items) - FACET_LIMIT),
                "active": facet in filters,
            }
        )
    return groups


def _facet_url(params, facet, value):
    kept = {key: val for key, val in params.items() if val and key not in ("page", facet)}
    if value is not None:
        kept[facet] = value
    return "?" + urlencode(kept)


def active_filters(form, filters, language):
    """The chosen facet values, each with the link that removes it."""
    chosen = []
    for facet in FACETS:
        if facet not in filters:
            continue
        value = form.valid(facet)
        label = value
        if facet == "type":
            label = dict(DocumentKind.choices).get(value, value)
        elif facet == "institution":
            label = Institution.objects.filter(pk=value).values_list("name", flat=True).first()
        elif facet == "institution_kind":
            label = dict(InstitutionKind.choices).get(value, value)
        elif facet == "country":
            label = dict(Country.choices).get(value, value)
        elif facet == "audience":
            label = dict(AudienceKind.choices).get(value, value)
        elif facet == "topic":
            label = (
                Topic.objects.filter(slug=value, locale__language_code=language)
                .values_list("name", flat=True)
                .first()
            )
        elif facet == "platform":
            label = (
                Platform.objects.canonical()
                .filter(slug=value)
                .localized(language)
                .values_list("label", flat=True)
                .first()
            )
        chosen.append(
            {
                "title": form.fields[facet].label,
                "label": label or value,
                "url": _facet_url(form.data, facet, None),
            }
        )
    return chosen


# --- Promotions ----------------------------------------------------------


def promotions(raw, user, visibility, filters=None):
    """Editors' picks for this query (Wagtail's search promotions): the
    pages a member may see that match the chosen facets (a talk is not
    shown under "Type: Event"), and external links when no facet is chosen
    (they have no type, topic or institution to match)."""
    filters = filters or {}
    forms = {normalise_query_string(raw), normalise_query_string(statistics.normalise(raw))}
    # The picks of the first matching query, in one query.
    first_query = Query.objects.filter(query_string__in=forms).order_by("pk").values("pk")[:1]
    picks = list(
        SearchPromotion.objects.filter(query=Subquery(first_query))
        .select_related("page")
        .order_by("sort_order")
    )
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    visible = set()
    if page_ids:
        documents = matching_filters(
            SearchDocument.objects.filter(
                generation=live_generation(), key__in=[f"page:{pk}" for pk in page_ids]
            ),
            filters,
        )
        if visibility is not None:
            documents = [
                document
                for document in documents
                if not document.groups or any(f"|{g}|" in document.groups for g in visibility)
            ]
        visible = {document.object_id for document in documents}
    shown = []
    for pick in picks:
        if pick.page_id and pick.page_id in visible:
            shown.append(
                {
                    "title": pick.page.title,
                    "url": pick.page.url,
                    "description": pick.description,
                }
            )
        elif not pick.page_id and not filters and getattr(pick, "external_link_url", ""):
            shown.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "description": pick.description,
                }
            )
    return shown


def matching_filters(documents, filters):
    """The documents that have every chosen facet value (one query)."""
    for facet, value in filters.items():
        if facet in COLUMN_OF_FACET:
            documents = documents.filter(**{COLUMN_OF_FACET[facet]: value})
        else:
            documents = documents.filter(
                pk__in=SearchDocumentTag.objects.filter(facet=facet, value=str(value)).values(
                    "document_id"
                )
            )
    return documents


# --- Autocomplete --------------------------------------------------------


def autocomplete(request):
    """Suggestions for the search box, as JSON: titles, institutions and
    people whose names start with what the member typed."""
    if over_rate_limit(request, "search-suggest", settings.SEARCH_AUTOCOMPLETE_RATE_LIMIT):
        response = JsonResponse({"error": str(RATE_LIMITED), "results": []}, status=429)
        response["Retry-After"] = "60"
        return response
    raw = request.GET.get("q", "")
    if len(raw) > MAX_QUERY_LENGTH:
        message = _("Your search is too long: keep it under %(max)d characters.")
        return JsonResponse(
            {"error": message % {"max": MAX_QUERY_LENGTH}, "results": []}, status=400
        )
    language = translation.get_language()
    locales = None if request.GET.get("lang") == ALL_LANGUAGES else (language, "")
    try:
        suggestions = service.autocomplete(raw, locales, service.visibility_of(request.user))
    except SearchUnavailable:
        response = JsonResponse({"error": str(UNAVAILABLE), "results": []}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    for suggestion in suggestions:
        if not suggestion["locale"]:
            suggestion["url"] = localise_url(suggestion["url"], language)
    response = JsonResponse({"results": suggestions})
    response["Cache-Control"] = "private, max-age=60"
    return response
