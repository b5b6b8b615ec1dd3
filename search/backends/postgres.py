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
from .base import SearchResults
from .sql import DOC, KIND_WEIGHT, PHRASE_LIMIT, TAG, SQLEngine

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
# Memory for a search's statement: the matches of a common word (30,000
# rows of ids, facet values, tag arrays and scores, ~6 MB) kept for the
# counts and the page of hits (`search_in_one_pass`) without a temporary file.
WORK_MEM = "32MB"
# What PostgreSQL counts for starting the processes of a parallel read
# (default 1000): low enough that a word's matches are read by
# `max_parallel_workers_per_gather` processes beside the search's own when
# a search reads many rows ("réseaux" at 50,000 documents: ~125 → ~80 ms on
# 2 cores). PostgreSQL's estimate of a text match (one row) would otherwise
# never pay for them.
PARALLEL_SETUP_COST = "10"
# The facets counted together, each set one hash table of the aggregate
# (`facet_sql`): an institution's kind, country and region go with it (a
# few dozen combinations), a document's audience with its type and year (a
# few hundred); grouping by a tag array costs most, so each of the two
# others (topic, platform: 100–200 combinations each) is a set of its own.
# Fewer hash tables, the same counts: at 30,000 matches, 4 sets instead of 10.
FACET_SETS = (
    ("institution", "institution_kind", "country", "region"),
    ("type", "year", "audience"),
    ("topic",),
    ("platform",),
)


def has_phrases(query):
    """Whether an alternative of the query is a phrase of several words."""
    return any(len(alternative) > 1 for group in query.groups for alternative in group)


def checks_phrases_apart(query):
    """Whether the phrases of the query are checked after the other
    conditions (`PostgresEngine.base_sql`): when an alternative is a phrase
    ("réseaux sociaux", among the synonyms of "social networks"), whose
    words' positions only the document's vector has (the GIN index does
    not), and every group must match (not the documents with some of the
    words, `any_group`, rarer, checked as before)."""
    return not query.any_group and has_phrases(query)


def tag_column(facet):
    """The row's array of a tag facet's values (migration 0011: kept in the
    row, STORAGE PLAIN), so that counting the tags of 30,000 matches reads
    the matching rows only."""
    return f"{facet}_tags"


#: Between the tags of a row when `search_in_one_pass` counts them as text
#: (no slug holds it).
TAG_SEPARATOR = "\x1f"

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

    def group_tsquery(self, group, query, function="phraseto_tsquery"):
        """A group as a tsquery: the || of its alternatives, each a phrase
        stemmed in every language in scope (with `plainto_tsquery`, each
        alternative's words anywhere in the document)."""
        alternatives, params = [], []
        for phrase in group:
            for language in query.languages:
                alternatives.append(f"{function}('{CONFIGS[language]}', %s)")
                params.append(" ".join(text.normalise(word, language) for word in phrase))
        return "(" + " || ".join(alternatives) + ")", params

    def tsquery(self, query, function="phraseto_tsquery"):
        """The tsquery text and parameters: groups joined by && (by || when
        any group may match)."""
        group_sql, params = [], []
        for group in query.groups:
            sql, group_params = self.group_tsquery(group, query, function)
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
        return "COALESCE(d.locale, '')" if column == "locale" else f"(d.{column} + 0)"

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
        the vectors row by row instead. With a phrase (`checks_phrases_apart`),
        the index is asked for its words anywhere, which it answers without
        reading a vector either; `base_sql` checks the phrase afterwards."""
        tsquery, params = self.tsquery(query)
        found, found_params = tsquery, params
        if checks_phrases_apart(query):
            found, found_params = self.tsquery(query, "plainto_tsquery")
        rank_sql, rank_params = self.rank_sql(query)
        return (
            f"{DOC} d",
            f"d.search_vector @@ {found}",
            found_params,
            f"{rank_sql} * {KIND_WEIGHT}",
            rank_params,
        )

    def base_sql(self, query):
        """With a phrase, only the rows that pass every other condition
        (generation, language, visibility, filters) have their vector read
        for its positions, not every row the index finds: `phrase_check`
        comes last, and as `(…) IS TRUE`, which the index cannot answer,
        so PostgreSQL checks it on the rows the index found, after the
        other conditions, in the same parallel read. "social networks" on
        English documents (its synonyms hold French phrases, "réseaux
        sociaux"): the index finds 35,000 documents, French ones included;
        ~16,000 vectors are read. (A subquery kept apart by OFFSET 0 did
        the same in one process after the parallel read: 126–127 → 98–99 ms
        median at 50,000 documents.)"""
        from_sql, where_sql, params, score_sql, score_params = super().base_sql(query)
        if not checks_phrases_apart(query):
            return from_sql, where_sql, params, score_sql, score_params
        check_sql, check_params = self.phrase_check(query)
        return (
            from_sql,
            f"{where_sql} AND ({check_sql}) IS TRUE",
            [*params, *check_params],
            score_sql,
            score_params,
        )

    def phrase_check(self, query):
        """(sql, params): true when document `d`, found with the words of
        each phrase anywhere, has for each group with a phrase one of its
        phrases or one of its single words. The documents with a single
        word of the group ("infolettre", "newsletter" beside "lettre
        d'information") are told by the GIN index (a set of ids, hashed
        once), so that only the others have their vector read, as the
        index alone would have done."""
        checks, params = [], []
        for group in query.groups:
            phrases = [alternative for alternative in group if len(alternative) > 1]
            if not phrases:
                continue
            sql, group_params = self.group_tsquery(phrases, query)
            check = f"d.search_vector @@ {sql}"
            words = [alternative for alternative in group if len(alternative) == 1]
            if words:
                words_sql, words_params = self.group_tsquery(words, query)
                check = (
                    f"(d.id IN (SELECT id FROM {DOC} WHERE search_vector @@ {words_sql}) "
                    f"OR {check})"
                )
                params += words_params
            checks.append(check)
            params += group_params
        return " AND ".join(checks), params

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
            rank = f"ts_rank('{WEIGHTS}'::float4[], d.head_vector, {tsquery}, 1) * {KIND_WEIGHT}"
            if len(query.groups) == 1 and not has_phrases(query):
                # One word (or words any of which will do): ts_rank is 0
                # exactly when the head has none of them, which the @@
                # tells at a fraction of the cost (most of a common word's
                # matches have it in their body only: 24,000 of "réseaux"'s
                # 31,000).
                return f"(CASE WHEN d.head_vector @@ {tsquery} THEN {rank} ELSE 0 END)", [
                    *params,
                    *params,
                ]
            return rank, params
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

    def facet_columns(self):
        """(facet, column) of every facet, in the order of `FACET_SETS`."""
        columns = {**COLUMN_OF_FACET, **{facet: tag_column(facet) for facet in TAG_FACETS}}
        return [(facet, columns[facet]) for facets in FACET_SETS for facet in facets]

    def facet_sql(self, from_sql, where_sql):
        """The aggregate of `facet_counts`, over `from_sql` (as `d`): a row
        per combination of the values of a set of `FACET_SETS` (the columns
        of the other sets NULL), with its count."""
        columns = dict(self.facet_columns())
        keys = {facet: f"d.{column}" for facet, column in columns.items()}
        values = [
            key if facet in TAG_FACETS else f"CAST({key} AS text)" for facet, key in keys.items()
        ]
        sets = ", ".join(
            "(" + ", ".join(keys[facet] for facet in facets) + ")" for facets in FACET_SETS
        )
        return (
            f"SELECT GROUPING({', '.join(keys.values())}), {', '.join(values)}, COUNT(*) "
            f"FROM {from_sql} WHERE {where_sql} GROUP BY GROUPING SETS ({sets})"
        )

    def read_facets(self, rows):
        """(total, facets) from the rows of `facet_sql`: each facet's count
        of a value is the sum of those of the combinations of its set with
        that value (each tag of a combination of tags); the total, the sum
        of the counts of one set."""
        facets = [facet for facet, _column in self.facet_columns()]
        # GROUPING() has a 0 bit for each column of the row's set.
        sets, position = {}, 0
        for members in FACET_SETS:
            bits = sum(1 << (len(facets) - 1 - i) for i in range(position, position + len(members)))
            sets[((1 << len(facets)) - 1) ^ bits] = range(position, position + len(members))
            position += len(members)
        total, counts = 0, {facet: {} for facet in facets}
        for grouping, *values, count in rows:
            positions = sets[grouping]
            if positions.start == 0:
                total += count
            for i in positions:
                found = values[i]
                if facets[i] not in TAG_FACETS:
                    found = (found,)
                elif found.__class__ is str:  # search_in_one_pass's text of tags
                    found = found.split(TAG_SEPARATOR)
                for value in found or ():
                    if value not in (None, ""):  # no institution, no year, no region…
                        counts[facets[i]][value] = counts[facets[i]].get(value, 0) + count
        return total, {facet: found for facet, found in counts.items() if found}

    def facet_counts(self, cursor, from_sql, where_sql, params):
        """The total and every facet's counts in one pass over the matching
        rows: one aggregate of GROUPING SETS (one hash table per set of
        `FACET_SETS`, filled together), the tag facets grouped by the row's
        own array of values (`topic_tags`…, written by `index`: a few
        hundred distinct combinations), each combination's count then added
        to each of its values. Never a join to the tag table, nor a copy of
        the matches read once per facet."""
        cursor.execute(self.facet_sql(from_sql, where_sql), params)
        return self.read_facets(cursor.fetchall())

    def search_in_one_pass(self, query):
        """The total, the facet counts and the page of hits from ONE read of
        the matching rows: they are gathered once (a materialised CTE of
        their ids, dates, facet values and cheap score, in memory:
        `WORK_MEM`), then counted (`facet_sql`) and ranked (ORDER BY …
        LIMIT) from that copy, in the same statement. Before, a common
        word's ~30,000 matches were found and read twice, once to count and
        once to rank, and a phrase's vectors read twice for its positions.

        The page is ranked as `ranked` ranks above FULL_RANK_LIMIT matches
        (`head_vector`, no phrase rule: the same order, the same scores);
        with fewer matches (known only now), ranking reads the whole
        vectors of at most 2,000 documents, as before, in a second
        statement. Without words (browsing), the newest first, whatever
        their number.

        On 50,000 generated documents, CPU time of the database per search
        ("réseaux", 31,000 matches): 64–67 ms instead of 77–81 (48 to count,
        33 to rank), `rank_expression`'s head check included;
        bench/results/search-latency.md."""
        from_sql, where_sql, params, score_sql, score_params = self.base_sql(query)
        cheap_sql, cheap_params = "0", []
        if query.groups:
            cheap_sql, cheap_params = self.rank_expression(
                query, FULL_RANK_LIMIT + 1, score_sql, score_params
            )
        if not query.groups:
            order = "p.date DESC NULLS LAST, p.id DESC"
        else:
            order = "p.score DESC, p.date DESC NULLS LAST, p.id DESC"
        # The tags as one text each: hashed for the counts faster than an
        # array (the rows are copied by the parallel readers, the counts
        # are made by one process: 34 → 23 ms for 33,000 matches).
        columns = [
            f"array_to_string(d.{column}, chr({ord(TAG_SEPARATOR)})) AS {column}"
            if facet in TAG_FACETS
            else f"d.{column}"
            for facet, column in self.facet_columns()
        ]
        # The page is one row of two arrays, in the page's order (an
        # aggregate's ORDER BY): the rows of a UNION ALL have no order.
        page = (
            f"SELECT {'NULL, ' * (len(columns) + 2)}array_agg(p.id ORDER BY {order}), "
            f"array_agg(p.score ORDER BY {order}) FROM "
            f"(SELECT d.id, d.date, d.score FROM m d "
            f"ORDER BY {order.replace('p.', 'd.')} LIMIT %s OFFSET %s) p"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH m AS MATERIALIZED (SELECT d.id, d.date, {', '.join(columns)}, "
                f"{cheap_sql} AS score FROM {from_sql} WHERE {where_sql}) "
                f"SELECT *, NULL::integer[], NULL::float8[] FROM "
                f"({self.facet_sql('m d', 'true')}) counts UNION ALL {page}",
                [*cheap_params, *params, query.limit, query.offset],
            )
            rows = cursor.fetchall()
            ids, scores = next((row[-2], row[-1]) for row in rows if row[0] is None)
            results = SearchResults()
            results.total, results.facets = self.read_facets(
                row[:-2] for row in rows if row[0] is not None
            )
            if results.total <= query.offset:
                return results
            if not query.groups or max(FULL_RANK_LIMIT, PHRASE_LIMIT) < results.total:
                results.hits = [
                    (document_id, float(score or 0))
                    for document_id, score in zip(ids or (), scores or (), strict=True)
                ]
                return results
            score_sql, score_params = self.rank_expression(
                query, results.total, score_sql, score_params
            )
            results.hits = self.ranked(
                cursor,
                query,
                from_sql,
                where_sql,
                params,
                score_sql,
                score_params,
                results.total,
            )
        return results

    @contextmanager
    def planner(self, query):
        """Sequential scans off for a text match: PostgreSQL under-estimates
        what checking a vector costs, and would otherwise scan the table
        for a common word; `WORK_MEM` for keeping the matches in memory
        (`search_in_one_pass`); and `PARALLEL_SETUP_COST`, so that the
        matches are read by several processes at once (PostgreSQL's
        parallel query; it estimates a text match at one row and would
        never start them). All for the search's statements only, then set
        back."""
        if not query.groups:
            yield
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('work_mem'), current_setting('parallel_setup_cost'), "
                "set_config('enable_seqscan', 'off', true), set_config('work_mem', %s, true), "
                "set_config('parallel_setup_cost', %s, true)",
                [WORK_MEM, PARALLEL_SETUP_COST],
            )
            work_mem, setup_cost = cursor.fetchone()[:2]
            try:
                yield
            finally:
                cursor.execute(
                    "SELECT set_config('enable_seqscan', 'on', true), "
                    "set_config('work_mem', %s, true), set_config('parallel_setup_cost', %s, true)",
                    [work_mem, setup_cost],
                )

    def search(self, query):
        """Under `planner`: with facets (the search page), the counts and
        the page of hits in one read of the matches (`search_in_one_pass`);
        otherwise, as every SQL engine: without facets, for the documents
        with some of the words only (`any_group`, ranked by how many they
        have), and for words sorted by date (the newest 20 of the matches
        cost less to find again than to keep every match: 70 ms of CPU
        instead of 77 for "étudiants" at 50,000 documents)."""
        with self.planner(query):
            if (
                query.with_facets
                and query.limit
                and not query.any_group
                and not (query.groups and query.sort == "date")
            ):
                return self.search_in_one_pass(query)
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
        """The folded title (`cmhub_fold`: `lower(unaccent(title))`) between
        the prefix and the next prefix ("re" ≤ title < "rf", compared byte
        by byte as the `text_pattern_ops` btree of migration 0013 sorts):
        the titles starting with it are read from that index alone, with
        nothing to check again on each row (a `LIKE 're%'` would unaccent
        every title read once more)."""
        prefix = text.fold(word)
        if not prefix:
            return "1 = 1", []
        following = ord(prefix[-1]) + 1
        if 0xD800 <= following <= 0xDFFF:  # no character there: the next one
            following = 0xE000
        return (
            "(cmhub_fold(d.title) ~>=~ %s AND cmhub_fold(d.title) ~<~ %s)",
            [prefix, prefix[:-1] + chr(following)],
        )
