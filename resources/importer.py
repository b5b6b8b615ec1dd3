"""Import resources, and the institutions, people and topics they name, from
a JSON file in the format that docs/import-format.md describes.

Two passes keep the import all-or-nothing:

1. `validate(data)` reads the whole file, checks every item against the
   models, the StreamField blocks and the database, and returns an
   `ImportPlan`. When anything is wrong it raises `InvalidImport`, which
   lists every problem with the item's position and key.
2. `ImportWriter(sections).write(plan)` creates or updates everything (run it
   inside one transaction), publishes the pages and indexes them for search.

Every item has a stable key (a resource its "key", an institution its name,
a person first name + last name + institution, a topic its slug and
language), so importing the same file again updates what the first import
created instead of duplicating it.
"""

import datetime
import decimal
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import get_language_info
from wagtail import blocks
from wagtail.blocks.base import get_error_json_data
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends_with_name

from community.models import (
    Audience,
    AudienceKind,
    Institution,
    InstitutionEmailDomain,
    Person,
    Platform,
    Topic,
    domain_validator,
)
from events.models import EventPage

from .import_text import (
    MAX_BLOCKS,
    MAX_FILE_BYTES,
    MAX_RICH_TEXT_LENGTH,
    check_plain_text,
    clean_rich_text,
)
from .models import (
    CaseStudyPage,
    GuidePage,
    JobProfilePage,
    RelatedJobProfile,
    TalkPage,
    TalkSpeaker,
)

FORMAT_VERSION = 1

#: The "kind" of a resource in the file, and its page model.
KINDS = {
    "guide": GuidePage,
    "talk": TalkPage,
    "job_profile": JobProfilePage,
    "case_study": CaseStudyPage,
}
KIND_OF_MODEL = {model: kind for kind, model in KINDS.items()}

TOP_LEVEL_LISTS = ("institutions", "topics", "people", "resources")
INSTITUTION_FIELDS = ("short_name", "kind", "country", "region", "city", "website")
PERSON_FIELDS = ("linkedin_url", "x_handle", "website")
#: Job-profile fields given as JSON arrays of strings and stored one per line.
JOB_PROFILE_LIST_FIELDS = (
    "synonyms",
    "missions",
    "activities",
    "hard_skills",
    "soft_skills",
    "tools",
    "interview_questions",
)


class Missing:
    """Marks a field absent from the file: it is left as it is."""

    def __repr__(self):
        return "MISSING"

    def __bool__(self):
        return False


MISSING = Missing()


def content_languages():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def language_name(code):
    return get_language_info(code)["name"]


# --- Problems ----------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, where it is and why."""

    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


class ImportFileError(Exception):
    """The file cannot be read as JSON at all."""


class InvalidImport(Exception):
    """The file has problems; nothing may be imported."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def load_file(path, max_bytes=MAX_FILE_BYTES):
    """The parsed JSON of `path`, or ImportFileError saying why not. A file
    over `max_bytes` is refused before it is read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportFileError(
                f"{path}: the file weighs {size / 1024 / 1024:.1f} MB; an import file may "
                f"weigh {max_bytes / 1024 / 1024:.0f} MB at most: split it into several files."
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ImportFileError(f"{path}: no such file.") from error
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path}: the file is not UTF-8 text.") from error
    except OSError as error:
        raise ImportFileError(f"{path}: cannot be read ({error.strerror}).") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{path}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}."
        ) from error
    except RecursionError as error:
        raise ImportFileError(f"{path}: the JSON is nested too deeply to be read.") from error


# --- Reading one item --------------------------------------------------------


class ItemReader:
    """Reads the fields of one item of the file.

    Each accessor checks the field's JSON type and records a problem instead
    of raising, so validation carries on and reports everything at once. It
    returns MISSING when the field is absent (or wrong). Fields that no
    accessor read are reported as unknown by `finish()`, which catches typos.
    """

    def __init__(self, data, where, problems):
        self.data = data
        self.where = where
        self.problems = problems
        self.read = set()

    def error(self, message):
        self.problems.append(Problem(self.where, message))

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


# --- The plan ----------------------------------------------------------------


@dataclass
class InstitutionPlan:
    name: str
    fields: dict
    domains: list


@dataclass
class TopicPlan:
    slug: str
    #: {language: (name, description or MISSING)}, the original language first
    translations: dict


@dataclass(frozen=True)
class PersonRef:
    """A person named by a resource: a key of the file's "people", or the
    translation key of a person already in CM Hub."""

    key: str = ""
    translation_key: object = None


@dataclass
class PersonPlan:
    key: str
    first_name: str
    last_name: str
    institution: str | None
    fields: dict
    role: object
    bio: object


@dataclass
class ResourcePlan:
    where: str
    kind: str
    model: type
    key: str
    language: str
    translation_of: str | None = None
    slug: str = ""
    slug_given: bool = False
    published: bool = True
    published_at: object = MISSING
    #: model field -> value, written as is
    fields: dict = field(default_factory=dict)
    institution: object = MISSING
    topics: object = MISSING
    platforms: object = MISSING
    audiences: object = MISSING
    author: object = MISSING
    speakers: object = MISSING
    related_profiles: object = MISSING
    #: reports the problems found when checking the file as a whole
    reader: ItemReader | None = field(default=None, repr=False)

    @property
    def is_original(self):
        return not self.translation_of


@dataclass
class ImportPlan:
    institutions: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    people: list = field(default_factory=list)
    resources: list = field(default_factory=list)
    #: Problems that did not stop the import (rich text the editor trimmed)
    notes: list = field(default_factory=list)


# --- Validation --------------------------------------------------------------


def validate(data):
    """Check the whole file; return its ImportPlan or raise InvalidImport.

    Django's own messages ("This field is required.") are given in English,
    like the rest of the report.
    """
    with translation.override("en"):
        return Validator(data).run()


@dataclass
class ExistingPage:
    model: type
    pk: int
    language: str
    title: str
    translation_key: object


class Validator:
    """Checks every item of a file and turns it into an ImportPlan.

    Each kind of item has its own routine (`validate_institution`,
    `validate_guide`, …); references between items are checked against the
    file first, then against the database.
    """

    def __init__(self, data):
        self.data = data
        self.problems = []
        #: what was changed without being wrong (markup the editor drops)
        self.notes = []
        self.languages = content_languages()
        self.default_language = settings.LANGUAGE_CODE
        self.plan = ImportPlan()
        # What the file defines, for references.
        self.institution_names = {}  # name -> position
        self.institution_short_names = defaultdict(set)
        self.domains = {}  # domain -> institution name
        self.topic_slugs = {}  # (slug, language) -> position
        self.people = {}  # key -> position
        self.person_identities = {}  # (first, last, institution) -> position

    def run(self):
        if not isinstance(self.data, dict):
            self.problems.append(Problem("file", "the top level must be a JSON object"))
            raise InvalidImport(self.problems)
        top = ItemReader(self.data, "file", self.problems)
        version = top.raw("version", required=True)
        if version is not MISSING and version != FORMAT_VERSION:
            top.error(f"version {version!r} is not supported (expected {FORMAT_VERSION})")
        lists = {name: top.object_list(name) or [] for name in TOP_LEVEL_LISTS}
        top.finish()

        for name, validate_item in (
            ("institutions", self.validate_institution),
            ("topics", self.validate_topic),
            ("people", self.validate_person),
            ("resources", self.validate_resource),
        ):
            for position, item in enumerate(lists[name]):
                if isinstance(item, dict):
                    validate_item(position, item)
                else:
                    self.problems.append(Problem(f"{name}[{position}]", "must be an object"))
        self.check_resources_together()

        if self.problems:
            raise InvalidImport(self.problems)
        self.plan.notes = self.notes
        return self.plan

    def reader(self, section, position, item, label):
        where = f"{section}[{position}]"
        if isinstance(item.get(label), str) and item[label]:
            name = item[label] if len(item[label]) <= 80 else item[label][:80] + "…"
            where += f" ({label} '{name}')"
        return ItemReader(item, where, self.problems)

    # --- model fields ---

    def clean_field(self, reader, model, name, value, json_name=None):
        """Clean `value` with the model field `name`, as a form would; return
        it or MISSING after recording the problem."""
        if value is MISSING:
            return MISSING
        model_field = model._meta.get_field(name)
        try:
            if isinstance(value, str):
                value = self.clean_text(reader, model_field, value, json_name or name)
            value = model_field.clean(value, None)
            if (
                isinstance(model_field, models.TextField)
                and model_field.max_length
                and len(value) > model_field.max_length
            ):
                raise ValidationError(
                    f"Ensure this value has at most {model_field.max_length} characters "
                    f"(it has {len(value)})."
                )
        except ValidationError as error:
            reader.error(f"{json_name or name}: {' '.join(error.messages)}")
            return MISSING
        return value

    def clean_text(self, reader, model_field, value, json_name):
        """Rich text as the page editor would save it; plain text without
        markup. Both within their length."""
        if isinstance(model_field, RichTextField):
            return self.clean_rich_text(reader, value, model_field.features, json_name)
        return check_plain_text(value)

    def clean_rich_text(self, reader, value, features, json_name):
        cleaned, removed = clean_rich_text(value, features)
        if removed:
            self.notes.append(
                Problem(
                    reader.where,
                    f"{json_name}: removed what the rich text editor does not allow: "
                    + ", ".join(f"<{name}>" for name in sorted(removed)),
                )
            )
        return cleaned

    def set_field(self, reader, plan, name, value, json_name=None):
        value = self.clean_field(reader, plan.model, name, value, json_name)
        if value is not MISSING:
            plan.fields[name] = value

    def lines(self, reader, name, required=False):
        """A JSON list of one-line strings, stored one per line."""
        items = reader.text_list(name, required)
        if not isinstance(items, list):
            return MISSING
        for position, item in enumerate(items):
            if "\n" in item or not item.strip():
                reader.error(f"{name}[{position}] must be one non-empty line")
                return MISSING
        return "\n".join(item.strip() for item in items)

    # --- institutions, topics, people ---

    def validate_institution(self, position, item):
        reader = self.reader("institutions", position, item, "name")
        name = reader.text("name", required=True)
        fields = {field_name: reader.text(field_name) for field_name in INSTITUTION_FIELDS}
        fields = {key: value for key, value in fields.items() if value is not MISSING}
        domains = reader.text_list("domains")
        reader.finish()
        if not name:
            return
        self.clean_field(reader, Institution, "name", name)
        for key, value in fields.items():
            self.clean_field(reader, Institution, key, value)
        if "kind" not in fields and not Institution.objects.filter(name=name).exists():
            reader.error("kind is required for a new institution")
        if name in self.institution_names:
            reader.error(
                f"institution '{name}' is already in institutions[{self.institution_names[name]}]"
            )
        self.institution_names[name] = position
        if fields.get("short_name"):
            self.institution_short_names[fields["short_name"]].add(name)

        clean_domains = []
        for domain in domains or []:
            domain = domain.strip().lower()
            try:
                domain_validator(domain)
            except ValidationError as error:
                reader.error(f"domains: '{domain}': {' '.join(error.messages)}")
                continue
            owner = self.domains.get(domain) or (
                InstitutionEmailDomain.objects.filter(domain=domain)
                .exclude(institution__name=name)
                .values_list("institution__name", flat=True)
                .first()
            )
            if owner and owner != name:
                reader.error(f"domains: '{domain}' already belongs to {owner}")
                continue
            self.domains[domain] = name
            clean_domains.append(domain)
        self.plan.institutions.append(InstitutionPlan(name, fields, clean_domains))

    def validate_topic(self, position, item):
        reader = self.reader("topics", position, item, "slug")
        slug = reader.text("slug", required=True)
        names = reader.translatable("name", self.languages, required=True)
        descriptions = reader.translatable("description", self.languages)
        language = reader.text("language")
        reader.finish()
        if not slug or not names:
            return
        self.clean_field(reader, Topic, "slug", slug)
        if isinstance(names, str):
            language = language or self.default_language
            if language not in self.languages:
                reader.error(f"language '{language}' is not one of {', '.join(self.languages)}")
                return
            if isinstance(descriptions, dict):
                reader.error("description must be a string when name is a string")
                return
            names = {language: names}
            descriptions = {language: descriptions} if descriptions is not MISSING else {}
        else:
            if language:
                reader.error("language goes with a name given as a string; leave it out")
            descriptions = descriptions or {}
            if isinstance(descriptions, str):
                reader.error("description must be an object by language when name is one")
                return
            extra = sorted(set(descriptions) - set(names))
            if extra:
                reader.error(f"description: no name in {', '.join(extra)}")
        translations = {}
        for language in sorted(names, key=lambda code: code != self.default_language):
            self.clean_field(reader, Topic, "name", names[language], json_name=f"name.{language}")
            self.clean_field(
                reader,
                Topic,
                "description",
                descriptions.get(language, MISSING),
                json_name=f"description.{language}",
            )
            if (slug, language) in self.topic_slugs:
                reader.error(
                    f"topic '{slug}' in {language_name(language)} is already in "
                    f"topics[{self.topic_slugs[slug, language]}]"
                )
            self.topic_slugs[slug, language] = position
            translations[language] = (names[language], descriptions.get(language, MISSING))
        self.plan.topics.append(TopicPlan(slug, translations))

    def validate_person(self, position, item):
        reader = self.reader("people", position, item, "key")
        key = reader.text("key", required=True)
        first_name = reader.text("first_name", required=True)
        last_name = reader.text("last_name", required=True)
        institution = reader.text("institution")
        institution = self.resolve_institution(reader, institution) if institution else None
        role = reader.translatable("role", self.languages)
        bio = reader.translatable("bio", self.languages)
        fields = {field_name: reader.text(field_name) for field_name in PERSON_FIELDS}
        fields = {key: value for key, value in fields.items() if value is not MISSING}
        reader.finish()
        for name, value in (("first_name", first_name), ("last_name", last_name), *fields.items()):
            self.clean_field(reader, Person, name, value)
        role, bio = (
            self.clean_translatable(reader, Person, name, value)
            for name, value in (("role", role), ("bio", bio))
        )
        if not (key and first_name and last_name) or institution is MISSING:
            return
        if key in self.people:
            reader.error(f"key '{key}' is already used by people[{self.people[key]}]")
        identity = (first_name.casefold(), last_name.casefold(), institution)
        if identity in self.person_identities:
            reader.error(
                f"{first_name} {last_name} is already in people[{self.person_identities[identity]}]"
            )
        self.people[key] = position
        self.person_identities[identity] = position
        self.plan.people.append(
            PersonPlan(key, first_name, last_name, institution, fields, role, bio)
        )

    def clean_translatable(self, reader, model, name, value):
        """A text given by language, each translation cleaned by the field."""
        if not isinstance(value, dict):
            return self.clean_field(reader, model, name, value)
        return {
            language: self.clean_field(reader, model, name, text, json_name=f"{name}.{language}")
            for language, text in value.items()
        }

    # --- references ---

    def resolve_institution(self, reader, ref, json_name="institution"):
        """The full name of the institution named by `ref` (its name or
        short name, in the file or in CM Hub); None for no institution."""
        if ref is MISSING:
            return MISSING
        if not ref:
            return None
        if ref in self.institution_names:
            return ref
        names = set(self.institution_short_names.get(ref, ()))
        if not names:
            if Institution.objects.filter(name=ref).exists():
                return ref
            names = set(Institution.objects.filter(short_name=ref).values_list("name", flat=True))
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

    def resolve_person(self, reader, ref, json_name):
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

    def resolve_media(self, reader, model, title, json_name):
        ids = list(model.objects.filter(title=title).values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            return ids[0]
        what = model._meta.verbose_name
        if ids:
            reader.error(f"{json_name}: several {what}s are titled '{title}'")
        else:
            reader.error(f"{json_name}: no {what} titled '{title}' in the library")
        return MISSING

    def check_references(self, reader, name, values, known, what):
        """The values without repeats, or MISSING when one is unknown."""
        if not isinstance(values, list):
            return MISSING
        unknown = [value for value in values if value not in known]
        for value in unknown:
            reader.error(f"{name}: no {what.format(value=value)}")
        return MISSING if unknown else list(dict.fromkeys(values))

    # --- StreamFields ---

    def read_stream(self, reader, plan, name, block_type=None, required=False):
        """Turn a JSON list of blocks into the field's raw stream data and
        validate it with the StreamBlock's own clean()."""
        items = reader.object_list(name, required)
        if not isinstance(items, list) or not reader.few_enough(name, items):
            return
        stream_block = plan.model._meta.get_field(name).stream_block
        raw = []
        ok = True
        for position, item in enumerate(items):
            where = f"{name}[{position}]"
            data = dict(item)
            type_name = block_type or data.pop("type", None)
            child = stream_block.child_blocks.get(type_name)
            if child is None:
                expected = ", ".join(stream_block.child_blocks)
                reader.error(
                    f"{where}: block type {type_name!r} is unknown (expected one of: {expected})"
                    if type_name
                    else f"{where}: type is required (one of: {expected})"
                )
                ok = False
                continue
            if isinstance(child, blocks.StructBlock):
                value = self.block_value(reader, child, data, where)
            else:
                unknown = sorted(set(data) - {"value"})
                for key in unknown:
                    reader.error(f"{where}: unknown field '{key}' (this block takes 'value')")
                value = self.block_value(reader, child, data.get("value"), f"{where}.value")
                value = MISSING if unknown else value
            if value is MISSING or not self.clean_block(reader, child, value, where):
                ok = False
            raw.append({"type": type_name, "value": value})
        # The stream's own rules (required, number of blocks) once its blocks are right.
        if ok and self.clean_block(reader, stream_block, raw, name):
            plan.fields[name] = raw

    def clean_block(self, reader, block, value, where):
        """Validate a raw value with the block's to_python() and clean(), as
        the admin does on save; report each message at its place."""
        try:
            block.clean(block.to_python(value))
        except ValidationError as error:
            for message in flatten_block_errors(get_error_json_data(error), where):
                reader.error(message)
            return False
        except (TypeError, ValueError, ArithmeticError) as error:
            reader.error(f"{where}: invalid value ({error})")
            return False
        return True

    def block_value(self, reader, block, value, where):
        """The raw value of one block from its JSON, type-checked, with images
        and documents looked up by title; MISSING after a problem."""
        if value is None:
            return None
        if isinstance(block, blocks.StructBlock):
            if not isinstance(value, dict):
                reader.error(f"{where} must be an object")
                return MISSING
            result = {}
            for key in sorted(set(value) - set(block.child_blocks)):
                reader.error(f"{where}: unknown field '{key}'")
                result = MISSING
            for key, child in block.child_blocks.items():
                if key in value:
                    child_value = self.block_value(reader, child, value[key], f"{where}.{key}")
                    if child_value is MISSING or result is MISSING:
                        result = MISSING
                    else:
                        result[key] = child_value
            return result
        if isinstance(block, blocks.ListBlock):
            if not isinstance(value, list):
                reader.error(f"{where} must be a list")
                return MISSING
            if not reader.few_enough(where, value):
                return MISSING
            items = [
                self.block_value(reader, block.child_block, item, f"{where}[{position}]")
                for position, item in enumerate(value)
            ]
            return MISSING if MISSING in items else items
        if isinstance(block, blocks.BaseStreamBlock):
            reader.error(f"{where}: nested streams cannot be imported")
            return MISSING
        if isinstance(block, (ImageChooserBlock, DocumentChooserBlock)):
            if not isinstance(value, str):
                reader.error(f"{where} must be the title of an item of the library")
                return MISSING
            model = get_image_model() if isinstance(block, ImageChooserBlock) else None
            return self.resolve_media(reader, model or get_document_model(), value, where)
        if isinstance(block, blocks.BooleanBlock):
            expected, types = "true or false", (bool,)
        elif isinstance(block, (blocks.DecimalBlock, blocks.FloatBlock, blocks.IntegerBlock)):
            expected, types = "a number", (int, float, str)
        else:
            expected, types = "a string", (str,)
        if not is_json_type(value, types):
            reader.error(f"{where} must be {expected}, not {json_type(value)}")
            return MISSING
        if isinstance(value, str):
            try:
                if isinstance(block, blocks.RichTextBlock):
                    return self.clean_rich_text(reader, value, block.features, where)
                check_plain_text(value)
            except ValidationError as error:
                reader.error(f"{where}: {' '.join(error.messages)}")
                return MISSING
        if isinstance(block, blocks.DateBlock) and parse_iso_date(value) is None:
            reader.error(f"{where}: '{value}' is not a valid date (YYYY-MM-DD)")
            return MISSING
        if isinstance(block, blocks.DecimalBlock):
            try:
                return str(decimal.Decimal(str(value)))
            except decimal.InvalidOperation:
                reader.error(f"{where}: '{value}' is not a number")
                return MISSING
        return value

    # --- resources ---

    def validate_resource(self, position, item):
        reader = self.reader("resources", position, item, "key")
        kind = reader.text("kind", required=True)
        key = reader.text("key", required=True)
        language = reader.text("language", required=True)
        if kind and kind not in KINDS:
            reader.error(f"kind '{kind}' is unknown (expected one of: {', '.join(KINDS)})")
        if language and language not in self.languages:
            reader.error(f"language '{language}' is not one of {', '.join(self.languages)}")
        if key:
            self.clean_field(reader, GuidePage, "import_key", key, json_name="key")
        if not (kind in KINDS and key and language in self.languages):
            return  # the kind-specific fields cannot be checked, nor the rest reported
        plan = ResourcePlan(
            where=reader.where, kind=kind, model=KINDS[kind], key=key, language=language
        )
        plan.translation_of = reader.text("translation_of") or None
        self.validate_common_fields(reader, plan)
        getattr(self, f"validate_{kind}")(reader, plan)
        reader.finish()
        plan.reader = reader
        self.plan.resources.append(plan)

    def validate_common_fields(self, reader, plan):
        title = reader.text("title", required=True)
        self.set_field(reader, plan, "title", title)
        # A slug made from the title is only used for a new page, so that
        # correcting a title later does not change the page's address.
        given_slug = reader.text("slug")
        plan.slug_given = bool(given_slug)
        slug = given_slug or (slugify(title) if title else "")
        if title and not slug:
            reader.error("slug cannot be made from the title; give one")
        plan.slug = self.clean_field(reader, plan.model, "slug", slug) or ""
        self.set_field(reader, plan, "summary", reader.text("summary", required=True))

        plan.institution = self.resolve_institution(reader, reader.text("institution"))
        topics = reader.text_list("topics")
        known_topics = {slug for slug, language in self.topic_slugs if language == plan.language}
        known_topics |= set(
            Topic.objects.filter(locale__language_code=plan.language).values_list("slug", flat=True)
        )
        plan.topics = self.check_references(
            reader,
            "topics",
            topics,
            known_topics,
            f"topic '{{value}}' in {language_name(plan.language)} in the file or in CM Hub",
        )
        plan.platforms = self.check_references(
            reader,
            "platforms",
            reader.text_list("platforms"),
            set(Platform.objects.values_list("slug", flat=True)),
            "platform with the slug '{value}'",
        )
        plan.audiences = self.check_references(
            reader,
            "audiences",
            reader.text_list("audiences"),
            set(Audience.objects.values_list("kind", flat=True)),
            "audience '{value}' (expected: " + ", ".join(AudienceKind.values) + ")",
        )
        plan.published = reader.boolean("published", default=True)
        plan.published_at = reader.moment("published_at")

    def validate_guide(self, reader, plan):
        self.set_field(reader, plan, "difficulty", reader.text("difficulty"))
        self.set_field(reader, plan, "estimated_minutes", reader.integer("estimated_minutes"))
        self.set_field(reader, plan, "last_reviewed", reader.date("last_reviewed"))
        author = reader.text("author")
        if author:
            plan.author = self.resolve_person(reader, author, "author")
        elif author == "":
            plan.author = None
        self.read_stream(reader, plan, "body", required=plan.is_original)

    def validate_talk(self, reader, plan):
        self.set_field(reader, plan, "date", reader.date("date", required=plan.is_original))
        for name in ("format", "career_path", "organisation", "advice", "video_url"):
            self.set_field(reader, plan, name, reader.text(name))
        self.set_field(reader, plan, "key_takeaways", self.lines(reader, "key_takeaways"))
        self.read_stream(reader, plan, "questions", block_type="qa")
        speakers = reader.text_list("speakers", required=plan.is_original)
        if isinstance(speakers, list):
            if not speakers:
                reader.error("speakers: give at least one speaker")
            refs = [self.resolve_person(reader, ref, "speakers") for ref in speakers]
            plan.speakers = MISSING if MISSING in refs else refs
        event = reader.text("event")
        if event:
            plan.fields["event_id"] = self.resolve_event(reader, event, plan.language)
        elif event == "":
            plan.fields["event_id"] = None
        slides = reader.text("slides")
        if slides:
            plan.fields["slides_id"] = self.resolve_media(
                reader, get_document_model(), slides, "slides"
            )
        elif slides == "":
            plan.fields["slides_id"] = None

    def resolve_event(self, reader, slug, language):
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

    def validate_job_profile(self, reader, plan):
        for name in JOB_PROFILE_LIST_FIELDS:
            required = name == "missions" and plan.is_original
            self.set_field(reader, plan, name, self.lines(reader, name, required))
        for name in (
            "experience_level",
            "education",
            "salary_currency",
            "salary_region",
            "career_path",
            "source",
            "source_url",
        ):
            self.set_field(reader, plan, name, reader.text(name))
        self.set_field(reader, plan, "salary_min", reader.integer("salary_min"))
        self.set_field(reader, plan, "salary_max", reader.integer("salary_max"))
        self.set_field(reader, plan, "source_date", reader.date("source_date"))
        low, high = plan.fields.get("salary_min"), plan.fields.get("salary_max")
        if low and high and low > high:  # what JobProfilePage.clean() refuses on save
            reader.error("salary_max must not be below salary_min")
        plan.related_profiles = reader.text_list("related_profiles")

    def validate_case_study(self, reader, plan):
        # "case_kind" in the file: "kind" already says which kind of resource it is.
        case_kind = reader.text("case_kind", required=plan.is_original)
        self.set_field(reader, plan, "kind", case_kind, json_name="case_kind")
        self.set_field(reader, plan, "context", reader.text("context", required=plan.is_original))
        self.set_field(reader, plan, "lessons", reader.text("lessons"))
        self.read_stream(reader, plan, "timeline", block_type="step")
        self.read_stream(reader, plan, "results", block_type="figure")

    # --- checks across resources ---

    def check_resources_together(self):
        """Keys, translations, related profiles and slugs, across the file
        and against what CM Hub already holds."""
        resources = self.plan.resources
        by_key = {}
        for plan in resources:
            if plan.key in by_key:
                plan.reader.error(f"key '{plan.key}' is already used by {by_key[plan.key].where}")
            else:
                by_key[plan.key] = plan
        keys = set(by_key) | {plan.translation_of for plan in resources if plan.translation_of}
        for plan in resources:
            if isinstance(plan.related_profiles, list):
                keys |= set(plan.related_profiles)
        existing = existing_pages(keys)

        translated = {}
        slugs = {}
        for plan in resources:
            reader = plan.reader
            found = existing.get(plan.key)
            if found and found.model is not plan.model:
                reader.error(
                    f"key '{plan.key}' belongs to the {KIND_OF_MODEL[found.model]} "
                    f"'{found.title}' in CM Hub; a resource cannot change kind"
                )
                continue
            if found and found.language != plan.language:
                reader.error(
                    f"key '{plan.key}' belongs to '{found.title}', in "
                    f"{language_name(found.language)} in CM Hub; a resource cannot change language"
                )
                continue
            source_key = self.check_translation(plan, by_key, existing, translated)
            self.check_related_profiles(plan, by_key, existing)
            self.check_slug(plan, found, existing.get(source_key), slugs)

    def check_translation(self, plan, by_key, existing, translated):
        if not plan.translation_of:
            return None
        reader, source_key = plan.reader, plan.translation_of
        source = by_key.get(source_key) or existing.get(source_key)
        if source is None:
            reader.error(f"translation_of: no resource has the key '{source_key}'")
            return None
        source_model = source.model
        if source_model is not plan.model:
            reader.error(
                f"translation_of: '{source_key}' is a {KIND_OF_MODEL[source_model]}, "
                f"not a {plan.kind}"
            )
        if source.language == plan.language:
            reader.error(
                f"translation_of: '{source_key}' is already in {language_name(plan.language)}"
            )
        if isinstance(source, ResourcePlan) and source.translation_of:
            reader.error(
                f"translation_of: '{source_key}' is itself a translation; name the original"
            )
        if (source_key, plan.language) in translated:
            reader.error(
                f"translation_of: {translated[source_key, plan.language]} already translates "
                f"'{source_key}' into {language_name(plan.language)}"
            )
        translated[source_key, plan.language] = plan.where
        stored = existing.get(source_key)
        if stored is not None:
            other = (
                plan.model.objects.filter(
                    translation_key=stored.translation_key, locale__language_code=plan.language
                )
                .exclude(import_key__in=["", plan.key])
                .values_list("import_key", flat=True)
                .first()
            )
            if other:
                reader.error(
                    f"translation_of: '{source_key}' already has a translation in "
                    f"{language_name(plan.language)}, with the key '{other}'"
                )
        return source_key

    def check_related_profiles(self, plan, by_key, existing):
        if not plan.related_profiles:
            return
        for key in plan.related_profiles:
            target = by_key.get(key) or existing.get(key)
            if key == plan.key:
                plan.reader.error("related_profiles: a job profile cannot relate to itself")
            elif target is None:
                plan.reader.error(f"related_profiles: no resource has the key '{key}'")
            elif target.model is not JobProfilePage:
                plan.reader.error(f"related_profiles: '{key}' is not a job profile")

    def check_slug(self, plan, found, source, slugs):
        """The slug must be free among the page's future siblings."""
        if not plan.slug or found and not plan.slug_given:
            return
        place = (plan.model, plan.language, plan.slug)
        if place in slugs:
            plan.reader.error(f"slug '{plan.slug}' is already used by {slugs[place]}")
            return
        slugs[place] = plan.where
        if found:
            parent = Page.objects.get(pk=found.pk).get_parent()
        else:
            section_model = plan.model.allowed_parent_page_models()[0]
            parent = section_model.objects.filter(locale__language_code=plan.language).first()
        if parent is None:
            return
        siblings = Page.objects.child_of(parent).filter(slug=plan.slug)
        if found:
            siblings = siblings.exclude(pk=found.pk)
        elif source is not None:  # a translation made in the admin is taken over
            siblings = siblings.exclude(translation_key=source.translation_key)
        taken = siblings.specific().first()
        if taken is not None and getattr(taken, "import_key", "") != plan.key:
            plan.reader.error(
                f"slug '{plan.slug}' is already used by '{taken.title}' in "
                f"{language_name(plan.language)}"
            )


def existing_pages(keys):
    """The resources already in CM Hub with these import keys, by key."""
    found = {}
    if not keys:
        return found
    for model in KINDS.values():
        for pk, key, language, title, translation_key in model.objects.filter(
            import_key__in=keys
        ).values_list("pk", "import_key", "locale__language_code", "title", "translation_key"):
            found[key] = ExistingPage(model, pk, language, title, translation_key)
    return found


def normalise_name(name):
    return " ".join(name.split()).casefold()


def flatten_block_errors(data, path):
    """Error messages of a block's get_error_json_data(), one per line,
    each with the path of the block in the file ("body[2].title")."""
    for message in data.get("messages", []):
        yield f"{path}: {message}"
    children = data.get("blockErrors") or {}
    if isinstance(children, list):
        children = dict(enumerate(children))
    for name, child in children.items():
        if child:
            child_path = f"{path}[{name}]" if isinstance(name, int) else f"{path}.{name}"
            yield from flatten_block_errors(child, child_path)


# --- Writing -----------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did: {(what, "created"|"updated"): count}."""

    counts: Counter = field(default_factory=Counter)

    def count(self, what, created):
        self.counts[what, "created" if created else "updated"] += 1

    def summary(self):
        parts = []
        for what in ("resources", "institutions", "people", "topics"):
            created, updated = self.counts[what, "created"], self.counts[what, "updated"]
            if created or updated:
                parts.append(f"{what}: {created} created, {updated} updated")
        return "; ".join(parts) or "nothing to import"


class ImportWriter:
    """Writes a validated ImportPlan. Run it inside one transaction: it
    writes in several steps and trusts the plan's validation.

    `sections` is what `resources.tree.ensure_resource_sections()` returns:
    new resources go under their kind's section in their language.
    """

    def __init__(self, sections, report=None):
        self.sections = sections
        self.report = report or (lambda line: None)
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.default_language = settings.LANGUAGE_CODE
        self.result = ImportResult()
        self.people = {}  # key in the file -> Person in the default language
        self.pages = {}  # import key -> page written by this import

    def write(self, plan):
        for item in plan.institutions:
            self.write_institution(item)
        for item in plan.topics:
            self.write_topic(item)
        for item in plan.people:
            self.write_person(item)
        # Originals first, so that each translation finds the page it translates.
        resources = sorted(plan.resources, key=lambda item: not item.is_original)
        pending_links = []
        for number, item in enumerate(resources, start=1):
            page, outcome, missing_links = self.write_resource(item)
            self.pages[item.key] = page
            if missing_links:
                pending_links.append(item)
            self.report(f"[{number}/{len(resources)}] {item.kind} {item.key} … {outcome}")
        for item in pending_links:
            self.link_related_profiles(item)
        self.index_pages()
        return self.result

    # --- institutions, topics, people ---

    def write_institution(self, item):
        institution, created = Institution.objects.update_or_create(
            name=item.name, defaults=item.fields
        )
        for position, domain in enumerate(item.domains):
            InstitutionEmailDomain.objects.update_or_create(
                domain=domain, defaults={"institution": institution, "sort_order": position}
            )
        self.result.count("institutions", created)

    def write_topic(self, item):
        original = None
        for language, (name, description) in item.translations.items():
            locale = self.locales[language]
            topic = Topic.objects.filter(slug=item.slug, locale=locale).first()
            if topic is None and original is not None:
                topic = Topic.objects.filter(
                    translation_key=original.translation_key, locale=locale
                ).first() or original.copy_for_translation(locale)
            created = topic is None or topic.pk is None
            topic = topic or Topic(slug=item.slug, locale=locale)
            if original is not None and topic.translation_key != original.translation_key:
                taken = Topic.objects.filter(
                    translation_key=original.translation_key, locale=locale
                ).exists()
                if not taken:
                    topic.translation_key = original.translation_key
            topic.slug = item.slug
            topic.name = name
            if description is not MISSING:
                topic.description = description
            topic.save()
            original = original or topic
            self.result.count("topics", created)

    def write_person(self, item):
        institution = Institution.objects.get(name=item.institution) if item.institution else None
        original, created = Person.objects.get_or_create(
            first_name=item.first_name,
            last_name=item.last_name,
            institution=institution,
            locale=self.locales[self.default_language],
        )
        for language, locale in self.locales.items():
            if language == self.default_language:
                person = original
            else:
                person = Person.objects.filter(
                    translation_key=original.translation_key, locale=locale
                ).first() or original.copy_for_translation(locale)
                person.first_name, person.last_name = item.first_name, item.last_name
                person.institution = institution
            for name, value in item.fields.items():
                setattr(person, name, value)
            for name in ("role", "bio"):
                text = translated_text(getattr(item, name), language)
                if text is not MISSING:
                    setattr(person, name, text)
            person.save()
        self.people[item.key] = original
        self.result.count("people", created)

    def person(self, ref, locale):
        """The person `ref` names, in `locale` when translated."""
        translation_key = self.people[ref.key].translation_key if ref.key else ref.translation_key
        people = Person.objects.filter(translation_key=translation_key)
        return people.filter(locale=locale).first() or people.first()

    # --- resources ---

    def write_resource(self, item):
        """Create or update one page; return it, what happened and whether
        some related profiles wait for pages written later."""
        locale = self.locales[item.language]
        page = item.model.objects.filter(import_key=item.key).first()
        outcome = "updated"
        if page is None and item.translation_of:
            page, outcome = self.start_translation(item, locale)
        elif page is None:
            page = item.model(locale=locale, live=False)
            outcome = "created"
        if outcome == "updated" and page.has_unpublished_changes:
            page = page.get_latest_revision_as_object()  # build on the draft, not the live one

        for name, value in item.fields.items():
            setattr(page, name, value)
        if item.slug_given or outcome == "created":
            page.slug = item.slug
        self.set_relations(page, item, locale)
        missing_links = self.set_related_profiles(page, item)
        page.import_key = item.key

        if page.pk is None:
            self.sections[item.model.allowed_parent_page_models()[0], item.language].add_child(
                instance=page
            )
        revision = page.save_revision()
        if item.published:
            revision.publish()
        # A draft keeps its fields in the revision: store the key on the page now.
        item.model.objects.filter(pk=page.pk).update(import_key=item.key)
        if item.published and item.published_at:
            Page.objects.filter(pk=page.pk).update(first_published_at=item.published_at)
        self.result.count("resources", outcome == "created")
        return page, outcome if item.published else f"{outcome} (draft)", missing_links

    def start_translation(self, item, locale):
        source = self.pages.get(item.translation_of) or item.model.objects.get(
            import_key=item.translation_of
        )
        page = item.model.objects.filter(
            translation_key=source.translation_key, locale=locale
        ).first()
        if page is not None:  # translated in the admin: the import takes it over
            return page, "updated"
        source = item.model.objects.get(pk=source.pk)
        page = source.copy_for_translation(locale)
        self.localise_people(page, locale)
        return page, "created"

    def set_relations(self, page, item, locale):
        if item.institution is not MISSING:
            page.institution = (
                Institution.objects.get(name=item.institution) if item.institution else None
            )
        if item.topics is not MISSING:
            page.topics = list(Topic.objects.filter(locale=locale, slug__in=item.topics))
        if item.platforms is not MISSING:
            page.platforms = list(Platform.objects.filter(slug__in=item.platforms))
        if item.audiences is not MISSING:
            page.audiences = list(Audience.objects.filter(kind__in=item.audiences))
        if item.author is not MISSING:
            page.author = self.person(item.author, locale) if item.author else None
        if item.speakers is not MISSING:
            page.speakers = [
                TalkSpeaker(person=self.person(ref, locale), sort_order=position)
                for position, ref in enumerate(item.speakers)
            ]

    def localise_people(self, page, locale):
        """A translation copies the original's people: use their translations."""
        if isinstance(page, TalkPage):
            page.speakers = [
                TalkSpeaker(
                    person=self.person(PersonRef(translation_key=s.person.translation_key), locale),
                    sort_order=s.sort_order,
                )
                for s in page.speakers.all()
            ]
        if isinstance(page, GuidePage) and page.author:
            ref = PersonRef(translation_key=page.author.translation_key)
            page.author = self.person(ref, locale)

    def set_related_profiles(self, page, item):
        """Link the profiles already written; True when some are not yet."""
        if not item.related_profiles:
            if item.related_profiles == []:
                page.related_profiles = []
            return False
        targets = [self.job_profile_id(key) for key in item.related_profiles]
        page.related_profiles = [
            RelatedJobProfile(profile_id=target, sort_order=position)
            for position, target in enumerate(targets)
            if target is not None
        ]
        return None in targets

    def job_profile_id(self, key):
        if key in self.pages:
            return self.pages[key].pk
        return JobProfilePage.objects.filter(import_key=key).values_list("pk", flat=True).first()

    def link_related_profiles(self, item):
        """Second pass for profiles that name profiles written after them."""
        page = JobProfilePage.objects.get(pk=self.pages[item.key].pk)
        page = page.get_latest_revision_as_object()
        self.set_related_profiles(page, item)
        revision = page.save_revision()
        if item.published:
            revision.publish()

    # --- search ---

    def index_pages(self):
        """Index every page written, in every search backend.

        Wagtail's signal handlers index a page as it is saved, before its
        speakers and topics are stored, and the task queue may run later:
        indexing once everything is written makes search right at once.
        """
        by_model = defaultdict(list)
        for page in self.pages.values():
            by_model[type(page)].append(page.pk)
        for backend_name, backend in get_search_backends_with_name():
            for model, pks in by_model.items():
                pages = list(model.objects.filter(pk__in=pks))
                try:
                    backend.add_bulk(model, pages)
                except Exception:
                    if not backend.catch_indexing_errors:
                        raise
                    self.report(
                        f"Search backend '{backend_name}' could not index "
                        f"{len(pages)} {model._meta.verbose_name_plural}: "
                        "run `manage.py update_index`."
                    )


def translated_text(value, language):
    """The text for `language` of a field given as a string (every
    language) or an object by language; MISSING when not given."""
    if isinstance(value, dict):
        return value.get(language, MISSING)
    return value


def import_file(path, sections, report=None):
    """Validate then write the file at `path`; the caller holds the transaction."""
    plan = validate(load_file(path))
    return ImportWriter(sections, report=report).write(plan)
