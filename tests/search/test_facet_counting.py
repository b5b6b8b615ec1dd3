"""The total and the facet counts of a search, as the engine counts them
(search/backends/sql.py, postgres.py): exact, the same as counting the
matching documents one by one, whatever the engine; on PostgreSQL, counted
from the matching rows alone (the GIN index, one pass per aggregate, the
tags from the row's own array), so that a word found in most documents
costs one read of the matches, not one per facet (docs/search.md)."""

import importlib
import random
from collections import Counter

import pytest
from django.db import connection

from search.backends import get_engine
from search.documents import Draft
from search.indexer import save_drafts
from search.models import SearchDocument, SearchDocumentTag
from search.query import COLUMN_OF_FACET, SearchQuery, parse_groups

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql' or get_engine().external",
    reason="how PostgreSQL reads the matches",
)

TOPICS = ["crise", "veille", "recrutement"]
PLATFORMS = ["linkedin", "instagram", "tiktok"]


def draft(number, rng, **values):
    """A generated document: most say "réseaux", a few are English or
    restricted to group 7, facet values spread over a few of each."""
    language = "en" if number % 4 == 0 else "fr"
    words = "social networks students" if language == "en" else "réseaux étudiants"
    values = {
        "kind": rng.choice(["guide", "talk", "case_study", "event"]),
        "object_id": number,
        "locale": language,
        "language": language,
        "title": f"Document {number} {words if number % 5 else 'autre chose'}",
        "summary": "Un résumé." if language == "fr" else "A summary.",
        "keywords": "",
        "body": f"{words} " * 3 if number % 3 else "rien de commun",
        "url": f"/t/{number}/",
        "date": None,
        "year": rng.choice([None, 2024, 2025]),
        "institution_id": rng.choice([None, 501, 502]),
        "institution_kind": rng.choice(["", "university", "cegep"]),
        "country": rng.choice(["", "FR", "CA"]),
        "region": rng.choice(["", "Québec", "Bretagne"]),
        "groups": "|7|" if number % 11 == 0 else "",
        **values,
    }
    tags = [("topic", topic) for topic in rng.sample(TOPICS, rng.randint(0, 2))]
    tags += [("platform", platform) for platform in rng.sample(PLATFORMS, rng.randint(0, 2))]
    return Draft(f"test:{number}", values, tags)


@pytest.fixture
def corpus():
    rng = random.Random(16)  # noqa: S311 - test data
    save_drafts([draft(number, rng) for number in range(1, 121)])


def query(text, language="fr", **fields):
    fields.setdefault("locales", (language, ""))
    return SearchQuery(text=text, groups=parse_groups(text, language), **fields)


def counted_one_by_one(search):
    """The total and the facets, counting the documents the engine finds
    (every page of hits) one by one from their rows and tags."""
    everything = SearchQuery(**{**search.__dict__, "limit": 1000, "with_facets": False})
    ids = [document_id for document_id, _score in get_engine().search(everything).hits]
    facets = {}
    for document in SearchDocument.objects.filter(pk__in=ids):
        for facet, column in COLUMN_OF_FACET.items():
            value = getattr(document, column)
            if value not in (None, ""):
                facets.setdefault(facet, Counter())[str(value)] += 1
    for tag in SearchDocumentTag.objects.filter(document_id__in=ids):
        facets.setdefault(tag.facet, Counter())[tag.value] += 1
    return len(ids), {facet: dict(counts) for facet, counts in facets.items()}


@pytest.mark.parametrize(
    "search",
    [
        pytest.param(lambda: query("réseaux"), id="a common word"),
        pytest.param(lambda: query("réseaux étudiants"), id="two words"),
        pytest.param(lambda: query("students", "en"), id="english"),
        pytest.param(lambda: query("social networks", "en"), id="a phrase"),
        pytest.param(lambda: query("réseaux", locales=None), id="all languages"),
        pytest.param(lambda: query("réseaux", visibility=(7,)), id="a member of group 7"),
        pytest.param(lambda: query("réseaux", visibility=None), id="a superuser"),
        pytest.param(
            lambda: query("réseaux", filters={"topic": "crise", "country": "CA"}),
            id="a tag and a column",
        ),
        pytest.param(lambda: query("", filters={"platform": "linkedin"}), id="browsing a tag"),
        pytest.param(lambda: query("étudiants", sort="date"), id="by date"),
    ],
)
def test_the_total_and_every_facet_count_are_those_of_the_documents_found(corpus, search):
    search = search()
    results = get_engine().search(search)

    total, facets = counted_one_by_one(search)
    assert total > 0
    assert results.total == total
    assert results.facets == facets


def test_facet_counts_and_tag_filters_follow_a_document_whose_tags_change(corpus):
    rng = random.Random(1)  # noqa: S311 - test data
    save_drafts([draft(501, rng, title="Le guide mastodonte")])
    before = get_engine().search(query("mastodonte"))
    old_tags = {
        (tag.facet, tag.value) for tag in SearchDocumentTag.objects.filter(document__key="test:501")
    }

    changed = draft(501, rng, title="Le guide mastodonte")
    changed.tags = [("topic", "nouveau-theme"), ("platform", "mastodon")]
    save_drafts([changed])

    after = get_engine().search(query("mastodonte"))
    assert before.total == after.total == 1
    assert after.facets["topic"] == {"nouveau-theme": 1}
    assert after.facets["platform"] == {"mastodon": 1}
    for facet, value in old_tags - set(changed.tags):
        assert value not in after.facets.get(facet, {})
    assert get_engine().search(query("mastodonte", filters={"topic": "nouveau-theme"})).total == 1
    assert get_engine().search(query("", filters={"platform": "mastodon"})).total == 1


@postgres_only
def test_documents_indexed_before_the_tags_array_get_it_from_the_migration(corpus):
    """Migration 0011 fills the tag arrays of the rows already there: the
    counts and the tag filters are right without a rebuild."""
    expected = get_engine().search(query("réseaux", filters={"topic": "crise"}))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cmsearch_searchdocument "
            "SET topic_tags = NULL, platform_tags = NULL, audience_tags = NULL"
        )
    assert get_engine().search(query("réseaux", filters={"topic": "crise"})).total == 0

    migration = importlib.import_module("search.migrations.0011_document_tag_arrays")
    with connection.cursor() as cursor:
        cursor.execute(migration.POSTGRES[-1])

    assert get_engine().search(query("réseaux", filters={"topic": "crise"})) == expected


def plans(search):
    """The PostgreSQL plans (EXPLAIN, JSON) of the statements of a search."""
    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        get_engine().search(search)
    statements = [(sql, params) for sql, params in captured if "cmsearch_searchdocument" in sql]
    found = []
    with connection.cursor() as cursor:
        # As the engine runs its text matches (no sequential scan), and with
        # no plain index scan either: on this small corpus the planner may
        # prefer walking a whole B-tree (the primary key) and checking every
        # row, which it never does at scale. What is left is a bitmap scan of
        # an index whose condition the statement makes usable: the test
        # checks that only the vector's (GIN) is.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        cursor.execute("SET enable_indexonlyscan = off")
        for sql, params in statements:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            found.append(cursor.fetchone()[0][0]["Plan"])
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
        cursor.execute("RESET enable_indexonlyscan")
    return found


def nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


@postgres_only
def test_a_common_word_is_counted_and_ranked_from_its_matches_alone(corpus):
    """ "students", in most English documents: the GIN index gives the
    matches, their vectors are never read one by one (no filter on the
    vector, no index of the locale driving the scan), the tags come from
    the rows (never the tag table), and each statement reads the matching
    rows once per aggregate: the counts with the page ranked cheaply, then,
    as there are fewer than FULL_RANK_LIMIT matches, the page ranked on the
    whole vectors."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cmsearch_searchdocument")
        cursor.execute("ANALYZE cmsearch_searchdocumenttag")
    found = plans(query("students", "en"))

    assert len(found) == 2  # the counts (and a cheap page), then the page of hits
    for plan in found:
        scans = [node for node in nodes(plan) if "Relation Name" in node]
        assert {node["Relation Name"] for node in scans} <= {
            "cmsearch_searchdocument",
            "cmsearch_searchindex",
        }
        documents = [node for node in scans if node["Relation Name"] == "cmsearch_searchdocument"]
        assert documents
        for node in documents:
            assert "search_vector" not in node.get("Filter", "")
        indexes = {node.get("Index Name") for node in nodes(plan) if "Index Name" in node}
        assert "cmsearch_document_vector" in indexes
        assert not any("locale" in (name or "") for name in indexes)


@pytest.fixture
def many_matches(monkeypatch):
    """The corpus's matches as a common word's at scale: above the number
    of matches ranked on the whole vectors (FULL_RANK_LIMIT) and checked
    for the typed phrase (PHRASE_LIMIT), 2,000 in the code."""
    from search.backends import postgres, sql

    monkeypatch.setattr(postgres, "FULL_RANK_LIMIT", 3)
    monkeypatch.setattr(postgres, "PHRASE_LIMIT", 3)
    monkeypatch.setattr(sql, "PHRASE_LIMIT", 3)


def statements_reading_documents(search):
    """The engine's answer to `search` and the statements it ran that read
    the documents."""
    captured = []

    def capture(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        results = get_engine().search(search)
    return results, [sql for sql in captured if "cmsearch_searchdocument" in sql]


def answered_in_two_statements(search):
    """The answer of the engine counting, then ranking, apart (as before,
    and as every SQL engine does)."""
    from search.backends.sql import SQLEngine

    engine = get_engine()
    with engine.planner(search):
        return SQLEngine.search(engine, search)


@postgres_only
@pytest.mark.parametrize(
    "search",
    [
        pytest.param(lambda: query("réseaux"), id="a common word"),
        pytest.param(lambda: query("réseaux", offset=20), id="its second page"),
        pytest.param(lambda: query("réseaux étudiants"), id="two words"),
        pytest.param(lambda: query("social networks", "en"), id="a phrase"),
        pytest.param(lambda: query("réseaux", visibility=(7,)), id="a member of group 7"),
        pytest.param(
            lambda: query("réseaux", filters={"topic": "crise"}),
            id="a tag",
        ),
        pytest.param(lambda: query("", filters={"platform": "linkedin"}), id="browsing a tag"),
    ],
)
def test_many_matches_are_counted_and_ranked_in_one_statement(corpus, many_matches, search):
    """Above the limits, the total, the facets and the page of hits come
    from one statement reading the matches once, and are those of counting
    and ranking apart: same total, same counts, same hits in the same
    order with the same scores."""
    search = search()
    results, statements = statements_reading_documents(search)

    assert len(statements) == 1
    assert results.total > 3
    assert results.hits
    assert results == answered_in_two_statements(search)


@postgres_only
def test_fewer_matches_are_ranked_on_the_whole_documents_as_before(corpus):
    """Under the limits, the page comes from ranking on the whole vectors
    (and the typed phrase first), in a second statement: the same answer
    as before."""
    search = query("réseaux étudiants")
    results, statements = statements_reading_documents(search)

    assert len(statements) == 2
    assert results == answered_in_two_statements(search)


@postgres_only
def test_a_phrase_is_checked_on_the_rows_that_pass_every_other_condition(corpus):
    """ "social networks" (a phrase among its synonyms: "réseaux sociaux",
    "social media"…): the GIN index is asked for the words anywhere (no
    vector read for its positions there: French documents with the words
    are dropped by the language before any vector is read), and the phrase
    is checked above, on the English rows only."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cmsearch_searchdocument")
    search = query("social networks", "en")
    assert any(len(alternative) > 1 for alternative in search.groups[0])

    (plan,) = plans(search)[:1]
    documents = [
        node for node in nodes(plan) if node.get("Relation Name") == "cmsearch_searchdocument"
    ]
    assert documents
    for node in documents:
        assert "<->" not in node.get("Recheck Cond", "") + node.get("Index Cond", "")
    # Checked where the rows are read, after the language.
    (checked,) = [node for node in documents if "<->" in node.get("Filter", "")]
    assert checked["Filter"].index("locale") < checked["Filter"].index("<->")


def test_a_phrase_matches_its_words_in_order_or_a_single_word_synonym(db):
    """Among the documents with both words of "social networks", only those
    with the phrase (or one of its synonyms, a phrase or a single word,
    "RS") are found and counted, in the language asked for."""
    rng = random.Random(3)  # noqa: S311 - test data
    bodies = {
        1: "Our social networks for students.",
        2: "Social life on campus, and networks of alumni.",
        3: "Ten tips for RS managers.",
        4: "Social media for students.",
        5: "Nothing about it.",
    }
    fields = {"kind": "guide", "groups": "", "summary": ""}
    drafts = [
        draft(number, rng, language="en", locale="en", title=f"Page {number}", body=body, **fields)
        for number, body in bodies.items()
    ]
    drafts.append(
        draft(6, rng, language="fr", locale="fr", title="Page 6", body="Social networks.", **fields)
    )
    save_drafts(drafts)

    search = query("social networks", "en", locales=("en", ""))
    results = get_engine().search(search)

    found = set(
        SearchDocument.objects.filter(pk__in=[pk for pk, _score in results.hits]).values_list(
            "object_id", flat=True
        )
    )
    assert found == {1, 3, 4}
    assert results.total == 3
    assert sum(results.facets["type"].values()) == 3


@postgres_only
def test_a_search_lets_postgresql_read_its_matches_in_parallel_then_sets_back(corpus):
    """PostgreSQL estimates a text match at one row and never starts
    parallel readers for it: the search lowers what it counts for starting
    them (`PARALLEL_SETUP_COST`), for its own statements only."""
    from search.backends import postgres

    def setting():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('parallel_setup_cost')")
            return cursor.fetchone()[0]

    before = setting()
    assert before != postgres.PARALLEL_SETUP_COST
    with get_engine().planner(query("réseaux")):
        assert setting() == postgres.PARALLEL_SETUP_COST
    assert setting() == before
