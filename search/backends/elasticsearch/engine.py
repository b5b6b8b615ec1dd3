"""Elasticsearch, for sites whose content outgrows the database's search.

Chosen by `search.backends.engine_class()` when `ELASTICSEARCH_URL` is set.
The `SearchDocument` rows stay the truth: this engine keeps one index with
one Elasticsearch document per row, `_id` = the row's primary key, and
answers with those ids. `settings.CMHUB_SEARCH_INDEX` names an alias; the
index behind it is `<alias>_gen<N>`, N the generation of the rows it holds
(search.models.SearchIndex). A rebuild fills `<alias>_gen<N+1>` while the
alias still points at `<alias>_gen<N>`, then moves the alias in one
`_aliases` request and deletes the old index: search answers throughout.

Words are analysed much as the database engines analyse them: the elision
of French articles ("l'école" → "école"), lower case, no accents, the same
stop words (`search.text.STOP_WORDS`) and stemming ("formations" →
"formation"): Snowball for French, as PostgreSQL and SQLite, Elasticsearch's
recommended `english` (Porter) stemmer for English, close to their Snowball
English. Each text field is indexed twice, once per language, in the
sub-fields `.fr` and `.en`; a query searches the French sub-fields of French
documents and the English ones of English documents. At search time the
analyzers also apply the editors' synonym list (`search.models.Synonym`),
as it was when the index was created: `manage.py update_index` builds a new
index with the current list (and `update_index --if-needed` does when the
list changed: the analyzers are part of the index's schema fingerprint). Until then new synonyms
still work, because the query parser (`search.query.parse_groups`) already
turns a synonym into alternatives of the query.

The module is in three parts: pure functions building what is sent
(`index_settings`, `document_body`, `build_query`, `build_autocomplete`),
unit-tested without a server, and the engine that sends them.
"""

import contextlib
import hashlib
import json
import logging
import time

from django.conf import settings

from ... import text
from ...query import FACETS, TAG_FACETS
from ..base import BaseEngine, SearchResults, SearchUnavailable
from ..sql import KIND_WEIGHTS

# One logger for the package, under the name operators filter on.
logger = logging.getLogger(__package__)

LANGUAGES = ("fr", "en")
# Where a query looks, and how much each place weighs (as on PostgreSQL:
# the title above the summary and keywords, above the body).
TEXT_FIELDS = {"title": 3, "summary": 2, "keywords": 2, "body": 1}
# Facet name (search.query.FACETS) → indexed field.
FIELD_OF_FACET = {
    "type": "kind",
    "institution": "institution",
    "institution_kind": "institution_kind",
    "country": "country",
    "region": "region",
    "year": "year",
    "topic": "topic",
    "platform": "platform",
    "audience": "audience",
}
INTEGER_FACETS = ("institution", "year")
FACET_SIZE = 50
# Elasticsearch's `index.max_result_window`: no page reaches beyond.
MAX_RESULT_WINDOW = 10_000
# Autocomplete prefixes are indexed from 2 to 20 characters.
MIN_GRAM, MAX_GRAM = 2, 20
# After a failed request, how long the engine is taken as down: searches
# and writes fail at once (no request waits for a timeout), then one
# request tries again. Also the Retry-After of the search page's 503.
RETRY_AFTER = 30
# French articles and conjunctions elided before a vowel ("l'", "qu'"…).
FRENCH_ELISIONS = [
    "l",
    "m",
    "t",
    "qu",
    "n",
    "s",
    "j",
    "d",
    "c",
    "jusqu",
    "quoiqu",
    "lorsqu",
    "puisqu",
]


# --- The index ----------------------------------------------------------------


def phrase_text(words, language):
    """The text of a phrase of folded words, as the analyzers must read it.

    `search.text.words` splits "d'information" into "d", "information";
    sent so, "d" would be dropped as a stop word and leave a gap the indexed
    text, whose "d'" was elided, has not. For French the article is joined
    back ("d'information") so that elision removes it in both."""
    words = list(words)
    if language != "fr":
        return " ".join(words)
    parts = []
    for i, word in enumerate(words):
        if parts and parts[-1].endswith("'"):
            parts[-1] += word
        elif word in FRENCH_ELISIONS and i < len(words) - 1:
            parts.append(word + "'")
        else:
            parts.append(word)
    return " ".join(parts)


def synonym_rules(entries, language):
    """Solr-format synonym lines ("infolettre, newsletter") for the search
    analyzer of `language`, from entries shaped as `search.synonyms._load()`
    returns them: `[(entry_language, [phrase, …]), …]`, where
    `entry_language` is "" (both languages), "fr" or "en" and each phrase a
    tuple of words. The words are folded again (lower case, no accents), so
    entries built by hand may be given too."""
    rules = []
    for entry_language, phrases in entries:
        if entry_language and entry_language != language:
            continue
        terms = []
        for phrase in phrases:
            words = phrase.split() if isinstance(phrase, str) else phrase
            term = phrase_text(text.words(" ".join(words)), language)
            if term and term not in terms:
                terms.append(term)
        if len(terms) >= 2:
            rules.append(", ".join(terms))
    return rules


def _analysis(synonym_entries):
    """The analyzers, the filters they use, and the normalizer of folded
    keywords."""
    filters = {
        "cmhub_french_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": FRENCH_ELISIONS,
        },
        # The database engines' stop words, folded as the tokens are when
        # the filter sees them.
        "cmhub_french_stop": {
            "type": "stop",
            "stopwords": sorted({text.fold(word) for word in text.STOP_WORDS["fr"]}),
        },
        "cmhub_english_stop": {
            "type": "stop",
            "stopwords": sorted({text.fold(word) for word in text.STOP_WORDS["en"]}),
        },
        "cmhub_english_possessive": {"type": "stemmer", "language": "possessive_english"},
        # Snowball, as PostgreSQL's `french_stem` and the SQLite engine use,
        # applied after the accents are gone as they do.
        "cmhub_french_stemmer": {"type": "stemmer", "language": "french"},
        "cmhub_english_stemmer": {"type": "stemmer", "language": "english"},
        "cmhub_edge_ngram": {"type": "edge_ngram", "min_gram": MIN_GRAM, "max_gram": MAX_GRAM},
    }
    chains = {
        "fr": (["cmhub_french_elision", "lowercase", "asciifolding"], ["cmhub_french_stop"]),
        "en": (["cmhub_english_possessive", "lowercase", "asciifolding"], ["cmhub_english_stop"]),
    }
    stemmers = {"fr": "cmhub_french_stemmer", "en": "cmhub_english_stemmer"}
    names = {"fr": "cmhub_french", "en": "cmhub_english"}
    analyzers = {}
    for language in LANGUAGES:
        before, stop = chains[language]
        stemmer = [stemmers[language]]
        analyzers[names[language]] = {
            "type": "custom",
            "tokenizer": "standard",
            "filter": before + stop + stemmer,
        }
        # Synonyms come before the stop words, so that a phrase with one
        # ("gestionnaire de communauté") is read whole, and before the
        # stemmer, whose output the rules would otherwise have to spell.
        rules = synonym_rules(synonym_entries, language)
        synonyms = []
        if rules:
            filter_name = f"cmhub_{language}_synonyms"
            filters[filter_name] = {
                "type": "synonym_graph",
                "synonyms": rules,
                # A rule the chain cannot parse is skipped, not fatal.
                "lenient": True,
            }
            synonyms = [filter_name]
        analyzers[f"{names[language]}_search"] = {
            "type": "custom",
            "tokenizer": "standard",
            "filter": before + synonyms + stop + stemmer,
        }
    analyzers["cmhub_autocomplete"] = {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding", "cmhub_edge_ngram"],
    }
    analyzers["cmhub_autocomplete_search"] = {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding"],
    }
    return {
        "filter": filters,
        "analyzer": analyzers,
        "normalizer": {"cmhub_folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
    }


def _text_field(autocomplete=False):
    """A text field analysed in each language (`.fr`, `.en`)."""
    fields = {
        language: {
            "type": "text",
            "analyzer": name,
            "search_analyzer": f"{name}_search",
        }
        for language, name in (("fr", "cmhub_french"), ("en", "cmhub_english"))
    }
    if autocomplete:
        fields["autocomplete"] = {
            "type": "text",
            "analyzer": "cmhub_autocomplete",
            "search_analyzer": "cmhub_autocomplete_search",
        }
        fields["folded"] = {"type": "keyword", "normalizer": "cmhub_folded", "ignore_above": 256}
    # Every search goes to a sub-field; the field itself is analysed by the
    # standard analyzer, unused.
    return {"type": "text", "fields": fields}


def index_mappings():
    keyword = {"type": "keyword"}
    integer = {"type": "integer"}
    return {
        # A field the mapping does not know is an error, not a guess.
        "dynamic": "strict",
        "properties": {
            "id": integer,
            "key": keyword,
            "kind": keyword,
            "locale": keyword,
            "language": keyword,
            "title": _text_field(autocomplete=True),
            "title_length": {"type": "short"},
            "summary": _text_field(),
            "keywords": _text_field(),
            "body": _text_field(),
            # An institution's short name ("UQAM"), for autocomplete.
            "acronym": {
                "type": "text",
                "analyzer": "cmhub_autocomplete",
                "search_analyzer": "cmhub_autocomplete_search",
            },
            "url": {"type": "keyword", "index": False},
            "date": {"type": "date", "format": "strict_date"},
            "year": integer,
            "institution": integer,
            "institution_kind": keyword,
            "country": keyword,
            "region": keyword,
            "groups": keyword,
            "topic": keyword,
            "platform": keyword,
            "audience": keyword,
        },
    }


def index_settings(synonym_entries=None, replicas=None, shards=1):
    """The body of the request creating the index: `{"settings": …,
    "mappings": …}`, to pass as `indices.create(index=…, **body)`.

    `synonym_entries` are shaped as `search.synonyms._load()` returns them
    (`[("" | "fr" | "en", [("infolettre",), ("news", "letter")]), …]`);
    None reads the `Synonym` rows from the database. `replicas` defaults to
    `settings.ELASTICSEARCH_REPLICAS`, itself 0 in the settings (the env
    `ELASTICSEARCH_REPLICAS`) because docker-compose runs a single node,
    where a replica could never be allocated; without the setting it is 1,
    what a cluster needs. One shard is plenty for an intranet's documents.
    """
    if synonym_entries is None:
        from ...synonyms import _load

        synonym_entries = _load()
    if replicas is None:
        replicas = getattr(settings, "ELASTICSEARCH_REPLICAS", 1)
    return {
        "settings": {
            "index": {
                "number_of_shards": shards,
                "number_of_replicas": replicas,
                # Prefixes longer than min_gram by up to 18 characters.
                "max_ngram_diff": MAX_GRAM - MIN_GRAM,
            },
            "analysis": _analysis(synonym_entries),
        },
        "mappings": index_mappings(),
    }


# --- One document -------------------------------------------------------------


def group_ids(groups):
    """ "|3|7|" → ["3", "7"]; "" (every member) → []."""
    return [part for part in (groups or "").split("|") if part]


def document_body(document, tags=None):
    """The Elasticsearch document of a `SearchDocument`. `tags` are its
    `SearchDocumentTag` rows; without them `document.tags.all()` is read
    (prefetch it)."""
    if tags is None:
        tags = document.tags.all()
    body = {
        "id": document.pk,
        "key": document.key,
        "kind": document.kind,
        "locale": document.locale,
        "language": document.language or "fr",
        "title": document.title,
        "title_length": len(document.title),
        "summary": document.summary,
        "keywords": document.keywords,
        "body": document.body,
        "acronym": document.keywords if document.kind == "institution" else "",
        "url": document.url,
        "date": document.date.isoformat() if document.date else None,
        "year": document.year,
        "institution": document.institution_id,
        # Empty values are left out, so that no facet counts them.
        "institution_kind": document.institution_kind or None,
        "country": document.country or None,
        "region": document.region or None,
        "groups": group_ids(document.groups),
    }
    for facet in TAG_FACETS:
        body[facet] = []
    for tag in tags:
        if tag.facet in TAG_FACETS and tag.value not in body[tag.facet]:
            body[tag.facet].append(tag.value)
    return body


# --- Queries -----------------------------------------------------------------


def filter_clauses(locales, visibility, filters=None):
    """The `filter` clauses of a query: its locales, what the member may see
    and the chosen facet values (see `search.query.SearchQuery`)."""
    clauses = []
    if locales is not None:
        # "" stands for language-neutral documents, indexed with locale "".
        clauses.append({"terms": {"locale": list(locales)}})
    if visibility is not None:
        # Documents for every member (no groups), and those restricted to
        # one of the member's groups.
        should = [{"bool": {"must_not": {"exists": {"field": "groups"}}}}]
        if visibility:
            should.append({"terms": {"groups": [str(int(group)) for group in visibility]}})
        clauses.append({"bool": {"should": should, "minimum_should_match": 1}})
    for facet, value in sorted((filters or {}).items()):
        field = FIELD_OF_FACET[facet]
        if facet in INTEGER_FACETS:
            try:
                value = int(value)
            except (TypeError, ValueError):
                clauses.append({"match_none": {}})
                continue
        else:
            value = str(value)
        clauses.append({"term": {field: value}})
    return clauses


def phrase_clause(words, languages):
    """A phrase in any of the languages in scope, each searched in its own
    sub-fields of the documents written in it."""
    per_language = [
        {
            "bool": {
                "filter": [{"term": {"language": language}}],
                "must": [
                    {
                        "multi_match": {
                            "query": phrase_text(words, language),
                            "type": "phrase",
                            "fields": [
                                f"{name}.{language}^{boost}" if boost != 1 else f"{name}.{language}"
                                for name, boost in TEXT_FIELDS.items()
                            ],
                        }
                    }
                ],
            }
        }
        for language in languages
    ]
    if len(per_language) == 1:
        return per_language[0]
    return {"bool": {"should": per_language, "minimum_should_match": 1}}


def group_clause(group, languages):
    """A group matches through any of its alternatives."""
    return {
        "bool": {
            "should": [phrase_clause(words, languages) for words in group],
            "minimum_should_match": 1,
        }
    }


def kind_weighted(query):
    """A relevance multiplied by the weight of each document's kind
    (`search.backends.sql.KIND_WEIGHTS`), without a script."""
    functions = [
        {"filter": {"term": {"kind": kind}}, "weight": weight}
        for kind, weight in KIND_WEIGHTS.items()
        if weight != 1.0
    ]
    if not functions:
        return query
    return {
        "function_score": {
            "query": query,
            "functions": functions,
            # A document matches one kind at most; the others keep 1.
            "score_mode": "first",
            "boost_mode": "multiply",
        }
    }


DATE_SORT = [
    {"date": {"order": "desc", "missing": "_last"}},
    {"id": {"order": "desc"}},
]


def build_query(query):
    """The search request body for a `search.query.SearchQuery`.

    Every group must match (`must`) — or, with `query.match_any`, at least
    one (`should`, the more the better) — through any of its alternatives, each
    a phrase searched in the title (×3), summary and keywords (×2) and body
    of the documents in the languages in scope. Locales, visibility and
    facet values filter without scoring. Without words, every document
    passing the filters matches, newest first.
    """
    languages = query.languages or ("fr",)
    bool_query = {"filter": filter_clauses(query.locales, query.visibility, query.filters)}
    if query.groups:
        clauses = [group_clause(group, languages) for group in query.groups]
        if query.match_any:
            bool_query["should"] = clauses
            bool_query["minimum_should_match"] = 1
        else:
            bool_query["must"] = clauses
        search_query = kind_weighted({"bool": bool_query})
    else:
        bool_query["must"] = [{"match_all": {}}]
        search_query = {"bool": bool_query}
    if query.sort == "date" or not query.groups:
        sort = list(DATE_SORT)
    else:
        sort = [{"_score": {"order": "desc"}}, *DATE_SORT]
    # Pages past the first 10,000 hits are empty (Elasticsearch refuses
    # them); the total stays exact.
    offset = min(max(0, int(query.offset)), MAX_RESULT_WINDOW)
    size = min(max(0, int(query.limit)), MAX_RESULT_WINDOW - offset)
    body = {
        "query": search_query,
        "sort": sort,
        "from": offset,
        "size": size,
        "track_total_hits": True,
        "_source": False,
    }
    if query.with_facets:
        body["aggs"] = {
            facet: {"terms": {"field": FIELD_OF_FACET[facet], "size": FACET_SIZE}}
            for facet in FACETS
        }
    return body


def build_autocomplete(words, locales, visibility, limit=8):
    """The request body of autocomplete, or None when there is nothing to
    complete: documents whose title (or, for an institution, short name)
    has every word as the start of one of its words, titles starting with
    the first word first, then the shortest."""
    # Prefixes are indexed from 2 to 20 characters: a one-letter word cannot
    # be looked for, a longer one is looked for by its first 20.
    words = [text.fold(word)[:MAX_GRAM] for word in words if word][:6]
    words = [word for word in words if len(word) >= MIN_GRAM]
    if not words:
        return None
    typed = " ".join(words)
    return {
        "query": {
            "bool": {
                "filter": [
                    *filter_clauses(locales, visibility),
                    {
                        "bool": {
                            "should": [
                                {
                                    "match": {
                                        "title.autocomplete": {"query": typed, "operator": "and"}
                                    }
                                },
                                {"match": {"acronym": {"query": typed, "operator": "and"}}},
                            ],
                            "minimum_should_match": 1,
                        }
                    },
                ],
                "should": [
                    {
                        "constant_score": {
                            "filter": {"prefix": {"title.folded": words[0]}},
                            "boost": 1,
                        }
                    }
                ],
            }
        },
        "sort": [
            {"_score": {"order": "desc"}},
            {"title_length": {"order": "asc"}},
            {"id": {"order": "asc"}},
        ],
        "size": max(0, int(limit)),
        "_source": False,
    }


# --- The engine ---------------------------------------------------------------


def _body(response):
    """The decoded body of a client response (or a plain dict)."""
    return getattr(response, "body", response)


def parse_results(response):
    """A `SearchResults` from a search response: hits as (id, score), facet
    buckets as {str(value): count}."""
    response = _body(response)
    hits = response.get("hits", {})
    total = hits.get("total", 0)
    if isinstance(total, dict):
        total = total.get("value", 0)
    results = SearchResults(total=int(total))
    results.hits = [
        (int(hit["_id"]), float(hit.get("_score") or 0)) for hit in hits.get("hits", [])
    ]
    for facet, aggregation in (response.get("aggregations") or {}).items():
        buckets = {
            str(bucket["key"]): bucket["doc_count"] for bucket in aggregation.get("buckets", [])
        }
        if buckets:
            results.facets[facet] = buckets
    return results


class ElasticsearchEngine(BaseEngine):
    """Members' search on Elasticsearch (see the module docstring).

    The client is created on first use from `settings.ELASTICSEARCH_URL`
    and `settings.ELASTICSEARCH_TIMEOUT`; the index name is read from
    `settings.CMHUB_SEARCH_INDEX` at each call, so tests may override it.
    `refresh` (default `settings.CMHUB_SEARCH_REFRESH`, False) makes writes
    visible to searches before they return: for tests only, it costs a
    refresh per write.
    """

    name = "elasticsearch"
    external = True

    def __init__(self, client=None, index_name=None, refresh=None):
        self._client = client
        self._index_name = index_name
        self._refresh = refresh
        self._ensured = set()
        self._down_until = 0.0

    def available(self):
        """False while a recent failure makes the engine taken as down."""
        return time.monotonic() >= self._down_until

    @contextlib.contextmanager
    def reaching(self):
        """Around the requests of a search or a write: the node refusing
        connections, not answering within `ELASTICSEARCH_TIMEOUT` or
        answering that it cannot serve (5xx, 429) raises `SearchUnavailable`,
        logs one warning and makes the next `RETRY_AFTER` seconds fail at
        once without a request."""
        from elasticsearch import ApiError, TransportError

        if not self.available():
            raise SearchUnavailable("Elasticsearch was unreachable moments ago")
        try:
            yield
        except (TransportError, ApiError) as error:
            status = getattr(getattr(error, "meta", None), "status", None)
            if isinstance(error, ApiError) and not (status == 429 or (status or 0) >= 500):
                raise
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning(
                "Elasticsearch is unavailable (%s: %s); search answers 503 and index "
                "writes are kept for later for the next %s s",
                type(error).__name__,
                error,
                RETRY_AFTER,
            )
            raise SearchUnavailable(str(error)) from error

    @property
    def client(self):
        if self._client is None:
            from elasticsearch import Elasticsearch

            urls = settings.ELASTICSEARCH_URL
            self._client = Elasticsearch(
                urls,
                request_timeout=getattr(settings, "ELASTICSEARCH_TIMEOUT", 5),
                # A failed request is tried again on another node, never on
                # the same one: a dead single node fails at once (one
                # warning, see `reaching`), not after retries logging a
                # traceback each.
                max_retries=max(0, len(urls) - 1) if isinstance(urls, list | tuple) else 0,
            )
        return self._client

    @property
    def index_name(self):
        return self._index_name or getattr(settings, "CMHUB_SEARCH_INDEX", "cmhub_search_documents")

    @property
    def refresh(self):
        if self._refresh is not None:
            return self._refresh
        return getattr(settings, "CMHUB_SEARCH_REFRESH", False)

    # --- The index ----------------------------------------------------------

    def concrete_name(self, generation):
        """The index holding a generation's documents, behind the alias."""
        return f"{self.index_name}_gen{generation}"

    def alias_targets(self):
        """The indexes the alias points at (one, or none before the first
        index was made)."""
        name = self.index_name
        if not self.client.indices.exists_alias(name=name):
            return []
        return sorted(_body(self.client.indices.get_alias(name=name)))

    def ensure_index(self):
        """Create the live index, with the current synonyms, if there is
        none: `<alias>_gen<live>` under the alias."""
        name = self.index_name
        if name in self._ensured:
            return
        if not self.client.indices.exists(index=name):  # an alias or an index
            from elasticsearch import BadRequestError

            from ...models import SearchIndex

            live = SearchIndex.objects.filter(pk=1).values_list("live", flat=True).first() or 1
            try:
                self.client.indices.create(
                    index=self.concrete_name(live), aliases={name: {}}, **index_settings()
                )
            except BadRequestError as error:
                # Created meanwhile by another process.
                if getattr(error, "error", "") != "resource_already_exists_exception":
                    raise
        self._ensured.add(name)

    def target(self, generation):
        """Where writes go: the alias for the live index, else the index of
        the generation being built."""
        if generation is None:
            self.ensure_index()
            return self.index_name
        return self.concrete_name(generation)

    def index(self, documents, generation=None):
        """(Re)index these documents: one bulk request per 500."""
        documents = list(documents)
        if not documents:
            return
        from elasticsearch.helpers import bulk

        from ...models import SearchDocumentTag

        with self.reaching():
            name = self.target(generation)
        tags = {document.pk: [] for document in documents}
        prefetched = all(
            "tags" in getattr(document, "_prefetched_objects_cache", {}) for document in documents
        )
        if not prefetched:
            for tag in SearchDocumentTag.objects.filter(document_id__in=list(tags)):
                tags[tag.document_id].append(tag)
        actions = (
            {
                "_op_type": "index",
                "_index": name,
                "_id": str(document.pk),
                "_source": document_body(document, None if prefetched else tags[document.pk]),
            }
            for document in documents
        )
        options = {"refresh": "wait_for"} if self.refresh else {}
        with self.reaching():
            bulk(self.client, actions, chunk_size=500, **options)

    def remove(self, document_ids, generation=None):
        """Delete these documents; those already gone are no error."""
        ids = list(document_ids)
        if not ids:
            return
        from elasticsearch.helpers import bulk

        with self.reaching():
            name = self.target(generation)
            actions = ({"_op_type": "delete", "_index": name, "_id": str(pk)} for pk in ids)
            options = {"refresh": "wait_for"} if self.refresh else {}
            bulk(self.client, actions, chunk_size=500, ignore_status=(404,), **options)

    # --- Rebuilding beside the live index ------------------------------------

    def create_generation(self, generation):
        """A new, empty index for a rebuild, with the analyzers and synonyms
        of now (one left by a failed run under that name goes first)."""
        name = self.concrete_name(generation)
        self.client.options(ignore_status=404).indices.delete(index=name)
        self.client.indices.create(index=name, **index_settings())

    def switch(self, generation):
        """Point the alias at the new index, away from the old one, in one
        `_aliases` request: no search sees both or neither. An index named
        as the alias (made before aliases were used) is deleted in the same
        request."""
        name = self.index_name
        new = self.concrete_name(generation)
        self.client.indices.refresh(index=new)
        targets = self.alias_targets()
        actions = [{"remove": {"index": old, "alias": name}} for old in targets if old != new]
        if not targets and self.client.indices.exists(index=name):
            actions.append({"remove_index": {"index": name}})
        actions.append({"add": {"index": new, "alias": name}})
        self.client.indices.update_aliases(actions=actions)
        self._ensured.add(name)

    def forget(self, document_ids):
        """The old index is deleted whole (drop_generation)."""

    def drop_generation(self, generation):
        """Delete the index of a generation no longer searched."""
        name = self.concrete_name(generation)
        if name not in self.alias_targets():
            self.client.options(ignore_status=404).indices.delete(index=name)

    def drop_stale(self, keep):
        """Delete the indexes of failed rebuilds: every `<alias>_…` index
        the alias does not point at, except generation `keep`'s."""
        targets = set(self.alias_targets())
        if keep is not None:
            targets.add(self.concrete_name(keep))
        found = _body(self.client.indices.get_alias(index=f"{self.index_name}_*"))
        for name in sorted(found):
            if name not in targets:
                self.client.options(ignore_status=404).indices.delete(index=name)

    def index_exists(self):
        return bool(self.client.indices.exists(index=self.index_name))

    def schema_fingerprint(self):
        """A digest of the analyzers (synonyms included) and the mappings:
        an index built with others must be rebuilt."""
        body = index_settings(replicas=0)
        digest = json.dumps([body["settings"]["analysis"], body["mappings"]], sort_keys=True)
        return hashlib.sha256(digest.encode()).hexdigest()[:16]

    # --- Answering ------------------------------------------------------------

    def search(self, query):
        with self.reaching():
            self.ensure_index()  # a site searched before its first indexing
            response = self.client.search(index=self.index_name, body=build_query(query))
        return parse_results(response)

    def autocomplete(self, words, locales, visibility, limit=8):
        body = build_autocomplete(words, locales, visibility, limit)
        if body is None or not limit:
            return []
        with self.reaching():
            self.ensure_index()
            response = _body(self.client.search(index=self.index_name, body=body))
        return [int(hit["_id"]) for hit in response["hits"]["hits"]]
