"""The editors' synonym list, as the query parser reads it."""

from django.core.cache import cache

from . import text

CACHE_KEY = "cmsearch:synonyms:v1"


def _load():
    from .models import Synonym

    entries = []
    for synonym in Synonym.objects.all():
        phrases = [tuple(text.words(term)) for term in synonym.term_list()]
        entries.append((synonym.language, [phrase for phrase in phrases if phrase]))
    return entries


def stem_key(phrase, language=None):
    """How a phrase is compared: its folded words without a plural "s" or
    "x", so that "hashtags" triggers the entry written "hashtag" and
    "community managers" the one written "community manager" (a light rule
    that works the same for French and English words)."""
    return tuple(word[:-1] if len(word) > 3 and word[-1] in "sx" else word for word in phrase)


def synonym_groups(language):
    """stem key of a phrase → all phrases it is a synonym of (itself
    included), for the entries of this language and of both languages."""
    entries = cache.get(CACHE_KEY)
    if entries is None:
        entries = _load()
        cache.set(CACHE_KEY, entries, 3600)
    groups = {}
    for entry_language, phrases in entries:
        if entry_language and entry_language != language:
            continue
        for phrase in phrases:
            alternatives = groups.setdefault(stem_key(phrase, language), [])
            for other in phrases:
                if other not in alternatives:
                    alternatives.append(other)
    return groups


def forget():
    cache.delete(CACHE_KEY)
