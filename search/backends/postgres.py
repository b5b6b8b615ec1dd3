"""PostgreSQL full-text search.

Each document has a `tsvector` built in its own language with the
`cmhub_french` or `cmhub_english` text search configuration (migration
`0002`: unaccent, then the Snowball stemmer), weighted A for the title,
B for the summary and keywords, C for the body, under a GIN index.
Ranking is `ts_rank` with those weights, normalised by document length.
"""

from django.db import connection

from .. import text
from .sql import DOC, KIND_WEIGHT, SQLEngine

CONFIGS = {"fr": "cmhub_french", "en": "cmhub_english"}
SIMPLE = "cmhub_simple"
# ts_rank weights for {D, C, B, A}: body 0.2, summary/keywords 0.5, title 1.
WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"


def config_sql(alias="d"):
    return (
        f"(CASE WHEN {alias}.language = 'en' THEN '{CONFIGS['en']}' "
        f"ELSE '{CONFIGS['fr']}' END)::regconfig"
    )


class PostgresEngine(SQLEngine):
    name = "postgresql"

    def tsquery(self, query):
        """The tsquery text and parameters: groups joined by &&, each group
        the || of its alternatives, each alternative a phrase stemmed in
        every language in scope."""
        group_sql, params = [], []
        for group in query.groups:
            alternatives = []
            for phrase in group:
                for language in query.languages:
                    alternatives.append(f"phraseto_tsquery('{CONFIGS[language]}', %s)")
                    params.append(" ".join(phrase))
            group_sql.append("(" + " || ".join(alternatives) + ")")
        joiner = " || " if query.match_any else " && "
        return "(" + joiner.join(group_sql) + ")", params

    def match(self, query):
        tsquery, params = self.tsquery(query)
        return (
            f"{DOC} d",
            f"d.search_vector @@ {tsquery}",
            params,
            f"ts_rank('{WEIGHTS}'::float4[], d.search_vector, {tsquery}, 1) * {KIND_WEIGHT}",
            params,
        )

    def index(self, documents):
        ids = [document.pk for document in documents]
        if not ids:
            return
        config = config_sql("d")
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {DOC} d SET search_vector = "
                f"setweight(to_tsvector({config}, d.title), 'A') || "
                f"setweight(to_tsvector({config}, d.summary), 'B') || "
                f"setweight(to_tsvector({config}, d.keywords), 'B') || "
                f"setweight(to_tsvector({config}, d.body), 'C'), "
                f"title_vector = to_tsvector('{SIMPLE}', d.title || ' ' || "
                "CASE WHEN d.kind = 'institution' THEN d.keywords ELSE '' END) "
                "WHERE d.id = ANY(%s)",
                [ids],
            )

    def remove(self, document_ids):
        """The rows go; their vectors go with them."""

    def clear(self):
        """The vectors live on the rows."""

    def autocomplete(self, words, locales, visibility, limit=8):
        words = [word for word in words if word][:6]
        if not words:
            return []
        prefix = " & ".join(f"'{word}'" for word in words[:-1])
        prefix = (prefix + " & " if prefix else "") + f"'{words[-1]}':*"
        from ..query import SearchQuery

        where, params = self.filter_sql(
            SearchQuery(locales=locales, visibility=visibility, filters={})
        )
        where.append(f"d.title_vector @@ to_tsquery('{SIMPLE}', %s)")
        params.append(prefix)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.id FROM {DOC} d WHERE {' AND '.join(where)} "
                "ORDER BY (lower(d.title) LIKE %s) DESC, length(d.title), d.id LIMIT %s",
                [*params, text.fold(words[0])[:40] + "%", limit],
            )
            return [row[0] for row in cursor.fetchall()]
