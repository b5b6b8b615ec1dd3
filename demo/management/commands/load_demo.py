"""manage.py load_demo: fill an installation with the demo content.

The demo accounts share a published password, and one of them is a
superuser: they exist only where DEBUG is on (`make run`) or on a test site
(setting DEMO_SITE, the test settings). Elsewhere the command refuses to run
unless given --allow-production, and then loads the content with accounts
that cannot sign in and no superuser.

The `demo` app, and so this command, is installed by the development and
test settings only: the production settings do not know it. A staging site
loads the demo with the development settings and DEBUG off
(docs/deploy.md, "Optional: demo content"). The benchmarks' large data set
is built on top of the demo by bench/scale.py.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoLoader


class Command(BaseCommand):
    help = (
        "Load CM Hub's demo content (locales, page tree in French and English, "
        "institutions, people, topics, demo accounts). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=(
                "Run with DEBUG off (a production or staging site): the content is "
                "loaded, the demo accounts get no password and no superuser is created."
            ),
        )
        parser.add_argument(
            "--logins-only",
            action="store_true",
            help="Only print the demo logins (used by `make run` before serving).",
        )

    def handle(self, *args, **options):
        sign_in = settings.DEBUG or settings.DEMO_SITE
        if not sign_in and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off: this looks like a production site. The demo's accounts share "
                "a published password, so load_demo does not run here. To load the demo "
                "content anyway (accounts without password, no superuser), add "
                "--allow-production."
            )
        if not options["logins_only"]:
            DemoLoader(report=self.stdout.write, sign_in=sign_in).run()
            self.stdout.write(self.style.SUCCESS("Demo content loaded."))
            self.stdout.write("")
        if not sign_in:
            self.stdout.write(
                "The demo accounts have no password on this site (DEBUG is off) and there is "
                "no demo superuser: create your administrator with `manage.py createsuperuser`."
            )
            return
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account['role']:<10} {account['email']}")
