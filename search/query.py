"""A member's query, read once for every backend.

The text is reduced to its words (quotes, stars, brackets and operators are
never passed to an engine). Each word, or each phrase of the synonym list
found in the query, becomes a *group*: a document must match every group,
and matches a group through any of its alternatives. So "infolettre
étudiants" is (infolettre OR newsletter) AND (étudiants).
"""

from dataclasses import dataclass, field

from . import text
from .synonyms import stem_key, synonym_groups

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12

# Facets a member can filter on, in the order the page shows them.
FACETS = (
    "type",
    "institution",
    "institution_kind",
    "country",
    "region",
    "topic",
    "platform",
    "audience",
    "year",
)
# Facets stored in SearchDocumentTag rather than in a column.
TAG_FACETS = ("topic", "platform", "audience")
COLUMN_OF_FACET = {
    "type": "kind",
    "institution": "institution_id",
    "institution_kind": "institution_kind",
    "country": "country",
    "region": "region",
    "year": "year",
}


@dataclass
class SearchQuery:
    """What to look for, where, and which page of it."""

    text: str = ""
    # [[alternative, …], …]; an alternative is a tuple of folded words.
    groups: list = field(default_factory=list)
    # Locales of documents to consider ("" = language-neutral documents);
    # None for every language.
    locales: tuple | None = ("fr", "")
    # facet name → value (already checked by the form).
    filters: dict = field(default_factory=dict)
    # Ids of the member's groups; None for someone who sees everything.
    visibility: tuple | None = ()
    sort: str = "relevance"
    # False: a document must match every group; True: any group (the
    # fallback when no document has every word), ranked by how many match.
    match_any: bool = False
    # True: only documents that match some groups but not every one, the
    # most groups first (shown after the last page of documents matching
    # every group, see search.service.more_results).
    partial: bool = False
    offset: int = 0
    limit: int = 20
    with_facets: bool = True

    @property
    def is_empty(self):
        return not self.groups and not self.filters

    @property
    def any_group(self):
        """Whether a document may match through any one group."""
        return self.match_any or self.partial

    @property
    def languages(self):
        """Analysis languages the query must be stemmed for: those of the
        documents in scope (language-neutral ones are analysed in French)."""
        if self.locales is None:
            return ("fr", "en")
        languages = {locale or "fr" for locale in self.locales}
        return tuple(language for language in text.LANGUAGES if language in languages)

    def query_words(self):
        """Every folded word the query may match, synonyms included."""
        return {word for group in self.groups for alt in group for word in alt}


def parse_groups(raw, language="fr"):
    """The groups of a raw query (see the module docstring)."""
    found = text.words(raw)[: MAX_WORDS * 2]
    stems = stem_key(found, language)
    synonyms = synonym_groups(language)
    groups = []
    i = 0
    while i < len(found):
        match = None
        for key, alternatives in synonyms.items():
            n = len(key)
            if stems[i : i + n] == key and (match is None or n > match[0]):
                match = (n, alternatives)
        if match:
            n, alternatives = match
            typed = tuple(found[i : i + n])
            groups.append(
                [typed]
                + [alt for alt in alternatives if stem_key(alt, language) != stems[i : i + n]]
            )
            i += n
            continue
        word = found[i]
        i += 1
        # A stop word of either language is left out: language-neutral
        # documents (institutions, members) are analysed in French, so "de"
        # in "Cegep de la Capitale" typed on an English page is never
        # indexed there.
        if len(found) > 1 and any(text.is_stop_word(word, other) for other in text.LANGUAGES):
            continue
        groups.append([(word,)])
    return groups[:MAX_WORDS]
