"""Words, the way search reads them: lower case, without accents, without
the stop words of the language, reduced to their stem (Snowball, the same
algorithm as PostgreSQL's `french_stem` and `english_stem`).

The SQLite backend indexes and queries these stems; every backend uses
`highlight` to show the matched words in a snippet.
"""

import functools
import re
import unicodedata

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

WORD_RE = re.compile(r"\w+")

STOP_WORDS = {
    # Close to the Snowball lists PostgreSQL's configurations use, so that a
    # word one engine drops is not required by another.
    "fr": frozenset(
        """
        au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma
        mais me même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se
        ses son sur ta te tes toi ton tu un une vos votre vous c d j l à m n s t y été
        être avoir est sont cette cet ceci cela ça
        """.split()  # noqa: SIM905
    ),
    "en": frozenset(
        """
        i me my myself we our ours ourselves you your yours yourself yourselves he him
        his himself she her hers herself it its itself they them their theirs themselves
        what which who whom this that these those am is are was were be been being have
        has had having do does did doing a an the and but if or because as until while
        of at by for with about against between into through during before after above
        below to from up down in out on off over under again further then once here
        there when where why how all any both each few more most other some such no nor
        not only own same so than too very s t can will just don should now
        """.split()  # noqa: SIM905
    ),
}
LANGUAGES = ("fr", "en")
STEMMER_NAMES = {"fr": "french", "en": "english"}


def unaccent(text):
    """ "Écoles d'ingénieurs" → "Ecoles d'ingenieurs"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text):
    """Lower case, no accents: how words are compared."""
    return unaccent(text).lower()


def words(text):
    """The folded words of a text, in order."""
    return WORD_RE.findall(fold(text or ""))


@functools.cache
def _stemmer(language):
    return snowballstemmer.stemmer(STEMMER_NAMES.get(language, "french"))


#: The light French plural rule applied before Snowball (as Lucene's French
#: minimal stemmer does): a final "s" after at least three letters, unless
#: the word ends in "ss", "us" or "is" ("photos" → "photo", "vidéos" →
#: "video", but "campus", "avis", "process" stay). Snowball alone keeps the
#: "s" after a vowel ("photos" and "photo" had different stems). The same
#: pattern runs in PostgreSQL (`search.backends.postgres`) on the text
#: before its French configuration, so that both engines agree.
PLURAL_PATTERN = r"(\w{2,}[^\Wsui])s\M"
PLURAL_RE = re.compile(PLURAL_PATTERN.replace("\\M", "\\b"))


def normalise(word, language):
    """A folded word without its French plural mark ("photos" → "photo");
    English words are left to Snowball, which handles their plurals."""
    if language == "en":
        return word
    return PLURAL_RE.sub(r"\1", word)


@functools.lru_cache(maxsize=50_000)
def stem(word, language):
    """A folded word's stem: the light plural rule, then Snowball."""
    return _stemmer(language).stemWord(normalise(word, language))


def is_stop_word(word, language):
    return word in STOP_WORDS.get(language, STOP_WORDS["fr"])


def stems(text, language):
    """The stems of the words of a text that are not stop words."""
    return [stem(word, language) for word in words(text) if not is_stop_word(word, language)]


def stemmed_text(text, language):
    return " ".join(stems(text, language))


SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+|\n+")

#: Snippets read at most this many characters of a text (a document's body
#: may be megabytes long): the matched words are looked for there only.
SCAN_CHARS = 20_000
#: The most characters of text a snippet shows (before its <mark> tags).
SNIPPET_CHARS = 400
#: Longer runs of punctuation between two words, and longer words, are cut.
MAX_SEPARATOR = 20
MAX_WORD = 40
#: Runs of white space between two words, shown as one plain space; the
#: non-breaking spaces of French typography ("week-end\u00a0;") are kept.
WHITESPACE_RE = re.compile(r"[^\S\u00a0\u202f]+")


#: Endings that make another form of the same word (folded): a snippet
#: marks "étudiantes" for "étudiant" and "trainings" for "training", but not
#: "formats" for "formation", although Snowball gives them one stem.
INFLECTIONS = frozenset(
    "e es s x er ez ent ant ants ante antes ai ais ait ee ees ons ing ings ed ly".split()  # noqa: SIM905
)


def _same_word(word, query_word, word_stem, language):
    """Whether a folded word of the text is a form of a folded query word
    that has the same stem: the same once plurals are normalised, or both
    the stem followed by an inflection ending."""
    a, b = normalise(word, language), normalise(query_word, language)
    if a == b:
        return True
    if not (a.startswith(word_stem) and b.startswith(word_stem)):
        return True  # Snowball rewrote the ending ("chevaux" → "cheval")
    endings = {a[len(word_stem) :], b[len(word_stem) :]} - {""}
    return endings <= INFLECTIONS


def _wanted(query_words, language):
    """stem → the query's words with that stem. One-letter words are left
    out ("e" of "e-réputation" would mark every "e" of "e-mail")."""
    wanted = {}
    for word in query_words:
        if len(word) > 1 and not is_stop_word(word, language):
            wanted.setdefault(stem(word, language), set()).add(word)
    return wanted


def _is_match(word, wanted, language):
    folded = fold(word)
    word_stem = stem(folded, language)
    return word_stem in wanted and any(
        _same_word(folded, query_word, word_stem, language) for query_word in wanted[word_stem]
    )


def _word_spans(text):
    """(start, end) of each word of the first SCAN_CHARS characters of `text`."""
    return [match.span() for match in WORD_RE.finditer(text, 0, SCAN_CHARS)]


def has_match(text, query_words, language):
    """Whether one of the query's words (in any of its forms) is in the
    part of `text` that snippets read; stops at the first one."""
    wanted = _wanted(query_words, language)
    if not wanted or not text:
        return False
    return any(
        _is_match(match.group(), wanted, language)
        for match in WORD_RE.finditer(text, 0, SCAN_CHARS)
    )


def highlight(text, query_words, language, length=32):
    """A short passage of `text` around the query's words, with those words
    (in any of their forms: "formations" for "formation") in <mark>, and
    everything else escaped.

    Whatever the size of `text`, only its first SCAN_CHARS characters are
    read and the passage holds at most `length` words and about
    SNIPPET_CHARS characters.
    """
    text = text or ""
    spans = _word_spans(text)
    if not spans:
        return ""
    wanted = _wanted(query_words, language)
    first = None
    if wanted:
        first = next(
            (
                position
                for position, (begin, end) in enumerate(spans)
                if _is_match(text[begin:end], wanted, language)
            ),
            None,
        )
    start = max(0, first - 6) if first is not None else 0
    parts, size, position = [], 0, start
    for position in range(start, min(len(spans), start + length)):
        begin, end = spans[position]
        if position > start:
            separator = WHITESPACE_RE.sub(" ", text[spans[position - 1][1] : begin])
            if len(separator) > MAX_SEPARATOR:
                separator = " … "
            parts.append(escape(separator))
            size += len(separator)
        word = text[begin:end]
        shown = word if len(word) <= MAX_WORD else word[:MAX_WORD] + "…"
        if wanted and _is_match(word, wanted, language):
            parts.append(f"<mark>{escape(shown)}</mark>")
        else:
            parts.append(escape(shown))
        size += len(shown)
        if size >= SNIPPET_CHARS:
            break
    more = position + 1 < len(spans) or len(text) > SCAN_CHARS
    prefix = "… " if start > 0 else ""
    suffix = " …" if more else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 (every part escaped)
