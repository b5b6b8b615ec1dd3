"""What search reads: one flat, denormalised row per thing a member can
find (a resource, an event, an institution, a speaker, a member's profile),
kept in step with the content by `search.indexer`.

The full-text structures live beside these rows, one per backend: a
weighted `tsvector` column with a GIN index on PostgreSQL, an FTS5 table on
SQLite, an index of the same documents on Elasticsearch. Facet values sit
in plain columns and in `SearchDocumentTag`, so that counting them is one
aggregate over the matching rows and never loads the hits themselves.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from resources.models import resource_kind_choices

#: What a search document is: a resource of one of the resources' kinds
#: (resources.models.RESOURCE_KINDS, labelled with their models' names), an
#: event, an institution, a speaker or a member.
DocumentKind = models.TextChoices(
    "DocumentKind",
    [
        *resource_kind_choices(),
        ("EVENT", ("event", _("Event"))),
        ("INSTITUTION", ("institution", _("Institution"))),
        ("PERSON", ("person", _("Speaker"))),
        ("MEMBER", ("member", _("Member"))),
    ],
)


class SearchDocument(models.Model):
    """One thing a member can find, as search reads it (see the module
    docstring). Rows belong to a generation of the index: searches read the
    live one (`SearchIndex.live`), a rebuild writes the next one beside it."""

    key = models.CharField(max_length=64)
    # Which build of the index the row belongs to (see SearchIndex).
    generation = models.PositiveIntegerField(default=1)
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    object_id = models.PositiveIntegerField()
    # The language the document is shown for ("" for every language) and the
    # language its words are analysed in (stemming, stop words).
    locale = models.CharField(max_length=8, blank=True)
    language = models.CharField(max_length=8, default="fr")
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # What snippets show beside the summary: the document's long text in its
    # own language, without the names, places and tags the body and keywords
    # carry for matching (search.documents.page_prose). Not searched.
    prose = models.TextField(blank=True, default="")
    url = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    institution = models.ForeignKey(
        "community.Institution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    institution_kind = models.CharField(max_length=32, blank=True)
    country = models.CharField(max_length=2, blank=True)
    region = models.CharField(max_length=100, blank=True)
    # "" when every member may see it, else "|3|7|": the groups that may.
    groups = models.CharField(max_length=255, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)
    # PostgreSQL only (an unused column elsewhere): title and summary
    # weighted above keywords and body, in the document's language.
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)
    # The title, summary and keywords alone, kept small and inside the row
    # (migration 0005): what ranks a query that matches thousands of rows.
    head_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["generation", "key"], name="unique_search_document_key")
        ]
        indexes = [
            models.Index(fields=["locale", "kind"]),
            models.Index(fields=["date"]),
            models.Index(fields=["institution"]),
        ]

    def __str__(self):
        return self.title


class SearchIndex(models.Model):
    """The one row saying which generation of `SearchDocument` rows members
    search (`live`), which one a rebuild is writing (`building`, None when
    none is running) and what the live one was built with (`schema`: the
    code's schema version and the engine; `manage.py update_index
    --if-needed` rebuilds when it differs).

    A rebuild writes generation live + 1 beside the live one, then moves
    `live` in one transaction: searches see the old complete index until
    then, the new one after. Every write to the index locks this row first,
    so that a change made during a rebuild lands in both generations."""

    live = models.PositiveIntegerField(default=1)
    building = models.PositiveIntegerField(null=True, blank=True)
    # When the running rebuild last wrote a batch: a rebuild silent for
    # longer than search.indexer.STALE_BUILD died (killed, out of memory).
    heartbeat = models.DateTimeField(null=True, blank=True)
    schema = models.CharField(max_length=200, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"generation {self.live}"


class SearchRebuildChange(models.Model):
    """A document key changed by the content while generation `generation`
    was being rebuilt. The change was already written into that generation
    (or removed from it); the rebuild, which may have read the content
    before the change, leaves those keys alone."""

    generation = models.PositiveIntegerField()
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["generation", "key"], name="unique_rebuild_change")
        ]

    def __str__(self):
        return f"{self.generation}:{self.key}"


class SearchEngineBacklog(models.Model):
    """A document the search engine (Elasticsearch) missed because it was
    unreachable when the content changed. The `SearchDocument` rows were
    written all the same; the engine catches up from here on the next
    successful index write, or with `manage.py update_index --if-needed`.
    `removed_ids` are ids of rows deleted meanwhile that the engine may
    still hold ("3,17")."""

    key = models.CharField(max_length=64, unique=True)
    removed_ids = models.TextField(blank=True)
    noted_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key


class SearchDocumentTag(models.Model):
    """A topic, platform or audience of a document, for facets."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="tags")
    facet = models.CharField(max_length=10)
    value = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "facet", "value"], name="unique_search_document_tag"
            )
        ]
        indexes = [models.Index(fields=["facet", "value"])]

    def __str__(self):
        return f"{self.facet}={self.value}"


class SearchTerm(models.Model):
    """A word seen in the indexed titles and summaries, for "did you mean"."""

    term = models.CharField(max_length=40, unique=True)
    frequency = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["term", "frequency"])]

    def __str__(self):
        return self.term


class SynonymLanguage(models.TextChoices):
    ALL = "", _("Both languages")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class Synonym(index.Indexed, models.Model):
    """Words and phrases that mean the same thing to a CM: a search for any
    of them finds the others, on every search backend."""

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "Separated by commas, e.g. “community manager, gestionnaire de communauté, "
            "animateur de communauté”."
        ),
    )
    language = models.CharField(
        _("language"), max_length=2, blank=True, choices=SynonymLanguage.choices
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("language")]
    search_fields = [index.SearchField("terms"), index.AutocompleteField("terms")]

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym entry")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return self.terms

    def term_list(self):
        return [term.strip() for term in self.terms.split(",") if term.strip()]

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("Give at least two terms, separated by commas.")})


class SearchQueryStat(models.Model):
    """How often a query was searched on a day, and how often it found
    nothing: the editors' search report."""

    day = models.DateField(db_index=True)
    # The normal form searches are grouped by (folded words, see
    # search.statistics.normalise) and, to show, a form members typed.
    query = models.CharField(max_length=200)
    typed = models.CharField(max_length=200, blank=True, default="")
    locale = models.CharField(max_length=8)
    searches = models.PositiveIntegerField(default=0)
    zero_results = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "query", "locale"], name="unique_query_per_day")
        ]
        verbose_name = _("search statistic")
        verbose_name_plural = _("search statistics")

    def __str__(self):
        return f"{self.day} {self.query} ({self.searches})"
