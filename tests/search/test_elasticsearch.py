"""The Elasticsearch engine (and OpenSearch's, which shares it): what it
sends (index settings, documents, queries) and how it reads the answers,
checked without a server; then the same engine against a real node: the
OpenSearch node of the real-node run (CMHUB_TEST_SEARCH_URL), or
Elasticsearch when ELASTICSEARCH_URL is set (`docker compose up
elasticsearch`)."""

import datetime
import itertools
import os
import uuid

import pytest

from search import backends, service
from search.backends.elasticsearch import ElasticsearchEngine
from search.backends.elasticsearch.analysis import phrase_text
from search.backends.elasticsearch.engine import parse_results
from search.backends.elasticsearch.mappings import document_body, index_settings
from search.backends.elasticsearch.queries import (
    MATCHED_GROUP_BOOST,
    PHRASE_BOOST,
    build_autocomplete,
    build_query,
)
from search.backends.sql import KIND_WEIGHTS
from search.documents import Draft
from search.indexer import rebuild, remove_keys, save_drafts
from search.models import SearchDocument, Synonym
from search.query import FACETS, SearchQuery, parse_groups
from tests import search_node

_numbers = itertools.count(1)


def draft(title, key=None, tags=(), **values):
    """A draft document: a French guide for every member unless told."""
    number = next(_numbers)
    key = key or f"test:{uuid.uuid4().hex[:12]}"
    base = {
        "kind": "guide",
        "object_id": number,
        "locale": "fr",
        "language": "fr",
        "title": title,
        "summary": "",
        "keywords": "",
        "body": "",
        "url": f"/fr/test/{number}/",
        "date": None,
        "year": None,
        "institution": None,
        "institution_kind": "",
        "country": "",
        "region": "",
        "groups": "",
    }
    return Draft(key, {**base, **values}, list(tags))


def analyzer(body, name):
    return body["settings"]["analysis"]["analyzer"][name]


def filters_of(body, name):
    """The filters of an analyzer, each with its definition ({} for built-ins)."""
    defined = body["settings"]["analysis"]["filter"]
    return [(item, defined.get(item, {})) for item in analyzer(body, name)["filter"]]


def position(body, analyzer_name, predicate):
    for i, (name, definition) in enumerate(filters_of(body, analyzer_name)):
        if predicate(name, definition):
            return i
    raise AssertionError(f"no such filter in {analyzer_name}")


def is_type(kind, **options):
    return lambda name, definition: (
        definition.get("type") == kind
        and all(definition.get(key) == value for key, value in options.items())
    )


def is_builtin(builtin):
    return lambda name, definition: name == builtin


# --- Index settings -----------------------------------------------------------


@pytest.mark.django_db
def test_search_analyzers_apply_the_editors_synonyms():
    Synonym.objects.create(terms="newsletter, infolettre")
    Synonym.objects.create(terms="Gestionnaire de communauté, animateur", language="fr")
    Synonym.objects.create(terms="CM, community manager", language="en")
    Synonym.objects.create(terms="lettre d'information, bulletin", language="fr")
    body = index_settings()  # read from the database
    french = dict(filters_of(body, "cmhub_french_search"))
    english = dict(filters_of(body, "cmhub_english_search"))
    (french_synonyms,) = [d for d in french.values() if d.get("type") == "synonym_graph"]
    (english_synonyms,) = [d for d in english.values() if d.get("type") == "synonym_graph"]
    # Beside the list the site starts with (a data migration).
    assert {
        "lettre d'information, bulletin",
        "newsletter, infolettre",
    } <= set(french_synonyms["synonyms"])
    # A phrase with a stop word inside is left to the query parser (it broke
    # the synonym graph: test_search_page's synonyms on the real node), and
    # a rule left with one term is no rule.
    assert not [rule for rule in french_synonyms["synonyms"] if "gestionnaire de" in rule]
    assert "cm, community manager" not in french_synonyms["synonyms"]
    assert {"cm, community manager", "newsletter, infolettre"} <= set(english_synonyms["synonyms"])
    assert "gestionnaire de communaute, animateur" not in english_synonyms["synonyms"]
    # After lower case and accents, before stop words and stemming.
    folding = position(body, "cmhub_french_search", is_builtin("asciifolding"))
    synonyms = position(body, "cmhub_french_search", is_type("synonym_graph"))
    stemmer = position(body, "cmhub_french_search", is_type("stemmer", language="french"))
    assert folding < synonyms < stemmer
    # Index-time analyzers never expand synonyms.
    for name in ("cmhub_french", "cmhub_english"):
        assert not [d for _n, d in filters_of(body, name) if d.get("type") == "synonym_graph"]


def test_synonym_entries_of_the_parser_are_accepted_as_they_are():
    entries = [
        ("", [("newsletter",), ("infolettre",)]),
        ("en", [("cm",), ("community", "manager")]),
        ("fr", [("seul",)]),  # one term: no rule
    ]
    body = index_settings(entries, replicas=0)
    french = body["settings"]["analysis"]["filter"]["cmhub_fr_synonyms"]
    english = body["settings"]["analysis"]["filter"]["cmhub_en_synonyms"]
    assert french["synonyms"] == ["newsletter, infolettre"]
    assert english["synonyms"] == ["newsletter, infolettre", "cm, community manager"]


def test_replicas_and_shards(settings):
    settings.ELASTICSEARCH_REPLICAS = 2
    assert index_settings([])["settings"]["index"]["number_of_replicas"] == 2
    assert index_settings([])["settings"]["index"]["number_of_shards"] == 1
    assert index_settings([], replicas=0)["settings"]["index"]["number_of_replicas"] == 0
    del settings.ELASTICSEARCH_REPLICAS
    assert index_settings([])["settings"]["index"]["number_of_replicas"] == 1


def test_a_live_index_refreshes_every_second_and_a_building_one_never():
    assert index_settings([])["settings"]["index"]["refresh_interval"] == "1s"
    building = index_settings([], building=True)
    assert building["settings"]["index"]["refresh_interval"] == "-1"
    # The same schema: a rebuild's index answers as the live one did.
    assert building["mappings"] == index_settings([])["mappings"]


# --- Documents ------------------------------------------------------------------


@pytest.mark.django_db
def test_document_body():
    (document,) = save_drafts(
        [
            draft(
                "Lancer une infolettre",
                summary="Pas à pas.",
                keywords="UGT",
                body="Le texte.",
                date=datetime.date(2024, 3, 5),
                year=2024,
                institution_kind="university",
                country="FR",
                groups="|3|7|",
                tags=[
                    ("topic", "0f4c"),
                    ("topic", "9ab1"),
                    ("platform", "instagram"),
                    ("audience", "students"),
                ],
            )
        ]
    )
    document = SearchDocument.objects.prefetch_related("tags").get(pk=document.pk)
    body = document_body(document)
    assert body["id"] == document.pk
    assert body["key"] == document.key
    assert (body["kind"], body["locale"], body["language"]) == ("guide", "fr", "fr")
    assert (body["title"], body["summary"], body["keywords"], body["body"]) == (
        "Lancer une infolettre",
        "Pas à pas.",
        "UGT",
        "Le texte.",
    )
    assert body["acronym"] == ""  # only institutions complete on their short name
    assert body["date"] == "2024-03-05" and body["year"] == 2024
    assert body["institution"] is None
    assert body["institution_kind"] == "university" and body["country"] == "FR"
    assert body["region"] is None  # empty: counted by no facet
    assert body["groups"] == ["3", "7"]
    assert sorted(body["topic"]) == ["0f4c", "9ab1"]
    assert body["platform"] == ["instagram"]
    assert body["audience"] == ["students"]
    # The mapping is strict: every field sent must be in it.
    assert set(body) <= set(index_settings([], replicas=0)["mappings"]["properties"])


@pytest.mark.django_db
def test_document_body_of_an_institution_for_everyone():
    (document,) = save_drafts(
        [draft("Université de Gestion-Test", kind="institution", locale="", keywords="UGT")]
    )
    body = document_body(document, tags=[])
    assert body["groups"] == []
    assert body["locale"] == ""
    assert body["acronym"] == "UGT"
    assert body["date"] is None
    assert body["topic"] == body["platform"] == body["audience"] == []


# --- Queries ---------------------------------------------------------------------


def query_of(**fields):
    fields.setdefault("visibility", None)
    return SearchQuery(**fields)


def filters(body):
    return body["query"]["bool"]["filter"]


def text_score(body):
    """The scored text part of a search: the groups, weighted by kind."""
    (must,) = body["query"]["bool"]["must"]
    return must["function_score"]


def musts(body):
    return text_score(body)["query"]["bool"]["must"]


def test_locale_filter():
    body = build_query(query_of(locales=("fr", "")))
    assert {"terms": {"locale": ["fr", ""]}} in filters(body)
    body = build_query(query_of(locales=None))
    assert not [clause for clause in filters(body) if "locale" in str(clause)]


def test_visibility_filter():
    assert filters(build_query(query_of(visibility=None))) == [{"terms": {"locale": ["fr", ""]}}]
    (visibility,) = filters(build_query(query_of(locales=None, visibility=(3, 7))))
    assert visibility == {
        "bool": {
            "should": [
                {"bool": {"must_not": {"exists": {"field": "groups"}}}},
                {"terms": {"groups": ["3", "7"]}},
            ],
            "minimum_should_match": 1,
        }
    }
    # A member in no group sees what every member may see, only.
    (nobody,) = filters(build_query(query_of(locales=None, visibility=())))
    assert nobody == {
        "bool": {
            "should": [{"bool": {"must_not": {"exists": {"field": "groups"}}}}],
            "minimum_should_match": 1,
        }
    }


def test_facet_filters():
    body = build_query(
        query_of(
            locales=None,
            filters={
                "type": "guide",
                "institution": "12",
                "institution_kind": "university",
                "country": "FR",
                "region": "Bretagne",
                "year": 2024,
                "topic": "0f4c",
                "platform": "instagram",
                "audience": "students",
            },
        )
    )
    assert sorted(filters(body), key=str) == sorted(
        [
            {"term": {"kind": "guide"}},
            {"term": {"institution": 12}},
            {"term": {"institution_kind": "university"}},
            {"term": {"country": "FR"}},
            {"term": {"region": "Bretagne"}},
            {"term": {"year": 2024}},
            {"term": {"topic": "0f4c"}},
            {"term": {"platform": "instagram"}},
            {"term": {"audience": "students"}},
        ],
        key=str,
    )
    # A value that cannot be an id matches nothing rather than failing.
    assert filters(build_query(query_of(locales=None, filters={"year": "x"}))) == [
        {"match_none": {}}
    ]


def phrase(language, text, synonyms=True):
    """A phrase clause; without the index's synonyms, read by the index's
    analyzer of its language."""
    multi_match = {
        "query": text,
        "type": "phrase",
        "fields": [
            f"title.{language}^3",
            f"summary.{language}^2",
            f"keywords.{language}^2",
            f"body.{language}",
        ],
    }
    if not synonyms:
        multi_match["analyzer"] = {"fr": "cmhub_french", "en": "cmhub_english"}[language]
    return {
        "bool": {
            "filter": [{"term": {"language": language}}],
            "must": [{"multi_match": multi_match}],
        }
    }


def test_each_group_is_a_phrase_in_the_language_subfields_of_its_documents():
    body = build_query(query_of(groups=[[("formations",)]], locales=("fr", "")))
    assert musts(body) == [
        {"bool": {"should": [phrase("fr", "formations")], "minimum_should_match": 1}}
    ]
    # Every language in scope, each on its own documents; every alternative.
    groups = [[("newsletter",), ("lettre", "d", "information")], [("etudiants",)]]
    body = build_query(query_of(groups=groups, locales=None))
    both = {"minimum_should_match": 1}
    assert musts(body) == [
        {
            "bool": {
                "should": [
                    # The parser listed the synonyms: the index's are not
                    # expanded again.
                    {
                        "bool": {
                            "should": [
                                phrase("fr", "newsletter", synonyms=False),
                                phrase("en", "newsletter", synonyms=False),
                            ]
                        }
                        | both
                    },
                    {
                        "bool": {
                            "should": [
                                phrase("fr", "lettre d'information", synonyms=False),
                                phrase("en", "lettre d information", synonyms=False),
                            ]
                        }
                        | both
                    },
                ],
                "minimum_should_match": 1,
            }
        },
        {
            "bool": {
                "should": [
                    {
                        "bool": {"should": [phrase("fr", "etudiants"), phrase("en", "etudiants")]}
                        | both
                    }
                ],
                "minimum_should_match": 1,
            }
        },
    ]
    english = build_query(query_of(groups=[[("training",)]], locales=("en",)))
    assert musts(english)[0]["bool"]["should"] == [phrase("en", "training")]


def test_when_no_document_has_every_word_any_group_may_match():
    groups = [[("salaire",)], [("quebec",)]]
    every = build_query(query_of(groups=groups))
    some = build_query(query_of(groups=groups, match_any=True))
    inner = text_score(some)["query"]["bool"]
    assert "must" not in inner
    assert inner["should"] == musts(every)
    assert inner["minimum_should_match"] == 1
    # Each group matched also adds a constant, so that the documents with
    # the most groups come first, as on the database engines; outside the
    # kind weight, so that a member matching two groups still comes before
    # a guide matching one.
    assert some["query"]["bool"]["should"] == [
        {"constant_score": {"filter": clause, "boost": MATCHED_GROUP_BOOST}}
        for clause in musts(every)
    ]
    assert "must_not" not in some["query"]["bool"]


def test_partial_matches_exclude_the_documents_with_every_word():
    groups = [[("salaire",)], [("quebec",)]]
    every = build_query(query_of(groups=groups))
    partial = build_query(query_of(groups=groups, partial=True))
    assert text_score(partial)["query"]["bool"]["minimum_should_match"] == 1
    assert partial["query"]["bool"]["must_not"] == [{"bool": {"filter": musts(every)}}]


def test_the_words_in_the_order_typed_add_a_boost_between_groups_and_text():
    typed = "former les relais"
    groups = [[("former",)], [("relais",)]]  # "les" is a stop word
    body = build_query(query_of(text=typed, groups=groups))
    (boost,) = body["query"]["bool"]["should"]
    assert boost["constant_score"]["boost"] == PHRASE_BOOST
    # The words typed, as typed: without synonyms.
    assert boost["constant_score"]["filter"] == phrase("fr", "former les relais", synonyms=False)
    assert MATCHED_GROUP_BOOST > 5 * PHRASE_BOOST
    # Not for one group (a phrase and its synonyms), one word, nor when
    # sorting by date.
    one_group = build_query(query_of(text="bad buzz", groups=[[("bad", "buzz"), ("crise",)]]))
    assert "should" not in one_group["query"]["bool"]
    assert (
        "should"
        not in build_query(query_of(text="relais", groups=[[("relais",)]]))["query"]["bool"]
    )
    by_date = build_query(query_of(text=typed, groups=groups, sort="date"))
    assert "should" not in by_date["query"]["bool"]


def test_french_articles_are_joined_back_for_elision():
    assert phrase_text(("lettre", "d", "information"), "fr") == "lettre d'information"
    assert phrase_text(("qu", "il", "l", "ecole"), "fr") == "qu'il l'ecole"
    assert phrase_text(("d",), "fr") == "d"
    assert phrase_text(("lettre", "d", "information"), "en") == "lettre d information"


def test_relevance_is_multiplied_by_the_kind_weight():
    body = build_query(query_of(groups=[[("veille",)]]))
    function_score = text_score(body)
    assert function_score["boost_mode"] == "multiply"
    assert function_score["score_mode"] == "first"
    weights = {
        function["filter"]["term"]["kind"]: function["weight"]
        for function in function_score["functions"]
    }
    assert weights == {kind: weight for kind, weight in KIND_WEIGHTS.items() if weight != 1.0}
    assert weights["member"] < weights["person"] < weights["event"] < 1


def test_sorting_and_paging():
    body = build_query(query_of(groups=[[("veille",)]], offset=40, limit=20))
    assert body["from"] == 40 and body["size"] == 20
    assert body["track_total_hits"] is True
    assert body["sort"][0] == {"_score": {"order": "desc"}}
    assert body["sort"][1] == {"date": {"order": "desc", "missing": "_last"}}
    # Elasticsearch answers no page past its 10,000th hit: such a page is empty.
    deep = build_query(query_of(groups=[[("veille",)]], offset=9_990, limit=20))
    assert (deep["from"], deep["size"]) == (9_990, 10)
    deeper = build_query(query_of(groups=[[("veille",)]], offset=20_000, limit=20))
    assert (deeper["from"], deeper["size"]) == (10_000, 0)
    by_date = build_query(query_of(groups=[[("veille",)]], sort="date"))
    assert by_date["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
    assert {"_score": {"order": "desc"}} not in by_date["sort"]


def test_filters_only_match_everything_newest_first():
    body = build_query(query_of(filters={"type": "event"}))
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert {"term": {"kind": "event"}} in body["query"]["bool"]["filter"]
    assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}


def test_aggregations_only_when_facets_are_asked():
    body = build_query(query_of(groups=[[("veille",)]]))
    assert list(body["aggs"]) == list(FACETS)
    assert body["aggs"]["type"] == {"terms": {"field": "kind", "size": 50}}
    assert body["aggs"]["institution"] == {"terms": {"field": "institution", "size": 50}}
    assert body["aggs"]["topic"] == {"terms": {"field": "topic", "size": 50}}
    assert body["aggs"]["year"] == {"terms": {"field": "year", "size": 50}}
    assert "aggs" not in build_query(query_of(groups=[[("veille",)]], with_facets=False))


def test_autocomplete_query():
    body = build_autocomplete(["Gestion", "de", "cri"], ("fr", ""), (2,), limit=5)
    assert body["size"] == 5
    clauses = body["query"]["bool"]["filter"]
    assert {"terms": {"locale": ["fr", ""]}} in clauses
    assert any("groups" in str(clause) for clause in clauses)
    assert {
        "match": {"title.autocomplete": {"query": "gestion de cri", "operator": "and"}}
    } in clauses[-1]["bool"]["should"]
    assert body["query"]["bool"]["should"][0]["constant_score"]["filter"] == {
        "prefix": {"title.folded": "gestion"}
    }
    # One-letter words cannot be prefixes; nothing left, nothing asked.
    assert build_autocomplete(["a", "b"], None, None) is None
    # Prefixes are indexed up to 20 characters: a longer word is cut.
    (typed,) = build_autocomplete(["x" * 30], None, None)["query"]["bool"]["filter"]
    assert typed["bool"]["should"][0]["match"]["title.autocomplete"]["query"] == "x" * 20


# --- The engine, with a stand-in for the network -------------------------------


class FakeIndices:
    def __init__(self, exists=True):
        self.existing = exists
        self.calls = []

    def exists(self, index):
        self.calls.append(("exists", index))
        return self.existing

    def create(self, index, **body):
        self.calls.append(("create", index, body))
        self.existing = True

    def delete(self, index):
        self.calls.append(("delete", index))
        self.existing = False


class FakeClient:
    """Answers `search` with a recorded response and keeps what it was sent."""

    def __init__(self, response=None, exists=True):
        self.response = response
        self.indices = FakeIndices(exists)
        self.searches = []
        self.options_given = []

    def search(self, index, body):
        self.searches.append((index, body))
        return self.response

    def options(self, **options):
        self.options_given.append(options)
        return self


@pytest.mark.django_db
def test_engine_reads_an_elasticsearch_answer():
    first, second = save_drafts(
        [draft("Lancer une infolettre", year=2024), draft("Infolettre des étudiants")]
    )
    recorded = {
        "took": 4,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": 42, "relation": "eq"},
            "max_score": 7.25,
            "hits": [
                {"_index": "cmhub_test", "_id": str(second.pk), "_score": 7.25},
                {"_index": "cmhub_test", "_id": str(first.pk), "_score": None},
            ],
        },
        "aggregations": {
            "type": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [{"key": "guide", "doc_count": 30}, {"key": "event", "doc_count": 12}],
            },
            "year": {"buckets": [{"key": 2024, "doc_count": 5}]},
            "institution": {"buckets": [{"key": 12, "doc_count": 3}]},
            "region": {"buckets": []},
        },
    }
    client = FakeClient(recorded)
    engine = ElasticsearchEngine(client=client, index_name="cmhub_test")
    query = SearchQuery(text="infolettre", groups=parse_groups("infolettre"), visibility=())
    results = engine.search(query)
    assert results.total == 42
    assert results.hits == [(second.pk, 7.25), (first.pk, 0.0)]
    assert results.facets == {
        "type": {"guide": 30, "event": 12},
        "year": {"2024": 5},
        "institution": {"12": 3},
    }
    ((index, sent),) = client.searches
    assert index == "cmhub_test"
    assert sent == build_query(query)
    # The page shows the documents in the engine's order.
    hits = service.load_hits(results, query)
    assert [hit.document.title for hit in hits] == [
        "Infolettre des étudiants",
        "Lancer une infolettre",
    ]


def test_engine_reads_counts_without_hits():
    client = FakeClient({"hits": {"total": {"value": 3, "relation": "eq"}, "hits": []}})
    engine = ElasticsearchEngine(client=client, index_name="cmhub_test")
    assert engine.count(SearchQuery(groups=[[("veille",)]])) == 3
    ((_index, sent),) = client.searches
    assert sent["size"] == 0 and "aggs" not in sent


def test_engine_autocomplete_returns_ids_in_order():
    client = FakeClient({"hits": {"total": {"value": 2}, "hits": [{"_id": "9"}, {"_id": "4"}]}})
    engine = ElasticsearchEngine(client=client, index_name="cmhub_test")
    assert engine.autocomplete(["gest"], ("fr", ""), (), limit=8) == [9, 4]
    assert client.searches[0][1] == build_autocomplete(["gest"], ("fr", ""), (), 8)
    assert engine.autocomplete(["a"], ("fr", ""), ()) == []
    assert len(client.searches) == 1


@pytest.mark.django_db
def test_engine_sends_documents_in_bulk_and_creates_the_index(monkeypatch):
    sent = []

    def bulk(client, actions, **options):
        sent.append((client, list(actions), options))
        return len(sent[-1][1]), []

    monkeypatch.setattr("elasticsearch.helpers.bulk", bulk)
    (document,) = save_drafts([draft("Veille", groups="|5|", tags=[("platform", "tiktok")])])
    client = FakeClient(exists=False)
    engine = ElasticsearchEngine(client=client, index_name="cmhub_test", refresh=True)
    engine.index([document])
    assert client.indices.calls[0] == ("exists", "cmhub_test")
    # The index of the live generation, under the alias searches use.
    create = client.indices.calls[1]
    assert create[:2] == ("create", "cmhub_test_gen1")
    assert set(create[2]) == {"settings", "mappings", "aliases"}
    assert create[2]["aliases"] == {"cmhub_test": {}}
    ((_client, actions, options),) = sent
    assert actions == [
        {
            "_op_type": "index",
            "_index": "cmhub_test",
            "_id": str(document.pk),
            "_source": document_body(document, tags=list(document.tags.all())),
        }
    ]
    assert actions[0]["_source"]["platform"] == ["tiktok"]
    assert options["refresh"] == "wait_for"
    engine.remove([document.pk, 999_999])
    _client, deletes, options = sent[1]
    assert deletes == [
        {"_op_type": "delete", "_index": "cmhub_test", "_id": str(document.pk)},
        {"_op_type": "delete", "_index": "cmhub_test", "_id": "999999"},
    ]
    assert 404 in options["ignore_status"]


@pytest.mark.own_engine
def test_engine_is_chosen_when_elasticsearch_is_configured(settings):
    settings.CMHUB_SEARCH_ENGINE = None
    settings.ELASTICSEARCH_URL = ["http://localhost:9200"]
    assert backends.engine_class() is ElasticsearchEngine


def test_parse_results_of_an_empty_answer():
    results = parse_results({"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}})
    assert (results.total, results.hits, results.facets) == (0, [], {})


# --- Against a real node ------------------------------------------------------------
#
# On the real-node run (CMHUB_TEST_SEARCH_URL, tests/search_node.py: an
# OpenSearch node started by bin/search-node), or against Elasticsearch when
# ELASTICSEARCH_URL is set (`docker compose up elasticsearch`).

requires_a_node = pytest.mark.skipif(
    not (search_node.URLS or os.environ.get("ELASTICSEARCH_URL")),
    reason="needs a real node: CMHUB_TEST_SEARCH_URL (bin/search-node) or ELASTICSEARCH_URL",
)


@pytest.fixture
def es(settings, db, real_search_node):
    """The engine in use, on an index of this test's own, written through."""
    if real_search_node is not None:
        real_search_node.ensure_index()
        yield real_search_node
        return
    name = f"cmhub_test_{uuid.uuid4().hex}"
    settings.CMHUB_SEARCH_ENGINE = "search.backends.elasticsearch.ElasticsearchEngine"
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"].split(",")
    settings.CMHUB_SEARCH_INDEX = name
    settings.CMHUB_SEARCH_REFRESH = True
    settings.ELASTICSEARCH_REPLICAS = 0
    backends._engine.cache_clear()
    engine = backends.get_engine()
    assert isinstance(engine, ElasticsearchEngine)
    engine.ensure_index()
    yield engine
    # Wildcards are refused by default (action.destructive_requires_name).
    for index in engine.client.indices.get_alias(index=f"{name}_*").body:
        engine.delete_index(index)
    engine.client.close()
    backends._engine.cache_clear()


def found(engine, raw="", language="fr", groups=None, **fields):
    """Titles of the hits of a search, best first."""
    fields.setdefault("locales", (language, ""))
    fields.setdefault("visibility", None)
    query = SearchQuery(
        text=raw, groups=parse_groups(raw, language) if groups is None else groups, **fields
    )
    results = engine.search(query)
    documents = SearchDocument.objects.in_bulk([pk for pk, _score in results.hits])
    return [documents[pk].title for pk, _score in results.hits]


def tokens(engine, analyzer_name, words):
    """What the index's analyzer makes of some text."""
    answer = engine.client.indices.analyze(
        index=engine.index_name, body={"analyzer": analyzer_name, "text": words}
    )
    return [token["token"] for token in getattr(answer, "body", answer)["tokens"]]


@requires_a_node
class TestAgainstARealNode:
    def test_french_analysis_elides_folds_drops_stop_words_and_stems(self, es):
        assert tokens(es, "cmhub_french", "L'École et les Formations d'été") == tokens(
            es, "cmhub_french", "ecole formation ete"
        )
        assert tokens(es, "cmhub_french", "l'école")[0] == tokens(es, "cmhub_french", "ecoles")[0]
        assert "et" not in tokens(es, "cmhub_french", "recrutement et formation")

    def test_english_analysis_drops_possessives_folds_and_stems(self, es):
        assert tokens(es, "cmhub_english", "The students' trainings") == tokens(
            es, "cmhub_english", "student training"
        )
        assert tokens(es, "cmhub_english", "café") == tokens(es, "cmhub_english", "cafe")

    def test_autocomplete_indexes_prefixes_of_folded_words(self, es):
        prefixes = tokens(es, "cmhub_autocomplete", "Éducation")
        assert prefixes[0] == "ed" and "educ" in prefixes and prefixes[-1] == "education"
        # What is typed is folded, never cut into prefixes.
        assert tokens(es, "cmhub_autocomplete_search", "Éduc") == ["educ"]

    def test_every_body_sent_is_one_the_node_accepts_and_a_misspelt_one_is_refused(self, es):
        bodies = [
            build_query(
                query_of(
                    groups=[[("newsletter",), ("lettre", "d", "information")], [("cm",)]],
                    locales=None,
                    visibility=(3,),
                    filters={"type": "guide", "year": 2024, "topic": "0f4c"},
                    with_facets=True,
                )
            ),
            build_query(query_of(filters={"region": "Bretagne"}, sort="date")),
            build_autocomplete(["gestion", "cri"], ("fr", ""), ()),
        ]
        for body in bodies:
            es.client.search(index=es.index_name, body=body)
        # The check can fail: the node refuses a misspelt key with a 400.
        misspelt = {**bodies[0], "qurey": bodies[0]["query"]}
        del misspelt["query"]
        with pytest.raises(es.client_errors()) as refused:
            es.client.search(index=es.index_name, body=misspelt)
        assert getattr(refused.value, "status_code", getattr(refused.value, "status", None)) == 400

    def test_a_word_finds_its_other_forms(self, es):
        save_drafts(
            [
                draft("Organiser une formation"),
                draft("Nos formations en ligne"),
                draft("Veille concurrentielle"),
            ]
        )
        for word in ("formation", "formations", "Formations"):
            assert sorted(found(es, word)) == ["Nos formations en ligne", "Organiser une formation"]
        save_drafts([draft("Training student ambassadors", locale="en", language="en")])
        assert found(es, "trainings", "en") == ["Training student ambassadors"]

    def test_accents_do_not_matter(self, es):
        save_drafts(
            [
                draft("Surveiller son e-réputation"),
                draft("Accueillir les étudiants", summary="L'école et l'université."),
            ]
        )
        assert found(es, "e-reputation") == ["Surveiller son e-réputation"]
        assert found(es, "ÉTUDIANT") == ["Accueillir les étudiants"]
        assert found(es, "ecole") == ["Accueillir les étudiants"]  # "l'" elided

    def test_synonyms_of_the_index(self, es):
        Synonym.objects.create(terms="newsletter, infolettre, lettre d'information")
        rebuild()  # a new index, with the synonyms of now
        save_drafts(
            [
                draft("Lancer une infolettre"),
                draft("Notre lettre d'information mensuelle"),
                draft("Veille"),
            ]
        )
        # The analyzer alone, without the parser's alternatives.
        assert sorted(found(es, groups=[[("newsletter",)]])) == [
            "Lancer une infolettre",
            "Notre lettre d'information mensuelle",
        ]
        # And as the page asks.
        assert sorted(found(es, "newsletter")) == [
            "Lancer une infolettre",
            "Notre lettre d'information mensuelle",
        ]

    def test_facets_count_the_matching_documents(self, es):
        save_drafts(
            [
                draft("Veille alpha", year=2024, country="FR", tags=[("platform", "instagram")]),
                draft("Veille beta", year=2023, country="FR", tags=[("platform", "instagram")]),
                draft("Veille gamma", kind="event", year=2024, tags=[("platform", "tiktok")]),
                draft("Autre chose", year=2024, country="CA"),
            ]
        )
        results = es.search(SearchQuery(groups=parse_groups("veille"), visibility=None))
        assert results.total == 3
        assert results.facets["type"] == {"guide": 2, "event": 1}
        assert results.facets["year"] == {"2024": 2, "2023": 1}
        assert results.facets["country"] == {"FR": 2}
        assert results.facets["platform"] == {"instagram": 2, "tiktok": 1}
        assert "region" not in results.facets
        assert found(es, "veille", filters={"platform": "tiktok"}) == ["Veille gamma"]
        assert found(es, "", filters={"year": 2024}) != []
        # Events weigh less than guides (the titles are as long: as relevant).
        assert found(es, "veille")[-1] == "Veille gamma"

    def test_the_live_index_refreshes_every_second(self, es):
        def read(answer):  # elasticsearch-py's response, or opensearch-py's dict
            return getattr(answer, "body", answer)

        (name,) = es.alias_targets() or [es.index_name]
        index = read(es.client.indices.get_settings(index=name))[name]["settings"]["index"]
        assert index["refresh_interval"] == "1s"

    def test_languages_and_restrictions(self, es):
        save_drafts(
            [
                draft("Veille en français"),
                draft("Veille in English", locale="en", language="en"),
                draft("Veille partout", kind="institution", locale=""),
                draft("Veille réservée", groups="|5|"),
            ]
        )
        assert sorted(found(es, "veille", visibility=())) == [
            "Veille en français",
            "Veille partout",
        ]
        assert sorted(found(es, "veille", "en", visibility=())) == [
            "Veille in English",
            "Veille partout",
        ]
        assert "Veille réservée" in found(es, "veille", visibility=(5,))
        assert "Veille réservée" not in found(es, "veille", visibility=(6,))
        assert len(found(es, "veille", locales=None)) == 4

    def test_autocomplete_and_removal(self, es):
        documents = save_drafts(
            [
                draft("Gestion de crise : les premières heures"),
                draft("Rédiger une charte", summary="gestion des commentaires"),
                draft("Université de Gestion-Test", kind="institution", locale="", keywords="UGT"),
            ]
        )

        def titles(raw, visibility=()):
            words = parse_words(raw)
            ids = es.autocomplete(words, ("fr", ""), visibility, limit=8)
            by_id = {document.pk: document.title for document in documents}
            return [by_id[pk] for pk in ids]

        assert titles("gest") == [
            "Gestion de crise : les premières heures",
            "Université de Gestion-Test",
        ]
        assert titles("gestion de cri") == ["Gestion de crise : les premières heures"]
        assert titles("premieres") == ["Gestion de crise : les premières heures"]
        assert titles("ugt") == ["Université de Gestion-Test"]
        remove_keys([documents[0].key])
        assert titles("gest") == ["Université de Gestion-Test"]
        assert found(es, "crise") == []


def parse_words(raw):
    from search import text

    return text.words(raw)
