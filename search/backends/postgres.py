"""PostgreSQL full-text search.

Each document has a `tsvector` built in its own language with the
`cmhub_french` or `cmhub_english` text search configuration (migration
`0002`: unaccent, then the Snowball stemmer), weighted A for the title,
B for the summary and keywords, C for the body, under a GIN index.
Ranking is `ts_rank` with those weights, normalised by document length.
"""

import math
from contextlib import contextmanager

from django.db import connection, transaction

from .. import text
from ..query import COLUMN_OF_FACET, TAG_FACETS
from .sql import DOC, KIND_WEIGHT, TAG, SQLEngine

CONFIGS = {"fr": "cmhub_french", "en": "cmhub_english"}
SIMPLE = "cmhub_simple"
EMPTY = "''"
# ts_rank weights for {D, C, B, A}: body 0.2, summary/keywords 0.5, title 1.
WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"
# Above this many matches, rank on head_vector (see rank_expression).
FULL_RANK_LIMIT = 2000
# How much of the summary and keywords head_vector keeps: it stays in the
# row (storage PLAIN), so it must stay small.
HEAD_CHARS = 600


def tag_column(facet):
    """The row's array of a tag facet's values (migration 0011: kept in the
    row, STORAGE PLAIN), so that counting the tags of 30,000 matches reads
    the matching rows only."""
    return f"{facet}_tags"


TAG_ARRAYS = ", ".join(
    f"{tag_column(facet)} = ARRAY(SELECT t.value FROM {TAG} t "
    f"WHERE t.document_id = d.id AND t.facet = '{facet}' ORDER BY 1)"
    for facet in TAG_FACETS
)


def config_sql(alias="d"):
    return (
        f"(CASE WHEN {alias}.language = 'en' THEN '{CONFIGS['en']}' "
        f"ELSE '{CONFIGS['fr']}' END)::regconfig"
    )


class PostgresEngine(SQLEngine):
    name = "postgresql"

    def group_tsquery(self, group, query):
        """A group as a tsquery: the || of its alternatives, each a phrase
        stemmed in every language in scope."""
        alternatives, params = [], []
        for phrase in group:
            for language in query.languages:
                alternatives.append(f"phraseto_tsquery('{CONFIGS[language]}', %s)")
                params.append(" ".join(text.normalise(word, language) for word in phrase))
        return "(" + " || ".join(alternatives) + ")", params

    def tsquery(self, query):
        """The tsquery text and parameters: groups joined by && (by || when
        any group may match)."""
        group_sql, params = [], []
        for group in query.groups:
            sql, group_params = self.group_tsquery(group, query)
            group_sql.append(sql)
            params += group_params
        joiner = " || " if query.any_group else " && "
        return "(" + joiner.join(group_sql) + ")", params

    def rank_tsquery(self, query, vector="d.search_vector"):
        """(sql, params): the tsquery document `vector` is ranked on, made
        of the alternatives of each group that it has. `ts_rank` counts
        every word of the query it finds in a document, even the words of a
        phrase the document does not have: for "newsletter", the
        "information" of its synonym "lettre d'information" counted in
        every page saying "information", and put them before the job
        profile that says "newsletter" twice. And a document found through
        two alternatives of a group ("e-mail": the phrase "e mail" and
        "mail") counted each, where one found through one ("courriel")
        counted once: `ts_rank` averages over the alternatives given, here
        those the document has. Groups are joined as in `tsquery`."""
        groups, params = [], []
        for group in query.groups:
            alternatives = []
            for phrase in group:
                for language in query.languages:
                    alternatives.append(f"phraseto_tsquery('{CONFIGS[language]}', %s)")
                    params.append(" ".join(text.normalise(word, language) for word in phrase))
            texts = ", ".join(
                f"NULLIF({alternative}::text, {EMPTY})" for alternative in alternatives
            )
            every = f"concat_ws(' | ', {texts})"
            group_params = params[len(params) - len(alternatives) :]
            if len(alternatives) == 1:
                groups.append(f"'(' || NULLIF({every}, '') || ')'")
                continue
            # A group the document does not have (when any group may
            # match) keeps all its alternatives, so that a document with
            # fewer groups is not ranked on a shorter query.
            groups.append(
                f"'(' || NULLIF(COALESCE((SELECT string_agg(q::text, ' | ') "
                f"FROM unnest(ARRAY[{', '.join(alternatives)}]) q "
                f"WHERE numnode(q) > 0 AND {vector} @@ q), {every}), '') || ')'"
            )
            params += group_params
        joiner = " | " if query.any_group else " & "
        return f"concat_ws('{joiner}', {', '.join(groups)})::tsquery", params

    def rank_sql(self, query):
        """(sql, params): the rank of document `d` on `rank_tsquery`. Its
        vector is read from TOAST once (`|| ''::tsvector` makes the copy
        every check then reads), not once per alternative."""
        rank_tsquery, params = self.rank_tsquery(query, "x.v")
        return (
            f"(SELECT ts_rank('{WEIGHTS}'::float4[], x.v, {rank_tsquery}, 1) "
            "FROM (SELECT d.search_vector || ''::tsvector AS v OFFSET 0) x)",
            params,
        )

    def phrase_sql(self, query, total):
        """The typed words as one phrase, in each language in scope."""
        words = text.words(query.text)
        alternatives, params = [], []
        for language in query.languages:
            alternatives.append(f"phraseto_tsquery('{CONFIGS[language]}', %s)")
            params.append(" ".join(text.normalise(word, language) for word in words))
        return f"d.search_vector @@ ({' || '.join(alternatives)})", params

    def group_sql(self, group, query):
        sql, params = self.group_tsquery(group, query)
        return f"d.search_vector @@ {sql}", params

    def filter_column(self, column, query):
        """With words, the locale and the generation as expressions no index
        has, so that the GIN index always gives the rows: otherwise, for a
        word found in most documents, PostgreSQL may fetch the rows of a
        language (or of the live generation) by their index and check each
        one's vector, reading every vector ("students" at 50,000
        documents: 450 ms; "infolettre", whose synonyms hold a phrase:
        196 ms instead of 23), because it does not count what reading a
        vector from TOAST costs."""
        if not query.groups:
            return f"d.{column}"
        return "(d.locale || '')" if column == "locale" else f"(d.{column} + 0)"

    def tag_sql(self, facet, value, query):
        """With words, a tag filter on the row's own array of the facet, checked
        in the same pass over the GIN's matches as the other conditions;
        without words (browsing a topic), the tag table's index finds the
        documents, as before (else every row is read)."""
        if not query.groups:
            return super().tag_sql(facet, value, query)
        return f"d.{tag_column(facet)} @> ARRAY[%s]::text[]", [value]

    def match(self, query):
        """The GIN index finds the matches (a bitmap: for a word without a
        phrase, the vectors themselves are never read) and the other
        conditions are checked on the same rows, in one pass over the heap;
        `search` turns sequential scans off so that PostgreSQL never checks
        the vectors row by row instead."""
        tsquery, params = self.tsquery(query)
        rank_sql, rank_params = self.rank_sql(query)
        return (
            f"{DOC} d",
            f"d.search_vector @@ {tsquery}",
            params,
            f"{rank_sql} * {KIND_WEIGHT}",
            rank_params,
        )

    def rank_expression(self, query, total, score_sql, score_params):
        """Up to FULL_RANK_LIMIT matches, rank on the whole document; above,
        on its title, summary and keywords (`head_vector`, small and stored
        in the row), so that ranking does not read every matching body; the
        documents that match in their body only then come newest first.

        When any group may match (most words), among the documents with as
        many groups, a rare group weighs more than a common one
        (`rare_groups_first`), up to FULL_RANK_LIMIT matches too: above,
        checking each group again in every matching body would cost what
        `head_vector` saves."""
        if not query.groups:
            return score_sql, score_params
        if total > FULL_RANK_LIMIT:
            tsquery, params = self.tsquery(query)
            return (
                f"ts_rank('{WEIGHTS}'::float4[], d.head_vector, {tsquery}, 1) * {KIND_WEIGHT}",
                params,
            )
        if query.any_group and len(query.groups) > 1:
            return self.rare_groups_first(query, score_sql, score_params)
        return score_sql, score_params

    def rare_groups_first(self, query, score_sql, score_params):
        """The score times the rarity of the groups a document matches:
        `ts_rank` counts a word found in most documents ("linkedin", the
        platform of many pages) as much as a rare one ("anciens étudiants"),
        where SQLite's BM25 and Elasticsearch weigh words by their rarity.
        Each group weighs its inverse document frequency, as BM25 has it,
        ln(1 + (N - n + 0.5) / (n + 0.5)): N the documents indexed (the
        planner's estimate), n those with the group, counted up to
        FULL_RANK_LIMIT from the GIN index (a group found more often is as
        common as it gets), in one query. Only for the documents with some
        of the words: those with every word match every group alike."""
        counts, params, cases, case_params = [], [], [], []
        for group in query.groups:
            sql, group_params = self.group_tsquery(group, query)
            counts.append(
                f"(SELECT COUNT(*) FROM (SELECT 1 FROM {DOC} WHERE search_vector @@ {sql} "
                f"LIMIT {FULL_RANK_LIMIT}) n)"
            )
            params += group_params
            cases.append(f"(CASE WHEN d.search_vector @@ {sql} THEN %s ELSE 0 END)")
            case_params.append(group_params)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT GREATEST(reltuples, 1), {', '.join(counts)} FROM pg_class "
                f"WHERE oid = '{DOC}'::regclass",
                params,
            )
            documents, *found = cursor.fetchone()
        documents = max(float(documents), *(float(n) for n in found))
        rarity_params = []
        for n, group_params in zip(found, case_params, strict=True):
            rarity_params += [*group_params, math.log(1 + (documents - n + 0.5) / (n + 0.5))]
        return (
            f"({score_sql}) * ({' + '.join(cases)})",
            [*score_params, *rarity_params],
        )

    def facet_counts(self, cursor, from_sql, where_sql, params):
        """The total and every facet's counts in one pass over the matching
        rows: one aggregate of GROUPING SETS (one hash table per facet,
        filled together), the tag facets grouped by the row's own array of
        values (`topic_tags`…, written by `index`: a few hundred distinct
        combinations), each combination's count then added to each of its
        values. Never a join to the tag table, nor a materialised copy of
        the matches read once per facet."""
        columns = [*COLUMN_OF_FACET.items(), *((f, tag_column(f)) for f in TAG_FACETS)]
        names = [f"d.{column}" for _facet, column in columns]
        plain = len(COLUMN_OF_FACET)
        value = "COALESCE(" + ", ".join(f"CAST({name} AS text)" for name in names[:plain]) + ")"
        sets = ", ".join(f"({name})" for name in names)
        cursor.execute(
            f"SELECT GROUPING({', '.join(names)}), {value}, {', '.join(names[plain:])}, "
            f"COUNT(*) FROM {from_sql} WHERE {where_sql} GROUP BY GROUPING SETS ({sets}, ())",
            params,
        )
        total, facets = 0, {}
        everything = (1 << len(names)) - 1  # GROUPING() of the empty set
        for grouping, found, *arrays, count in cursor.fetchall():
            if grouping == everything:
                total = count
                continue
            # GROUPING() has a 0 bit for the one column of the set.
            position = next(
                i for i in range(len(names)) if not grouping >> (len(names) - 1 - i) & 1
            )
            facet = columns[position][0]
            counts = facets.setdefault(facet, {})
            if position >= plain:
                for tag in arrays[position - plain] or ():
                    counts[tag] = counts.get(tag, 0) + count
            elif found not in (None, ""):  # no institution, no year, no region…
                counts[str(found)] = count
        return total, {facet: counts for facet, counts in facets.items() if counts}

    @contextmanager
    def planner(self, query):
        """Sequential scans off for a text match: PostgreSQL under-estimates
        what checking a vector costs, and would otherwise scan the table
        for a common word."""
        if not query.groups:
            yield
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            try:
                yield
            finally:
                cursor.execute("SET LOCAL enable_seqscan = on")

    def search(self, query):
        """As every SQL engine, under `planner`."""
        with self.planner(query):
            return super().search(query)

    def index(self, documents, generation=None):
        ids = [document.pk for document in documents]
        if not ids:
            return
        config = config_sql("d")

        def vector(column):
            """The French plural rule (`search.text.PLURAL_PATTERN`) on
            French text, then the document's configuration."""
            return (
                f"to_tsvector({config}, CASE WHEN d.language = 'en' THEN {column} "
                f"ELSE regexp_replace(unaccent(lower({column})), %(plural)s, '\\1', 'g') END)"
            )

        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {DOC} d SET search_vector = "
                f"setweight({vector('d.title')}, 'A') || "
                f"setweight({vector('d.summary')}, 'B') || "
                f"setweight({vector('d.keywords')}, 'B') || "
                f"setweight({vector('d.body')}, 'C'), "
                f"head_vector = setweight({vector('left(d.title, 255)')}, 'A') || "
                f"setweight({vector(f'left(d.summary, {HEAD_CHARS})')}, 'B') || "
                f"setweight({vector(f'left(d.keywords, {HEAD_CHARS})')}, 'B'), "
                f"title_vector = to_tsvector('{SIMPLE}', d.title || ' ' || "
                "CASE WHEN d.kind = 'institution' THEN d.keywords ELSE '' END), "
                f"{TAG_ARRAYS} "
                "WHERE d.id = ANY(%(ids)s)",
                {"ids": ids, "plural": text.PLURAL_PATTERN},
            )

    def remove(self, document_ids, generation=None):
        """The rows go; their vectors go with them."""

    def autocomplete_match(self, words):
        """The unstemmed, unaccented `title_vector` against a prefix query:
        "gestion de cri" → 'gestion' & 'de' & 'cri':*."""
        prefix = " & ".join(f"'{word}'" for word in words[:-1])
        prefix = (prefix + " & " if prefix else "") + f"'{words[-1]}':*"
        return f"{DOC} d", f"d.title_vector @@ to_tsquery('{SIMPLE}', %s)", [prefix]

    def starts_with(self, word):
        return "lower(unaccent(d.title)) LIKE %s", [text.fold(word) + "%"]
