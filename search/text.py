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


@functools.lru_cache(maxsize=50_000)
def stem(word, language):
    return _stemmer(language).stemWord(word)


def is_stop_word(word, language):
    return word in STOP_WORDS.get(language, STOP_WORDS["fr"])


def stems(text, language):
    """The stems of the words of a text that are not stop words."""
    return [stem(word, language) for word in words(text) if not is_stop_word(word, language)]


def stemmed_text(text, language):
    return " ".join(stems(text, language))


SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+|\n+")


def highlight(text, query_words, language, length=32):
    """A short passage of `text` around the query's words, with those words
    (in any of their forms: "formations" for "formation") in <mark>, and
    everything else escaped."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    wanted = {stem(word, language) for word in query_words if not is_stop_word(word, language)}
    tokens = re.split(r"(\w+)", text)
    # Positions of word tokens and whether they match.
    word_positions = list(range(1, len(tokens), 2))
    matches = [i for i in word_positions if stem(fold(tokens[i]), language) in wanted]
    matched = set(matches)
    if matches:
        first = word_positions.index(matches[0])
        start = max(0, first - 6)
    else:
        start = 0
    window = word_positions[start : start + length]
    if not window:
        return ""
    begin, end = window[0], window[-1]
    parts = []
    for i in range(begin, end + 1):
        token = tokens[i]
        if i in matched:
            parts.append(f"<mark>{escape(token)}</mark>")
        else:
            parts.append(escape(token))
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(word_positions) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 (every part escaped)
