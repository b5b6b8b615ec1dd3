"""What the two database engines share: filters, facet counting in one
aggregate query, and ranking with LIMIT, so that a word found in most
documents costs one scan of the matching rows, not the loading of every hit."""

from django.db import connection

from ..query import COLUMN_OF_FACET, TAG_FACETS, SearchQuery
from .base import BaseEngine, SearchResults

DOC = "cmsearch_searchdocument"
TAG = "cmsearch_searchdocumenttag"
# The generation members search (search.models.SearchIndex; 1 until the row
# exists): a constant subquery, read once per statement, so that a search
# reads one generation even if the switch happens meanwhile.
LIVE = "COALESCE((SELECT live FROM cmsearch_searchindex WHERE id = 1), 1)"

# Members mostly look for what peers did: resources first, then events, then
# who did it. A multiplier of each document's relevance, by kind.
KIND_WEIGHTS = {
    "guide": 1.0,
    "talk": 1.0,
    "job_profile": 1.0,
    "case_study": 1.0,
    "event": 0.9,
    "institution": 0.8,
    "person": 0.6,
    "member": 0.5,
}
KIND_WEIGHT = (
    "(CASE d.kind "
    + " ".join(f"WHEN '{kind}' THEN {weight}" for kind, weight in KIND_WEIGHTS.items())
    + " ELSE 1.0 END)"
)


#: Up to this many matches, the documents with the typed phrase come first
#: (`SQLEngine.phrase_sql`); above, ranking does not check every match for
#: it, so that a search on common words costs what it did.
PHRASE_LIMIT = 2000


class SQLEngine(BaseEngine):
    # How the tags join the matching rows (SQLite needs to be told to start
    # from the matches, see SQLiteEngine).
    TAG_JOIN = "JOIN"

    def match(self, query):
        """(from_sql, where_sql, params, score_sql, score_params) for the
        full-text part of a query with at least one group; `d` is the
        document table."""
        raise NotImplementedError

    def autocomplete_match(self, words):
        """(from_sql, where_sql, params) finding the documents whose title
        (or an institution's short name) has every word, the last one as a
        prefix; `d` is the document table."""
        raise NotImplementedError

    def group_sql(self, group, query):
        """(sql, params): true when document `d` matches one group (through
        any of its alternatives)."""
        raise NotImplementedError

    def matched_sql(self, query):
        """(sql, params): how many of the query's groups document `d` matches."""
        parts, params = [], []
        for group in query.groups:
            sql, group_params = self.group_sql(group, query)
            parts.append(f"(CASE WHEN {sql} THEN 1 ELSE 0 END)")
            params += group_params
        return "(" + " + ".join(parts) + ")", params

    def starts_with(self, word):
        """(sql, params): true when the document's title starts with this
        folded prefix, accents ignored ("re" for "Réseaux…")."""
        raise NotImplementedError

    # --- Building the query ---------------------------------------------

    def filter_column(self, column, query):
        """Document `d`'s column (locale, generation) as the filters
        compare it."""
        return f"d.{column}"

    def tag_sql(self, facet, value, query):
        """(sql, params): true when document `d` has this tag."""
        return (
            f"d.id IN (SELECT document_id FROM {TAG} WHERE facet = %s AND value = %s)",
            [facet, value],
        )

    def filter_sql(self, query):
        where, params = [f"{self.filter_column('generation', query)} = {LIVE}"], []
        if query.locales is not None:
            marks = ", ".join(["%s"] * len(query.locales))
            where.append(f"{self.filter_column('locale', query)} IN ({marks})")
            params.extend(query.locales)
        if query.visibility is not None:
            clauses = ["d.groups = ''"]
            for group_id in query.visibility:
                clauses.append("d.groups LIKE %s")
                params.append(f"%|{int(group_id)}|%")
            where.append(f"({' OR '.join(clauses)})")
        for facet, value in sorted(query.filters.items()):
            if facet in TAG_FACETS:
                sql, tag_params = self.tag_sql(facet, str(value), query)
                where.append(sql)
                params.extend(tag_params)
            else:
                where.append(f"d.{COLUMN_OF_FACET[facet]} = %s")
                params.append(value)
        return where, params

    def base_sql(self, query):
        where, params = [], []
        if query.groups:
            from_sql, match_where, match_params, score_sql, score_params = self.match(query)
            where.append(match_where)
            params.extend(match_params)
            if query.partial:
                matched_sql, matched_params = self.matched_sql(query)
                where.append(f"{matched_sql} < %s")
                params.extend([*matched_params, len(query.groups)])
        else:
            from_sql, score_sql, score_params = f"{DOC} d", "0", []
        filter_where, filter_params = self.filter_sql(query)
        where += filter_where
        params += filter_params
        return from_sql, " AND ".join(where) or "1=1", params, score_sql, score_params

    # --- Answering ------------------------------------------------------

    def search(self, query):
        from_sql, where_sql, params, score_sql, score_params = self.base_sql(query)
        results = SearchResults()
        with connection.cursor() as cursor:
            if query.with_facets:
                results.total, results.facets = self.facet_counts(
                    cursor, from_sql, where_sql, params
                )
            else:
                cursor.execute(f"SELECT COUNT(*) FROM {from_sql} WHERE {where_sql}", params)
                results.total = cursor.fetchone()[0]
            if query.limit and results.total > query.offset:
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

    def autocomplete(self, words, locales, visibility, limit=8):
        """As `BaseEngine.autocomplete`, each engine matching the words its
        own way (`autocomplete_match`): titles starting with the first word
        come first, then the shortest.

        In two steps, so that a short prefix ("ré": 15,000 matches in
        50,000 documents) does not sort every match: the matches whose
        title starts with the first word (through an index of folded titles
        on PostgreSQL, migration 0013); then, only when they are fewer than
        `limit`, the other matches. The same suggestions, in the same order,
        as one query ordered by "starts with" then length."""
        words = [word for word in words if word][:6]
        if not words:
            return []
        from_sql, match_where, match_params = self.autocomplete_match(words)
        where, params = self.filter_sql(
            SearchQuery(locales=locales, visibility=visibility, filters={})
        )
        where.append(match_where)
        params.extend(match_params)

        def shortest(cursor, condition, condition_params, count):
            cursor.execute(
                f"SELECT d.id FROM {from_sql} WHERE {' AND '.join([*where, condition])} "
                "ORDER BY length(d.title), d.id LIMIT %s",
                [*params, *condition_params, count],
            )
            return [row[0] for row in cursor.fetchall()]

        first_sql, first_params = self.starts_with(words[0][:40])
        with connection.cursor() as cursor:
            ids = shortest(cursor, first_sql, first_params, limit)
            if len(ids) < limit:
                # Every title starting with the word is in `ids`: the others.
                others = f"d.id NOT IN ({', '.join(['%s'] * len(ids))})" if ids else "1 = 1"
                ids += shortest(cursor, others, ids, limit - len(ids))
        return ids

    def rank_expression(self, query, total, score_sql, score_params):
        """The score to rank by, knowing how many documents match."""
        return score_sql, score_params

    @staticmethod
    def order_sql(query, alias="d."):
        if query.sort == "date" or not query.groups:
            return f"{alias}date DESC NULLS LAST, {alias}id DESC"
        if query.any_group:
            return (
                f"matched DESC, phrase DESC, score DESC, {alias}date DESC NULLS LAST, "
                f"{alias}id DESC"
            )
        return f"phrase DESC, score DESC, {alias}date DESC NULLS LAST, {alias}id DESC"

    def phrase_sql(self, query, total):
        """(sql, params): true when document `d` has the words typed, in
        that order (stop words aside), for a query of several groups: those
        documents come first ("former les relais" before the documents with
        "formation" here and "relais" there). Not for a query of one group
        ("bad buzz", a synonym phrase): every document found has one of its
        phrases, and the rule would only put the form typed before its
        synonyms ("bad buzz" mentioned in passing before "Gestion de
        crise"). `total`: how many match."""
        raise NotImplementedError

    def ranked(self, cursor, query, from_sql, where_sql, params, score_sql, score_params, total=0):
        """The asked page of hits: those with the typed phrase first (when
        any group may match, those matching the most groups before), then
        by score."""
        order = self.order_sql(query)
        matched_sql, matched_params = "0", []
        phrase_sql, phrase_params = "0", []
        if query.groups and query.any_group:
            matched_sql, matched_params = self.matched_sql(query)
        if (
            query.groups
            and query.sort != "date"
            and total <= PHRASE_LIMIT
            and len(query.groups) > 1
        ):
            phrase_sql, phrase_params = self.phrase_sql(query, total)
            phrase_sql = f"(CASE WHEN {phrase_sql} THEN 1 ELSE 0 END)"
        cursor.execute(
            f"SELECT d.id, {score_sql} AS score, {matched_sql} AS matched, "
            f"{phrase_sql} AS phrase "
            f"FROM {from_sql} WHERE {where_sql} "
            f"ORDER BY {order} LIMIT %s OFFSET %s",
            [
                *score_params,
                *matched_params,
                *phrase_params,
                *params,
                query.limit,
                query.offset,
            ],
        )
        return [(row[0], float(row[1] or 0)) for row in cursor.fetchall()]

    def facet_counts(self, cursor, from_sql, where_sql, params):
        """The total and every facet's counts, in one query: the matching
        rows are gathered once (a materialised CTE) and grouped per facet."""
        columns = ", ".join(f"d.{column}" for column in COLUMN_OF_FACET.values())
        parts = []
        for facet, column in COLUMN_OF_FACET.items():
            not_empty = (
                f"{column} IS NOT NULL"
                if column in ("institution_id", "year")
                else f"{column} <> ''"
            )
            parts.append(
                f"SELECT '{facet}', CAST({column} AS VARCHAR(100)), COUNT(*) FROM m "
                f"WHERE {not_empty} GROUP BY {column}"
            )
        parts.append(
            f"SELECT t.facet, t.value, COUNT(*) FROM m {self.TAG_JOIN} {TAG} t "
            "ON t.document_id = m.id GROUP BY t.facet, t.value"
        )
        parts.append("SELECT '', '', COUNT(*) FROM m")
        cursor.execute(
            f"WITH m AS MATERIALIZED (SELECT d.id, {columns} FROM {from_sql} WHERE {where_sql}) "
            + " UNION ALL ".join(parts),
            params,
        )
        total, facets = 0, {}
        for facet, value, count in cursor.fetchall():
            if facet == "":
                total = count
            else:
                facets.setdefault(facet, {})[str(value)] = count
        return total, facets
