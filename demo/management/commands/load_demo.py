"""manage.py load_demo: fill an installation with the demo content.

The demo accounts share a published password, and one of them is a
superuser: they exist only where DEBUG is on (`make run`) or on a test site
(setting DEMO_SITE, the test settings). Elsewhere the command refuses to run
unless given --allow-production, and then loads the content with accounts
that cannot sign in and no superuser.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoLoader
from home.demo.scale import ScaleLoader


def demo_loaded():
    """Whether a previous run loaded the demo (its member and its guides)."""
    from django.contrib.auth import get_user_model

    from resources.models import GuidePage

    return (
        get_user_model().objects.filter(email=DEMO_ACCOUNTS[0]["email"]).exists()
        and GuidePage.objects.exists()
    )


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
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help=(
                "After the demo, generate N resources and, in proportion, events, members "
                "and comments (home/demo/scale.py), for benchmarks. Run again with a "
                "larger N to grow the data set."
            ),
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
            if options["scale"] > 0 and demo_loaded():
                self.stdout.write("Demo content already loaded: only growing the data set.")
            else:
                DemoLoader(report=self.stdout.write, sign_in=sign_in).run()
                self.stdout.write(self.style.SUCCESS("Demo content loaded."))
            if options["scale"] > 0:
                self.stdout.write(f"Generating a data set of {options['scale']:,} resources…")
                ScaleLoader(
                    options["scale"],
                    report=self.stdout.write,
                    out=self.stdout._out,
                    sign_in=sign_in,
                ).run()
                self.stdout.write(self.style.SUCCESS("Scaled data set ready."))
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
