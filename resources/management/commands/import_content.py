"""manage.py import_content FILE.json: bring existing guides, talks, job
profiles and case studies into CM Hub (format: docs/import-format.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from resources.importer import ImportFileError, ImportWriter, InvalidImport, load_file, validate
from resources.tree import MissingHomePage, ensure_resource_sections, site_home_pages


class Command(BaseCommand):
    help = (
        "Create or update resources (and the institutions, people and topics they name) "
        "from a JSON file described in docs/import-format.md. The whole file is checked "
        "first: on any problem nothing is imported. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file to import.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the file and report its problems; import nothing.",
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            plan = validate(load_file(path))
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        except InvalidImport as error:
            count = len(error.problems)
            raise CommandError(
                f"{path}: {count} problem{'s' if count > 1 else ''} found, nothing was imported.\n"
                + "\n".join(f"  {problem}" for problem in error.problems)
            ) from error

        for note in plan.notes:
            self.stdout.write(self.style.WARNING(f"Note: {note}"))
        if options["check"]:
            self.stdout.write(
                self.style.SUCCESS(f"{path} is valid: {len(plan.resources)} resources.")
            )
            return
        try:
            home_pages = site_home_pages()
        except MissingHomePage as error:
            raise CommandError(f"{path}: nothing was imported. {error}") from error
        with transaction.atomic():
            sections = ensure_resource_sections(*home_pages)
            result = ImportWriter(sections, report=self.stdout.write).write(plan)
        self.stdout.write(self.style.SUCCESS(f"Imported {path}: {result.summary()}."))
