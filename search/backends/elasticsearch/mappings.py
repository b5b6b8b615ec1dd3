"""What the Elasticsearch index holds: its settings and mappings
(`index_settings`), and the document each `SearchDocument` row becomes
(`document_body`), its `_id` the row's primary key."""

from django.conf import settings

from ...query import TAG_FACETS
from .analysis import MAX_GRAM, MIN_GRAM, analysis_settings

#: How often a live index makes writes searchable (Elasticsearch's default,
#: written out). While a rebuild fills a new index, nothing searches it: it
#: is created without refreshes ("-1") and gets this interval back at the
#: switch (`ElasticsearchEngine.switch`). Built so, 50,000 documents end in
#: 2 segments instead of 11, searched faster (docs/deploy.md, "Index
#: settings"), for 15 % less of the node's CPU.
REFRESH_INTERVAL = "1s"
BUILDING_REFRESH_INTERVAL = "-1"


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


def index_settings(synonym_entries=None, replicas=None, shards=1, building=False):
    """The body of the request creating the index: `{"settings": …,
    "mappings": …}`, to pass as `indices.create(index=…, **body)`.

    `synonym_entries` are shaped as `search.synonyms._load()` returns them
    (`[("" | "fr" | "en", [("infolettre",), ("news", "letter")]), …]`);
    None reads the `Synonym` rows from the database. `replicas` defaults to
    `settings.ELASTICSEARCH_REPLICAS`, itself 0 in the settings (the env
    `ELASTICSEARCH_REPLICAS`) because docker-compose runs a single node,
    where a replica could never be allocated; without the setting it is 1,
    what a cluster needs. One shard is plenty for an intranet's documents
    (docs/deploy.md says when to add more). `building`: the index a rebuild
    fills, not searched until the switch, so not refreshed meanwhile.
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
                "refresh_interval": BUILDING_REFRESH_INTERVAL if building else REFRESH_INTERVAL,
                # Prefixes longer than min_gram by up to 18 characters.
                "max_ngram_diff": MAX_GRAM - MIN_GRAM,
            },
            "analysis": analysis_settings(synonym_entries),
        },
        "mappings": index_mappings(),
    }


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
