"""Import resources, and the institutions, people and topics they name, from
a JSON file in the format that docs/import-format.md describes.

An import runs in three steps, one part of this package each:

1. `reading`: `load_file(path)` reads the file, within its size limit, as
   JSON (ImportFileError says why it cannot).
2. `validation`: `validate(data)` checks the whole file against the models,
   the StreamField blocks and the database, and returns an ImportPlan
   (`plan`). When anything is wrong it raises InvalidImport, which lists
   every problem with the item's position and key: nothing is written.
3. `writing`: `ImportWriter(sections).write(plan)` creates or updates
   everything (run it inside one transaction), publishes the pages and
   indexes them for search.

Every item has a stable key (a resource its "key", an institution its name,
a person first name + last name + institution, a topic its slug and
language), so importing the same file again updates what the first import
created instead of duplicating it.
"""

from .plan import ImportPlan
from .reading import MAX_FILE_BYTES, ImportFileError, load_file
from .validation import InvalidImport, validate
from .writing import ImportResult, ImportWriter

__all__ = [
    "MAX_FILE_BYTES",
    "ImportFileError",
    "ImportPlan",
    "ImportResult",
    "ImportWriter",
    "InvalidImport",
    "import_file",
    "load_file",
    "validate",
]


def import_file(path, sections, report=None):
    """Validate then write the file at `path`; the caller holds the transaction."""
    plan = validate(load_file(path))
    return ImportWriter(sections, report=report).write(plan)
