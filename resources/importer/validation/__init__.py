"""Validation of a whole import file, before anything is written.

`validate(data)` checks every item against its model, its StreamField
blocks and the database, and returns an ImportPlan. When anything is wrong
it raises InvalidImport, which lists every problem with the item's position
and key. One module per part of the file:

- `reader`: the JSON type of each field, and the problems found;
- `fields`: values cleaned by the model fields they are written to;
- `text`: rich text as the editor saves it, plain text without markup;
- `references`: what the file defines, and look-ups in CM Hub;
- `community`: institutions, topics and people;
- `resources` and `streams`: each resource, and its StreamFields' blocks;
- `together`: checks across resources (keys, translations, slugs).
"""

from django.utils import translation

from ..plan import MISSING, ImportPlan
from .community import validate_institution, validate_person, validate_topic
from .reader import InvalidImport, ItemReader, Problem
from .references import FileIndex
from .resources import validate_resource
from .together import ResourceSet

__all__ = ["InvalidImport", "Problem", "validate"]

FORMAT_VERSION = 1

#: The lists of the file, in the order they are checked (and written): an
#: item may name the items of the lists before its own. For each, the field
#: that names an item in the report, and what checks an item.
TOP_LEVEL_LISTS = {
    "institutions": ("name", validate_institution),
    "topics": ("slug", validate_topic),
    "people": ("key", validate_person),
    "resources": ("key", lambda reader, _position, index: validate_resource(reader, index)),
}


def validate(data):
    """Check the whole file; return its ImportPlan or raise InvalidImport.

    Django's own messages ("This field is required.") are given in English,
    like the rest of the report.
    """
    with translation.override("en"):
        return Validator(data).run()


class Validator:
    """Checks every item of a file and turns it into an ImportPlan."""

    def __init__(self, data):
        self.data = data
        self.problems = []
        #: what was changed without being wrong (markup the editor drops)
        self.notes = []
        self.plan = ImportPlan()
        self.index = FileIndex()

    def run(self):
        if not isinstance(self.data, dict):
            self.problems.append(Problem("file", "the top level must be a JSON object"))
            raise InvalidImport(self.problems)
        lists = self.read_top_level()
        for name in TOP_LEVEL_LISTS:
            for position, item in enumerate(lists[name]):
                self.validate_item(name, position, item)
        ResourceSet(self.plan.resources).check()
        if self.problems:
            raise InvalidImport(self.problems)
        self.plan.notes = self.notes
        return self.plan

    def read_top_level(self):
        """The version and the lists of the file, by name."""
        top = ItemReader(self.data, "file", self.problems, self.notes)
        version = top.raw("version", required=True)
        if version is not MISSING and version != FORMAT_VERSION:
            top.error(f"version {version!r} is not supported (expected {FORMAT_VERSION})")
        lists = {name: top.object_list(name) or [] for name in TOP_LEVEL_LISTS}
        top.finish()
        return lists

    def validate_item(self, section, position, item):
        """Check one item of a list; keep its plan when it gives one."""
        label, validate_one = TOP_LEVEL_LISTS[section]
        where = item_where(section, position, item, label)
        reader = ItemReader(item, where, self.problems, self.notes)
        item_plan = validate_one(reader, position, self.index)
        if item_plan is not None:
            getattr(self.plan, section).append(item_plan)


def item_where(section, position, item, label):
    """Where an item is, for the report: "resources[3] (key 'guide-x')"."""
    where = f"{section}[{position}]"
    if isinstance(item.get(label), str) and item[label]:
        name = item[label] if len(item[label]) <= 80 else item[label][:80] + "…"
        where += f" ({label} '{name}')"
    return where
