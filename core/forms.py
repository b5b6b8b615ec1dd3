"""Form helpers shared by the apps."""

from django.utils.choices import BaseChoiceIterator


class LazyChoices(BaseChoiceIterator):
    """Choices read from the database when the field is first rendered or
    checked, then kept for the rest of the form's life (a callable given
    as `choices` would be called again by the widget and by validation).

    Lists served from the cache render neither: no query at all."""

    def __init__(self, read, *args):
        self.read, self.args = read, args
        self.choices = None

    def __iter__(self):
        if self.choices is None:
            self.choices = list(self.read(*self.args))
        yield from self.choices
