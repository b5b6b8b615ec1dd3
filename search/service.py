"""The search as the page and the autocomplete use it: cached answers,
documents for the hits, snippets, "did you mean", and the statistics of
what members search."""

import datetime
import difflib
import hashlib
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db.models import F, Sum
from django.db.models.functions import Length
from django.utils import timezone

from core import fragments
from core.security import member_group_ids

from . import text
from .backends import get_engine
from .indexer import GENERATION_KEY, generation
from .models import SearchDocument, SearchQueryStat, SearchTerm
from .query import SearchQuery, parse_groups
from .statistics import shown_form

CACHE_SECONDS = 300


def visibility_of(user):
    """The groups whose restricted documents the member may find; None for
    superusers, who see everything. The member's group ids come with the
    member from the cache (core.member_access): no query."""
    if user.is_superuser:
        return None
    return tuple(sorted(member_group_ids(user)))


def _digest(parts):
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _cache_key(prefix, *parts):
    return f"cmsearch:{prefix}:{generation()}:{_digest(parts)}"


#: What a stamped entry's validity is read from (see `stamped`).
CONTENT = (fragments.VERSION_KEY, GENERATION_KEY)
INDEX = (GENERATION_KEY,)


def stamped(prefix, parts, build, timeout, counters=CONTENT):
    """`build()`, remembered under a key made of `parts` with the values of
    `counters` (the content version, the search generation) it was built
    on, and served while they have not changed: the counters and the entry
    are read together in one `get_many` (one round trip, none when the
    read-ahead holds them), where a key made of the counters would need
    them read first. The counters are read before building, so a change
    during the build makes the entry stale, never fresher than it is.
    `timeout` 0: build every time."""
    if not timeout:
        return build()
    key = f"cmsearch:{prefix}:{_digest(parts)}"
    found = cache.get_many([*counters, key])
    stamp = tuple(found.get(name) or fragments.read_counter(name) for name in counters)
    entry = found.get(key)
    if entry is not None and entry[0] == stamp:
        return entry[1]
    value = build()
    cache.set(key, (stamp, value), timeout)
    return value


def search(query):
    """The engine's answer to a `SearchQuery`, cached until the index changes."""
    engine = get_engine()
    key = _cache_key(
        "results",
        engine.name,
        query.groups,
        query.locales,
        sorted(query.filters.items()),
        query.visibility,
        query.sort,
        query.match_any,
        query.partial,
        query.offset,
        query.limit,
        query.with_facets,
    )
    results = cache.get(key)
    if results is None:
        results = engine.search(query)
        cache.set(key, results, CACHE_SECONDS)
    return results


def answer(query):
    """The engine's answer as the search page shows it: the documents with
    every word; when none has them all (and the query has several words),
    those with the most words instead (`query.match_any` is then set).
    Returns (results, some_words)."""
    results = search(query)
    if results.total == 0 and len(query.groups) > 1 and not query.match_any:
        query.match_any = True
        results = search(query)
        return results, results.total > 0
    return results, False


def more_results(query, results):
    """On the last page of the documents with every word, those with most
    of the words (but not all), to fill the page: the document a member
    wants often lacks one word of a long query ("formations community
    manager"). None when the page is full or the query has one word."""
    room = query.limit - len(results.hits)
    if (
        query.any_group
        or len(query.groups) < 2
        or not results.total
        or room <= 0
        or query.sort != "relevance"
    ):
        return None
    partial = replace(query, partial=True, offset=0, limit=room, with_facets=False)
    found = search(partial)
    return found if found.hits else None


@dataclass
class Hit:
    document: SearchDocument
    score: float
    snippet: str


def load_hits(results, query):
    """The documents of the hits, in rank order, with their snippets; on
    the first page, a document named exactly as typed comes first."""
    ids = [document_id for document_id, _score in results.hits]
    documents = SearchDocument.objects.select_related("institution").in_bulk(ids)
    words = query.query_words()
    hits = []
    for document_id, score in results.hits:
        document = documents.get(document_id)
        if document is None:  # removed since the answer was cached
            continue
        hits.append(Hit(document, score, snippet(document, words)))
    if query.offset == 0 and query.sort == "relevance" and not query.partial:
        typed = text.words(query.text)
        hits.sort(key=lambda hit: not is_named(hit.document, typed))
    return hits


def is_named(document, typed):
    """Whether the folded words typed are a document's whole title (an
    institution, a person, a page), or an institution's acronym: "cégep de
    la capitale" is the Cégep de la Capitale before the pages that mention
    it."""
    if not typed:
        return False
    if text.words(document.title) == typed:
        return True
    return document.kind == "institution" and text.words(document.keywords) == typed


def snippet(document, words):
    """The passage of the document's prose (its summary, then its long
    text) with the matched words in <mark>; the summary when they are not
    in the prose (only in the title, the keywords, the places or the tags,
    which are names and labels glued together, some in both languages), or
    when nothing was asked."""
    language = document.language
    if words:
        for source in (document.summary, document.prose):
            if text.has_match(source, words, language):
                return text.highlight(source, words, language)
    return text.highlight(document.summary or document.prose, words, language)


def autocomplete(raw, locales, visibility, limit=8):
    """Suggestions for what a member typed, cached until the index changes
    (the generation and the entry read in one round trip: `stamped`)."""
    words = text.words(raw)[:6]
    if not words or len("".join(words)) < 2:
        return []
    engine = get_engine()

    def build():
        ids = engine.autocomplete(words, locales, visibility, limit)
        documents = SearchDocument.objects.select_related("institution").in_bulk(ids)
        return [
            {
                "title": documents[pk].title,
                "kind": documents[pk].kind,
                "kind_label": str(documents[pk].get_kind_display()),
                "institution": documents[pk].institution.name
                if documents[pk].institution_id and documents[pk].kind != "institution"
                else "",
                "url": documents[pk].url,
                "locale": documents[pk].locale,
            }
            for pk in ids
            if pk in documents
        ]

    parts = (engine.name, words, locales, visibility, limit)
    return stamped("suggest", parts, build, CACHE_SECONDS, counters=INDEX)


# --- "Did you mean" ---------------------------------------------------------


def closest_term(word):
    """The indexed word nearest to a misspelt one, or None."""
    if len(word) < 3:
        return None
    candidates = list(
        SearchTerm.objects.annotate(length=Length("term"))
        .filter(term__startswith=word[0], length__gte=len(word) - 2, length__lte=len(word) + 2)
        .order_by("-frequency")
        .values_list("term", flat=True)[:3000]
    )
    if word in candidates:
        return None
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    return found[0] if found else None


def did_you_mean(query, language):
    """A corrected query that finds something, when the member's finds
    nothing because of a typo ("comunity" → "community"), else None."""
    words = text.words(query.text)
    if not words:
        return None
    corrected, changed = [], False
    for word in words:
        better = None if text.is_stop_word(word, language) else closest_term(word)
        corrected.append(better or word)
        changed = changed or better is not None
    if not changed:
        return None
    suggestion = " ".join(corrected)
    check = SearchQuery(
        text=suggestion,
        groups=parse_groups(suggestion, language),
        locales=query.locales,
        filters=query.filters,
        visibility=query.visibility,
        limit=0,
        with_facets=False,
    )
    return suggestion if search(check).total else None


# --- What members search ----------------------------------------------------
# (counted by search.statistics)


def popular_queries(locale, days=30, limit=6):
    """Searches members often make that find something, as they typed them
    (grouped by normal form): offered when a search finds nothing."""
    key = f"cmsearch:popular:{locale}:{timezone.localdate()}"
    queries = cache.get(key)
    if queries is None:
        since = timezone.localdate() - datetime.timedelta(days=days)
        queries = [
            row["shown"] or row["query"]
            for row in SearchQueryStat.objects.filter(day__gte=since, locale=locale)
            .values("query")
            .annotate(total=Sum("searches"), empty=Sum("zero_results"), shown=shown_form())
            .filter(total__gt=F("empty"))
            .order_by("-total", "query")[:limit]
        ]
        cache.set(key, queries, 3600)
    return queries
