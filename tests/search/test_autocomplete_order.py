"""Autocomplete's suggestions and their order, as the engine answers them
in two steps (search/backends/sql.py `SQLEngine.autocomplete`): the titles
starting with the first word typed, then, only when they are fewer than
asked, the other matches; each time the shortest title first. The same
suggestions as sorting every match by "starts with the word", then length,
then id; on PostgreSQL, the titles starting with the word come from the
index of folded titles (migration 0013), never from every match of a short
prefix (docs/search.md, "Latency")."""

import pytest
from django.db import connection

from search import text
from search.backends import get_engine
from search.documents import Draft
from search.indexer import save_drafts
from search.models import SearchDocument
from search.query import SearchQuery

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql' or get_engine().external",
    reason="how PostgreSQL reads the titles",
)
database_engines = pytest.mark.skipif(
    "get_engine().external", reason="the database engines' autocomplete"
)

# Titles starting with "ré…" and "la…" (more than a page of suggestions),
# others with those words further on, "campus" never first; lengths repeat,
# so that ties go by id.
TITLES = [
    "Réseaux étudiants",
    "Réseau des relais",
    "Recrutement",
    "Relais de campus",
    "Refonte du site",
    "Rédiger une charte",
    "Rentrée",
    "Retour sur le live",
    "Réputation en ligne",
    "Le réseau des alumni",
    "Guide des réseaux",
    "Guide pratique des relais",
    "Guide pratique",
    "La veille",
    "La ligne éditoriale",
    "Lancer un podcast",
    "Laboratoire de contenus",
    "Les lives du campus",
    "Écrire pour le web",
    "Un guide pratique de la veille",
    "Veille",
    "Une veille partagée",
    "Tout sur la veille",
    "Podcasts étudiants",
]


def draft(number, title, locale="fr", groups=""):
    return Draft(
        f"test:{number}",
        {
            "kind": "guide",
            "object_id": number,
            "locale": locale,
            "language": locale,
            "title": title,
            "summary": "",
            "keywords": "",
            "body": "",
            "url": f"/t/{number}/",
            "groups": groups,
        },
        [],
    )


@pytest.fixture
def titles():
    # The engine is chosen when the test runs (a real node's run switches
    # it in an autouse fixture, after the skipif markers were evaluated).
    if get_engine().external:
        pytest.skip("the database engines' autocomplete")
    drafts = [draft(number, title) for number, title in enumerate(TITLES, start=1)]
    # The same titles twice more: in English, and restricted to group 7.
    drafts += [draft(100 + number, title, "en") for number, title in enumerate(TITLES)]
    drafts += [draft(200 + number, title, groups="|7|") for number, title in enumerate(TITLES)]
    save_drafts(drafts)


def every_match(words, locales, visibility):
    """(id, title) of every document the engine's autocomplete matches."""
    engine = get_engine()
    from_sql, match_where, match_params = engine.autocomplete_match(words)
    where, params = engine.filter_sql(
        SearchQuery(locales=locales, visibility=visibility, filters={})
    )
    conditions = " AND ".join([*where, match_where])  # the engine's SQL, with parameters
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.id, d.title FROM {from_sql} WHERE {conditions}",  # noqa: S608
            [*params, *match_params],
        )
        return cursor.fetchall()


def sorted_suggestions(words, locales, visibility, limit):
    """Every match sorted at once: starting with the first word, then the
    shortest, then the oldest."""
    first = text.fold(words[0])
    matches = every_match(words, locales, visibility)
    matches.sort(key=lambda row: (not text.fold(row[1]).startswith(first), len(row[1]), row[0]))
    return [document_id for document_id, _title in matches[:limit]]


@database_engines
@pytest.mark.parametrize(
    "typed",
    [
        "re",  # more titles start with it than suggested
        "ré",
        "la",  # some start with it, others have "la" further on
        "veil",  # one starts with it, four have it further on
        "pod",  # one starts with it, one has it further on
        "camp",  # none starts with it
        "guide pra",  # several words: starts with the first, has both
        "gu",
        "zzz",  # nothing
    ],
)
@pytest.mark.parametrize(
    "locales, visibility",
    [(("fr", ""), (1,)), (("fr", ""), (7,)), (None, None)],
    ids=["a member", "a member of group 7", "every language, a superuser"],
)
@pytest.mark.parametrize("limit", [8, 3])
def test_suggestions_are_those_of_sorting_every_match(titles, typed, locales, visibility, limit):
    words = text.words(typed)
    expected = sorted_suggestions(words, locales, visibility, limit)
    if typed != "zzz":
        assert expected
    assert get_engine().autocomplete(words, locales, visibility, limit) == expected


@database_engines
def test_titles_starting_with_the_word_come_first_then_the_shortest(titles):
    found = get_engine().autocomplete(["veil"], ("fr", ""), (1,), 8)
    titles = dict(SearchDocument.objects.filter(pk__in=found).values_list("pk", "title"))
    assert [titles[pk] for pk in found] == [
        "Veille",
        "La veille",
        "Tout sur la veille",
        "Une veille partagée",
        "Un guide pratique de la veille",
    ]


def statements(words, locales=("fr", ""), visibility=(1,)):
    """The engine's suggestions and the statements it ran for them."""
    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        found = get_engine().autocomplete(words, locales, visibility, 8)
    return found, captured


def index_names(sql, params):
    """The indexes PostgreSQL's plan for a statement reads, with no
    sequential scan (as at scale: on this small table it would read it
    all)."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]
        cursor.execute("RESET enable_seqscan")
    names, nodes = set(), [plan]
    while nodes:
        node = nodes.pop()
        names.add(node.get("Index Name"))
        nodes += node.get("Plans", [])
    return names - {None}


@postgres_only
def test_a_short_prefix_reads_the_titles_starting_with_it_from_their_index(titles):
    """ "re": more than a page of titles start with it, found through the
    index of folded titles; the other matches (every title with a word
    starting with "re") are not read at all: one statement."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cmsearch_searchdocument")
    found, ran = statements(["re"])
    assert len(found) == 8
    (statement,) = [(sql, params) for sql, params in ran if "cmsearch_searchdocument" in sql]
    assert "cmsearch_document_title_prefix" in index_names(*statement)


@postgres_only
def test_a_prefix_few_titles_start_with_reads_the_other_matches_once(titles):
    """ "pod": one title starts with it, found through the index of folded
    titles; a second statement reads the other matches, less that one."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cmsearch_searchdocument")
    found, ran = statements(["pod"])
    assert len(found) == 2
    first, others = [(sql, params) for sql, params in ran if "cmsearch_searchdocument" in sql]
    assert "cmsearch_document_title_prefix" in index_names(*first)
    assert found[0] in others[1]


@postgres_only
def test_titles_and_their_autocomplete_vectors_stay_in_the_row(db):
    """The table pushes every long value out of line (toast_tuple_target,
    migration 0005); a title and its vector are read for every suggestion
    considered, so they stay in the row (migration 0013)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute "
            "WHERE attrelid = 'cmsearch_searchdocument'::regclass "
            "AND attname IN ('title', 'title_vector')"
        )
        assert dict(cursor.fetchall()) == {"title": "m", "title_vector": "m"}
