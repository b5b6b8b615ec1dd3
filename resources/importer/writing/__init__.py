"""Writing a validated ImportPlan: institutions, topics, people, then the
resources as pages (originals before their translations), then the search
index. Run it inside one transaction: it writes in several steps and trusts
the plan's validation."""

from collections import Counter
from dataclasses import dataclass, field

from wagtail.models import Locale

from .community import PeopleWriter, write_institution, write_topic
from .indexing import index_pages
from .pages import PageWriter


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
    """Writes a validated ImportPlan and returns an ImportResult.

    `sections` is what `resources.tree.ensure_resource_sections()` returns:
    new resources go under their kind's section in their language. `report`
    receives one line of progress per resource.
    """

    def __init__(self, sections, report=None):
        self.report = report or (lambda line: None)
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.result = ImportResult()
        self.people = PeopleWriter(self.locales)
        self.pages = PageWriter(sections, self.locales, self.people)

    def write(self, plan):
        for item in plan.institutions:
            self.result.count("institutions", write_institution(item))
        for item in plan.topics:
            for created in write_topic(item, self.locales):
                self.result.count("topics", created)
        for item in plan.people:
            self.result.count("people", self.people.write(item))
        self.write_resources(plan.resources)
        index_pages(self.pages.written.values(), self.report)
        return self.result

    def write_resources(self, resources):
        # Originals first, so that each translation finds the page it translates.
        resources = sorted(resources, key=lambda item: not item.is_original)
        pending_links = []
        for number, item in enumerate(resources, start=1):
            outcome, missing_links = self.pages.write(item)
            self.result.count("resources", outcome == "created")
            if missing_links:
                pending_links.append(item)
            if not item.published:
                outcome = f"{outcome} (draft)"
            self.report(f"[{number}/{len(resources)}] {item.kind} {item.key} … {outcome}")
        for item in pending_links:
            self.pages.link_related_profiles(item)
