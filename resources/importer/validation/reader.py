"""Reading the fields of one item of the file, with their JSON types, and
the problems found along the way."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language_info

from ..plan import MISSING
from .text import MAX_BLOCKS, MAX_RICH_TEXT_LENGTH


def content_languages():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def language_name(code):
    return get_language_info(code)["name"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, where it is and why."""

    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


class InvalidImport(Exception):
    """The file has problems; nothing may be imported."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class ItemReader:
    """Reads the fields of one item of the file.

    Each accessor checks the field's JSON type and records a problem instead
    of raising, so validation carries on and reports everything at once. It
    returns MISSING when the field is absent (or wrong). Fields that no
    accessor read are reported as unknown by `finish()`, which catches typos.
    What was changed without being wrong (markup the rich text editor drops)
    is recorded as a note.
    """

    def __init__(self, data, where, problems, notes):
        self.data = data
        self.where = where
        self.problems = problems
        self.notes = notes
        self.read = set()

    def error(self, message):
        self.problems.append(Problem(self.where, message))

    def note(self, message):
        self.notes.append(Problem(self.where, message))

    def raw(self, name, required=False):
        self.read.add(name)
        value = self.data.get(name, MISSING)
        if required and (value is MISSING or value is None or value in ("", [], {})):
            self.error(f"{name} is required")
            return MISSING
        if not self.short_enough(name, value):
            return MISSING
        return value

    def short_enough(self, name, value):
        """No text of the file may be longer than the longest a field takes
        (rich text), whatever it is used for; the field's own limit follows."""
        if isinstance(value, dict):
            texts = [(f"{name}.{key}", text) for key, text in value.items()]
        elif isinstance(value, list):
            texts = [(f"{name}[{position}]", text) for position, text in enumerate(value)]
        else:
            texts = [(name, value)]
        for where, text in texts:
            if isinstance(text, str) and len(text) > MAX_RICH_TEXT_LENGTH:
                self.error(
                    f"{where}: at most {MAX_RICH_TEXT_LENGTH:,} characters are allowed "
                    f"(it has {len(text):,})"
                )
                return False
        return True

    def few_enough(self, name, items):
        """A stream or a list of a resource holds at most MAX_BLOCKS items."""
        if len(items) > MAX_BLOCKS:
            self.error(f"{name}: at most {MAX_BLOCKS} items are allowed (it has {len(items)})")
            return False
        return True

    def typed(self, name, types, type_name, required=False):
        value = self.raw(name, required)
        if value is MISSING or value is None:
            return value
        if not is_json_type(value, types):
            self.error(f"{name} must be {type_name}, not {json_type(value)}")
            return MISSING
        return value

    def text(self, name, required=False):
        value = self.typed(name, (str,), "a string", required)
        return "" if value is None else value

    def boolean(self, name, default):
        value = self.typed(name, (bool,), "true or false")
        return default if value is MISSING or value is None else value

    def integer(self, name):
        return self.typed(name, (int,), "a whole number")

    def date(self, name, required=False):
        value = self.typed(name, (str,), 'a date ("YYYY-MM-DD")', required)
        if not value:
            return value
        parsed = parse_iso_date(value)
        if parsed is None:
            self.error(f"{name}: '{value}' is not a valid date (YYYY-MM-DD)")
            return MISSING
        return parsed

    def moment(self, name):
        """A date or a date and time; a date alone means noon, local time."""
        value = self.typed(name, (str,), "a date or a date and time (ISO 8601)")
        if not value:
            return MISSING if value is MISSING else None
        moment = parse_moment(value)
        if moment is None:
            self.error(
                f"{name}: '{value}' is neither a date (YYYY-MM-DD) nor a date and time "
                "(YYYY-MM-DDTHH:MM:SS+01:00)"
            )
            return MISSING
        return moment

    def text_list(self, name, required=False):
        value = self.typed(name, (list,), "a list of strings", required)
        if value is None:
            return []
        if not value:
            return value
        if not all(isinstance(entry, str) for entry in value):
            self.error(f"{name} must be a list of strings")
            return MISSING
        return value if self.few_enough(name, value) else MISSING

    def object_list(self, name, required=False):
        value = self.typed(name, (list,), "a list of objects", required)
        if value is None:
            return []
        if not value:
            return value
        wrong = [str(index) for index, entry in enumerate(value) if not isinstance(entry, dict)]
        if wrong:
            self.error(f"{name}: items {', '.join(wrong)} must be objects")
            return MISSING
        return value

    def translatable(self, name, languages, required=False):
        """A string, or an object giving the text per language code."""
        value = self.typed(name, (str, dict), "a string or an object by language", required)
        if not isinstance(value, dict):
            return "" if value is None else value
        unknown = sorted(set(value) - set(languages))
        if unknown:
            self.error(
                f"{name}: unknown language {', '.join(repr(code) for code in unknown)} "
                f"(expected {', '.join(languages)})"
            )
            return MISSING
        if not all(isinstance(text, str) for text in value.values()):
            self.error(f"{name}: each translation must be a string")
            return MISSING
        return value

    def finish(self):
        for name in sorted(set(self.data) - self.read):
            self.error(f"unknown field '{name}'")


def is_json_type(value, types):
    """isinstance() that does not take true/false for a number."""
    return isinstance(value, types) and (bool in types or not isinstance(value, bool))


def json_type(value):
    return {
        bool: "true/false",
        int: "a whole number",
        float: "a decimal number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), "null")


def parse_iso_date(value):
    try:
        return datetime.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def parse_moment(value):
    date = parse_iso_date(value)
    if date is not None:
        return timezone.make_aware(datetime.datetime.combine(date, datetime.time(12)))
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
