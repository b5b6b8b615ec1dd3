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


def synonym_groups(language):
    """phrase → all phrases it is a synonym of (itself included), for the
    entries of this language and of both languages."""
    entries = cache.get(CACHE_KEY)
    if entries is None:
        entries = _load()
        cache.set(CACHE_KEY, entries, 3600)
    groups = {}
    for entry_language, phrases in entries:
        if entry_language and entry_language != language:
            continue
        for phrase in phrases:
            alternatives = groups.setdefault(phrase, [])
            for other in phrases:
                if other not in alternatives:
                    alternatives.append(other)
    return groups


def forget():
    cache.delete(CACHE_KEY)
