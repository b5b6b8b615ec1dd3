"""How the Elasticsearch index analyses words: much as the database
engines do.

The elision of French articles ("l'école" → "école"), lower case, no
accents, the same stop words (`search.text.STOP_WORDS`) and stemming
("formations" → "formation"): Snowball for French, as PostgreSQL and SQLite,
Elasticsearch's recommended `english` (Porter) stemmer for English, close to
their Snowball English. Each text field is indexed twice, once per language,
in the sub-fields `.fr` and `.en` (`mappings`); a query searches the French
sub-fields of French documents and the English ones of English documents.

At search time the analyzers also apply the editors' synonym list
(`search.models.Synonym`), as it was when the index was created:
`manage.py update_index` builds a new index with the current list (and
`update_index --if-needed` does when the list changed: the analyzers are
part of the index's schema fingerprint). Until then new synonyms still
work, because the query parser (`search.query.parse_groups`) already turns a
synonym into alternatives of the query.
"""

from ... import text

LANGUAGES = ("fr", "en")
#: The analyzer of the text of each language, as indexed (no synonyms);
#: `<name>_search` is the same with the index's synonyms.
ANALYZERS = {"fr": "cmhub_french", "en": "cmhub_english"}
# Autocomplete prefixes are indexed from 2 to 20 characters.
MIN_GRAM, MAX_GRAM = 2, 20
# French articles and conjunctions elided before a vowel ("l'", "qu'"…).
FRENCH_ELISIONS = [
    "l",
    "m",
    "t",
    "qu",
    "n",
    "s",
    "j",
    "d",
    "c",
    "jusqu",
    "quoiqu",
    "lorsqu",
    "puisqu",
]


def phrase_text(words, language):
    """The text of a phrase of folded words, as the analyzers must read it.

    `search.text.words` splits "d'information" into "d", "information";
    sent so, "d" would be dropped as a stop word and leave a gap the indexed
    text, whose "d'" was elided, has not. For French the article is joined
    back ("d'information") so that elision removes it in both."""
    words = list(words)
    if language != "fr":
        return " ".join(words)
    parts = []
    for i, word in enumerate(words):
        if parts and parts[-1].endswith("'"):
            parts[-1] += word
        elif word in FRENCH_ELISIONS and i < len(words) - 1:
            parts.append(word + "'")
        else:
            parts.append(word)
    return " ".join(parts)


def synonym_rules(entries, language):
    """Solr-format synonym lines ("infolettre, newsletter") for the search
    analyzer of `language`, from entries shaped as `search.synonyms._load()`
    returns them: `[(entry_language, [phrase, …]), …]`, where
    `entry_language` is "" (both languages), "fr" or "en" and each phrase a
    tuple of words. The words are folded again (lower case, no accents), so
    entries built by hand may be given too.

    A phrase with a stop word inside ("gestionnaire de communauté") is left
    out: the stop filter after the synonym filter would drop the word from
    the synonym graph and shift its positions, so that neither that phrase
    nor its synonyms matched any more, not even the same words in a
    document (seen on a real node). The query parser still searches it as
    an alternative of its synonyms (`search.query.parse_groups`)."""
    stop_words = {text.fold(word) for word in text.STOP_WORDS[language]}
    rules = []
    for entry_language, phrases in entries:
        if entry_language and entry_language != language:
            continue
        terms = []
        for phrase in phrases:
            words = phrase.split() if isinstance(phrase, str) else phrase
            term = phrase_text(text.words(" ".join(words)), language)
            tokens = term.split()
            if len(tokens) > 1 and stop_words.intersection(tokens):
                continue
            if term and term not in terms:
                terms.append(term)
        if len(terms) >= 2:
            rules.append(", ".join(terms))
    return rules


def analysis_settings(synonym_entries):
    """The analyzers, the filters they use, and the normalizer of folded
    keywords."""
    filters = {
        "cmhub_french_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": FRENCH_ELISIONS,
        },
        # The database engines' stop words, folded as the tokens are when
        # the filter sees them.
        "cmhub_french_stop": {
            "type": "stop",
            "stopwords": sorted({text.fold(word) for word in text.STOP_WORDS["fr"]}),
        },
        "cmhub_english_stop": {
            "type": "stop",
            "stopwords": sorted({text.fold(word) for word in text.STOP_WORDS["en"]}),
        },
        "cmhub_english_possessive": {"type": "stemmer", "language": "possessive_english"},
        # Snowball, as PostgreSQL's `french_stem` and the SQLite engine use,
        # applied after the accents are gone as they do.
        "cmhub_french_stemmer": {"type": "stemmer", "language": "french"},
        # Snowball keeps some plurals ("photos"): Lucene's minimal French
        # stemmer drops the plural mark first, as the database engines' light
        # plural rule does (search/text.py).
        "cmhub_french_plural": {"type": "stemmer", "language": "minimal_french"},
        "cmhub_english_stemmer": {"type": "stemmer", "language": "english"},
        "cmhub_edge_ngram": {"type": "edge_ngram", "min_gram": MIN_GRAM, "max_gram": MAX_GRAM},
    }
    chains = {
        "fr": (["cmhub_french_elision", "lowercase", "asciifolding"], ["cmhub_french_stop"]),
        "en": (["cmhub_english_possessive", "lowercase", "asciifolding"], ["cmhub_english_stop"]),
    }
    stemmers = {
        "fr": ["cmhub_french_plural", "cmhub_french_stemmer"],
        "en": ["cmhub_english_stemmer"],
    }
    names = ANALYZERS
    analyzers = {}
    for language in LANGUAGES:
        before, stop = chains[language]
        stemmer = stemmers[language]
        analyzers[names[language]] = {
            "type": "custom",
            "tokenizer": "standard",
            "filter": before + stop + stemmer,
        }
        # Synonyms come before the stop words (phrases holding one are left
        # out of the rules: see `synonym_rules`), and before the stemmer,
        # whose output the rules would otherwise have to spell.
        rules = synonym_rules(synonym_entries, language)
        synonyms = []
        if rules:
            filter_name = f"cmhub_{language}_synonyms"
            filters[filter_name] = {
                "type": "synonym_graph",
                "synonyms": rules,
                # A rule the chain cannot parse is skipped, not fatal.
                "lenient": True,
            }
            synonyms = [filter_name]
        analyzers[f"{names[language]}_search"] = {
            "type": "custom",
            "tokenizer": "standard",
            "filter": before + synonyms + stop + stemmer,
        }
    analyzers["cmhub_autocomplete"] = {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding", "cmhub_edge_ngram"],
    }
    analyzers["cmhub_autocomplete_search"] = {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding"],
    }
    return {
        "filter": filters,
        "analyzer": analyzers,
        "normalizer": {"cmhub_folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
    }
