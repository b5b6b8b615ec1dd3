"""How bench/scale.py writes fast: rows in bulk, BATCH at a time, with a
progress bar.

50,000 pages through `add_child` and revisions would take an hour, so pages
are inserted as published pages without revisions: the page tree's
materialised paths are computed once per parent, then the base `Page` rows,
the page type's own rows and the many-to-many rows are inserted in bulk.
Comments (XtdComment extends django_comments' Comment) go in the same way.
"""

import sys
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from wagtail.models import Page

BATCH = 500

#: The many-to-many fields the generated pages fill (`page._m2m`).
TAGS = ("topics", "platforms", "audiences")


class Progress:
    """A one-line progress bar (or a line every 10 % when not on a terminal)."""

    def __init__(self, label, total, out=None):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.out = out or sys.stdout
        self.tty = hasattr(self.out, "isatty") and self.out.isatty()
        self.last_decile = -1
        self.started = time.monotonic()
        self.show()

    def advance(self, count):
        self.done = min(self.total, self.done + count)
        self.show()

    def show(self):
        share = self.done / self.total
        bar = "#" * int(share * 30)
        elapsed = time.monotonic() - self.started
        line = (
            f"  {self.label:<22} [{bar:<30}] {share:4.0%}  {self.done:,}/{self.total:,}"
            f"  {elapsed:.0f} s"
        )
        if self.tty:
            self.out.write("\r" + line + ("\n" if self.done >= self.total else ""))
            self.out.flush()
        elif int(share * 10) != self.last_decile:
            self.last_decile = int(share * 10)
            self.out.write(line + "\n")


def chunks(items):
    """`items` (a list, or a range of the numbers of the items to add),
    BATCH at a time."""
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def language_of(number):
    """Two thirds of the generated items are French, every third English."""
    return "en" if number % 3 == 2 else "fr"


def insert_multi_table(model, objects, before_own_rows=None):
    """Insert `objects`, instances of `model`, a model that extends another
    by multi-table inheritance (a page type extends Page, XtdComment extends
    Comment): the parent table's rows first, whose keys the objects take,
    then `before_own_rows(object)` when given, then `model`'s own rows."""
    parent = model._meta.pk.related_model
    fields = [f for f in parent._meta.concrete_fields if not f.primary_key]
    rows = [parent(**{f.attname: getattr(item, f.attname) for f in fields}) for item in objects]
    parent.objects.bulk_create(rows, batch_size=BATCH)
    for item, row in zip(objects, rows, strict=True):
        item.pk = row.pk
        setattr(item, parent._meta.pk.attname, row.pk)
        if before_own_rows:
            before_own_rows(item)
    for chunk in chunks(objects):
        model._base_manager._insert(chunk, fields=model._meta.local_concrete_fields)


def insert_pages(parent, model, pages):
    """Insert published pages of `model` under `parent` in bulk: the base
    rows with their tree paths, then the model's own rows, then the
    many-to-many rows (`page._m2m`: {field name: [ids]})."""
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    first = parent.numchild + 1
    for offset, page in enumerate(pages):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, first + offset)
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.last_published_at = page.first_published_at
        page.translation_key = uuid.uuid4()
    insert_multi_table(model, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    for name in TAGS:
        if not hasattr(model, name):
            continue
        through = getattr(model, name).through
        source = f"{model._meta.model_name}_id"
        target = next(
            f.attname
            for f in through._meta.concrete_fields
            if f.is_relation and f.attname != source
        )
        through.objects.bulk_create(
            through(**{source: page.pk, target: value})
            for page in pages
            for value in page._m2m.get(name, [])
        )


def insert_numbered_pages(parents, model, numbers, build):
    """Build a page of `model` for each number (`build(number, language)`)
    and insert them under the French or English parent (`parents`: {language
    code: page}), in one transaction; returns [(model, page id)]."""
    by_language = {"fr": [], "en": []}
    for number in numbers:
        language = language_of(number)
        by_language[language].append(build(number, language))
    created = []
    with transaction.atomic():
        for code, pages in by_language.items():
            if pages:
                insert_pages(parents[code], model, pages)
                created += [(model, page.pk) for page in pages]
    return created
