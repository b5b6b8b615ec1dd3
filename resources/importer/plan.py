"""What validation hands to writing: every item of the file, checked, with
the references between items resolved. Nothing here touches the database."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..models import RESOURCE_KINDS

#: The "kind" of a resource in the file, and its page model: the models' own
#: ``resource_kind`` (documented in docs/import-format.md, so changing one
#: breaks existing files).
KINDS = RESOURCE_KINDS
KIND_OF_MODEL = {model: kind for kind, model in KINDS.items()}

if TYPE_CHECKING:
    from .validation.reader import ItemReader


class Missing:
    """Marks a field absent from the file: it is left as it is."""

    def __repr__(self):
        return "MISSING"

    def __bool__(self):
        return False


MISSING = Missing()


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
    reader: "ItemReader | None" = field(default=None, repr=False)

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
