"""manage.py load_demo: fill an installation with the demo content."""

from django.core.management.base import BaseCommand

from home.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoLoader


class Command(BaseCommand):
    help = (
        "Load CM Hub's demo content (locales, page tree in French and English, "
        "institutions, people, topics, demo accounts). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins-only",
            action="store_true",
            help="Only print the demo logins (used by `make run` before serving).",
        )

    def handle(self, *args, **options):
        if not options["logins_only"]:
            DemoLoader(report=self.stdout.write).run()
            self.stdout.write(self.style.SUCCESS("Demo content loaded."))
            self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account['role']:<10} {account['email']}")
