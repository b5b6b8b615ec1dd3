"""References between items: what the file defines, under the names other
items use for it, and the look-ups in CM Hub of what it does not define."""

from collections import defaultdict
from functools import cached_property

from community.models import Institution, Person, Topic
from events.models import EventPage

from ..plan import MISSING, PersonRef


class FileIndex:
    """What the file defines, filled as its items are validated, and the
    references of later items resolved against it, then against CM Hub."""

    def __init__(self):
        self.institution_names = {}  # name -> position
        self.institution_short_names = defaultdict(set)
        self.domains = {}  # domain -> institution name
        self.topic_slugs = {}  # (slug, language) -> position
        self.people = {}  # key -> position
        self.person_identities = {}  # (first, last, institution) -> position

    def institution(self, reader, ref, json_name="institution"):
        """The full name of the institution named by `ref` (its name or
        short name, in the file or in CM Hub); None for no institution."""
        if ref is MISSING:
            return MISSING
        if not ref:
            return None
        if ref in self.institution_names:
            return ref
        names = self.institutions_called(ref)
        if len(names) == 1:
            return names.pop()
        if names:
            reader.error(
                f"{json_name}: '{ref}' is the short name of several institutions "
                f"({', '.join(sorted(names))}); use the full name"
            )
        else:
            reader.error(f"{json_name}: no institution named '{ref}' in the file or in CM Hub")
        return MISSING

    def institutions_called(self, ref):
        """The names of the institutions whose short name in the file is
        `ref`; else the one in CM Hub named `ref`, or those it is the short
        name of."""
        names = set(self.institution_short_names.get(ref, ()))
        if names:
            return names
        if Institution.objects.filter(name=ref).exists():
            return {ref}
        return set(Institution.objects.filter(short_name=ref).values_list("name", flat=True))

    def person(self, reader, ref, json_name):
        """The person `ref` names: a key of the file's people, or the full
        name of one person in CM Hub."""
        if ref in self.people:
            return PersonRef(key=ref)
        matches = self.people_in_database.get(normalise_name(ref), set())
        if len(matches) == 1:
            return PersonRef(translation_key=next(iter(matches)))
        if matches:
            reader.error(
                f"{json_name}: several people in CM Hub are called '{ref}'; describe the "
                'person in "people" and use their key'
            )
        else:
            reader.error(
                f"{json_name}: '{ref}' is neither the key of a person in \"people\" nor "
                "the name of a person in CM Hub"
            )
        return MISSING

    @cached_property
    def people_in_database(self):
        """{normalised full name: translation keys} of the people in CM Hub."""
        names = defaultdict(set)
        for first, last, translation_key in Person.objects.values_list(
            "first_name", "last_name", "translation_key"
        ):
            names[normalise_name(f"{first} {last}")].add(translation_key)
        return names

    def topic_slugs_in(self, language):
        """The slugs of the topics in `language`, in the file or in CM Hub."""
        known = {slug for slug, topic_language in self.topic_slugs if topic_language == language}
        return known | set(
            Topic.objects.filter(locale__language_code=language).values_list("slug", flat=True)
        )


def normalise_name(name):
    return " ".join(name.split()).casefold()


def check_references(reader, name, values, known, what):
    """The values without repeats, or MISSING when one is unknown."""
    if not isinstance(values, list):
        return MISSING
    unknown = [value for value in values if value not in known]
    for value in unknown:
        reader.error(f"{name}: no {what.format(value=value)}")
    return MISSING if unknown else list(dict.fromkeys(values))


def resolve_media(reader, model, title, json_name):
    """The id of the image or document of the library titled `title`."""
    ids = list(model.objects.filter(title=title).values_list("pk", flat=True)[:2])
    if len(ids) == 1:
        return ids[0]
    what = model._meta.verbose_name
    if ids:
        reader.error(f"{json_name}: several {what}s are titled '{title}'")
    else:
        reader.error(f"{json_name}: no {what} titled '{title}' in the library")
    return MISSING


def resolve_event(reader, slug, language):
    """The event page a talk was given at, by its slug in the talk's language."""
    event_id = (
        EventPage.objects.filter(slug=slug, locale__language_code=language)
        .values_list("pk", flat=True)
        .first()
    )
    if event_id is None:
        reader.error(f"event: no event page has the slug '{slug}' in language '{language}'")
        return MISSING
    return event_id
