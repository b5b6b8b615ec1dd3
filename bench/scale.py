"""A large, realistic data set for benchmarks, on top of the demo:

    .venv/bin/python manage.py load_demo        # the demo first
    .venv/bin/python bench/scale.py 10000       # then N = 10,000 resources

Both work on the database of DATABASE_URL, with the development settings
unless DJANGO_SETTINGS_MODULE names others; `make bench` (bench/load.py)
runs both.

On top of the demo, it adds N resources (guides, talks, job profiles and
case studies, two thirds in French), and in proportion members with
profiles, events with registrations and threaded comments:

    N resources, min(N / 5, 2,000) events, min(N / 2, 5,000) members,
    min(20 × N, 200,000) comments (the first generated guide has 300)

Running it again with a larger N adds only what is missing, so a 10,000
data set grows into a 50,000 one without starting over.

Each step has its module, in the order they run:

    bench/scale_members.py     members with profiles
    bench/scale_resources.py   guides, talks, job profiles, case studies
    bench/scale_events.py      events and their registrations
    bench/scale_comments.py    threads of comments on the new pages
    bench/scale_index.py       CM Hub's search index of the new pages and members

They write their text with bench/scale_text.py (word lists) and their rows
with bench/scale_bulk.py: speed matters more than the usual path here
(50,000 pages through `add_child` and revisions would take an hour), so
pages are inserted in bulk as published pages without revisions, which is
what a site that imported its content looks like. Editors can still open
and edit them.
"""

import argparse
import os
import random
import sys
from pathlib import Path

if __name__ == "__main__":
    # Run as a script: start Django before the models below are imported.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmhub.settings.dev")
    import common

    common.setup_django()

from django.utils import timezone

from bench.scale_comments import add_comments
from bench.scale_events import add_events
from bench.scale_index import index
from bench.scale_members import add_members, generated_members
from bench.scale_resources import add_resources
from community.models import Audience, Institution, Platform, Topic


class ScaleLoader:
    """Adds generated content until the data set has the size asked for.

    The steps (bench/scale_*.py) take what they share from it: the sizes
    asked for (`resources`, `events`, `members`, `comments`), the random
    generator `rng` and the time `now`, the demo's `institutions`, `topics`
    (by language), `platforms` and `audiences`, the generated members
    (`member_pool()`), and `report` and `out` for what they say."""

    def __init__(self, resources, report=print, out=None, seed=2026, sign_in=True):
        self.resources = resources
        # Members get the demo's published password only where the demo
        # accounts do (DEBUG on, or a test site: main() below).
        self.sign_in = sign_in
        self.events = min(resources // 5, 2000)
        self.members = min(resources // 2, 5000)
        self.comments = min(resources * 20, 200_000)
        self.report = report
        self.out = out
        self.rng = random.Random(seed)  # noqa: S311 - reproducible fake data
        self.now = timezone.now()
        self.member_ids = None

    def run(self):
        self.institutions = list(Institution.objects.values_list("pk", flat=True))
        self.topics = {
            code: list(
                Topic.objects.filter(locale__language_code=code).values_list("pk", flat=True)
            )
            for code in ("fr", "en")
        }
        self.platforms = list(Platform.objects.canonical().values_list("pk", flat=True))
        self.audiences = list(Audience.objects.values_list("pk", flat=True))
        if not (self.institutions and self.topics["fr"] and self.topics["en"]):
            raise RuntimeError("Load the demo first: the scaled data set builds on it.")
        new_members = add_members(self)
        new_pages = add_resources(self)
        new_pages += add_events(self)
        add_comments(self, new_pages)
        index(new_pages, new_members, self.out)

    def member_pool(self):
        """The ids of every generated member, old and new."""
        if self.member_ids is None:
            self.member_ids = list(generated_members().values_list("pk", flat=True))
        return self.member_ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "resources",
        type=int,
        metavar="N",
        help="resources the data set should have (run again with a larger N to grow it)",
    )
    args = parser.parse_args()
    from django.conf import settings

    print(f"Generating a data set of {args.resources:,} resources…", flush=True)
    try:
        ScaleLoader(args.resources, sign_in=settings.DEBUG or settings.DEMO_SITE).run()
    except RuntimeError as error:
        raise SystemExit(str(error)) from error
    print("Scaled data set ready.")


if __name__ == "__main__":
    main()
