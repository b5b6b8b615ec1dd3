"""Form helpers shared by the apps."""

from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language

from . import fragments

#: Choice lists read from the database, kept per process: {(read, args,
#: language): (content version, choices)}. Topics, platforms and
#: institutions bump the content version when saved (community/apps.py,
#: search/signals.py), so a list is read again after any change to them.
_KEPT = {}
#: More keys than this (languages × locales × lists) means something is
#: wrong with the keys: start again rather than grow.
MAX_KEPT = 64


class LazyChoices(BaseChoiceIterator):
    """Choices read from the database when the field is first rendered or
    checked, then kept for the rest of the form's life (a callable given
    as `choices` would be called again by the widget and by validation).

    Lists served from the cache render neither: no query at all. A filter
    value in the address is still checked on every request (an unknown one
    answers 400); the list it is checked against is kept in the process for
    as long as the content version stays the same, so a warm list checks its
    filters without a query."""

    def __init__(self, read, *args):
        self.read, self.args = read, args
        self.choices = None

    def __iter__(self):
        if self.choices is None:
            self.choices = self._kept()
        yield from self.choices

    def _kept(self):
        key = (self.read.__module__, self.read.__qualname__, self.args, get_language())
        version = fragments.version()
        kept = _KEPT.get(key)
        if kept is not None and kept[0] == version:
            return kept[1]
        choices = list(self.read(*self.args))
        if len(_KEPT) >= MAX_KEPT:
            _KEPT.clear()
        _KEPT[key] = (version, choices)
        return choices
