"""The request bodies of a search (`build_query`) and of autocomplete
(`build_autocomplete`): pure functions of a `search.query.SearchQuery`,
unit-tested without a server."""

from ... import text
from ...query import FACETS
from ..sql import KIND_WEIGHTS
from .analysis import ANALYZERS, MAX_GRAM, MIN_GRAM, phrase_text

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


def phrase_clause(words, languages, synonyms=True):
    """A phrase in any of the languages in scope, each searched in its own
    sub-fields of the documents written in it. With `synonyms` False, the
    phrase is read by the index's analyzer (`analysis.ANALYZERS`), which
    does not expand the index's synonyms."""
    per_language = []
    for language in languages:
        multi_match = {
            "query": phrase_text(words, language),
            "type": "phrase",
            "fields": [
                f"{name}.{language}^{boost}" if boost != 1 else f"{name}.{language}"
                for name, boost in TEXT_FIELDS.items()
            ],
        }
        if not synonyms:
            multi_match["analyzer"] = ANALYZERS[language]
        per_language.append(
            {
                "bool": {
                    "filter": [{"term": {"language": language}}],
                    "must": [{"multi_match": multi_match}],
                }
            }
        )
    if len(per_language) == 1:
        return per_language[0]
    return {"bool": {"should": per_language, "minimum_should_match": 1}}


def group_clause(group, languages):
    """A group matches through any of its alternatives. When the query
    parser has already listed a word's synonyms as the group's alternatives
    (`search.query.parse_groups`), they are read without the index's
    synonyms: expanding each alternative into every synonym again would
    square the phrases (a query of four words with synonyms went past the
    engine's 1,024 clauses and failed)."""
    synonyms = len(group) == 1
    return {
        "bool": {
            "should": [phrase_clause(words, languages, synonyms) for words in group],
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


#: What each group a document matches adds to its score when any group may
#: match: more than a phrase and any text score together, so that the count
#: of groups ranks first (as `matched DESC` on the database engines).
MATCHED_GROUP_BOOST = 10_000
#: What a document with the words in the order typed adds to its score: more
#: than any text score, so that those documents come next (as `phrase DESC`
#: on the database engines, `search.backends.sql.SQLEngine.phrase_sql`).
PHRASE_BOOST = 1_000

DATE_SORT = [
    {"date": {"order": "desc", "missing": "_last"}},
    {"id": {"order": "desc"}},
]


def boosted(clause, boost):
    """A clause that adds `boost` to the score of the documents it matches,
    whatever their text score."""
    return {"constant_score": {"filter": clause, "boost": boost}}


def build_query(query):
    """The search request body for a `search.query.SearchQuery`.

    Every group must match — or, with `query.match_any`, at least one; with
    `query.partial`, not every one (`must_not` the whole query) — through
    any of its alternatives, each a phrase searched in the title (×3),
    summary and keywords (×2) and body of the documents in the languages in
    scope; that text score is multiplied by the weight of the document's
    kind. The order is that of the database engines: when any group may
    match, each group a document matches adds MATCHED_GROUP_BOOST (the
    documents with the most groups first); then, for a query of several
    groups, the documents with the words in the order typed add PHRASE_BOOST
    ("former les relais" before "formation" here and "relais" there); then
    the text score. Locales, visibility and facet values filter without
    scoring. Without words, every document passing the filters matches,
    newest first.
    """
    languages = query.languages or ("fr",)
    bool_query = {"filter": filter_clauses(query.locales, query.visibility, query.filters)}
    if query.groups:
        clauses = [group_clause(group, languages) for group in query.groups]
        boosts = []
        if query.any_group:
            text_query = {"bool": {"should": clauses, "minimum_should_match": 1}}
            boosts = [boosted(clause, MATCHED_GROUP_BOOST) for clause in clauses]
            if query.partial:
                bool_query["must_not"] = [{"bool": {"filter": clauses}}]
        else:
            text_query = {"bool": {"must": clauses}}
        typed = text.words(query.text)
        if len(query.groups) > 1 and len(typed) > 1 and query.sort != "date":
            boosts.append(boosted(phrase_clause(typed, languages, False), PHRASE_BOOST))
        bool_query["must"] = [kind_weighted(text_query)]
        if boosts:
            bool_query["should"] = boosts
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
