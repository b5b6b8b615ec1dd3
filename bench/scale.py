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

Speed matters more than the usual path here (50,000 pages through
`add_child` and revisions would take an hour), so rows are written in bulk:
the page tree's materialised paths are computed once per parent and pages
are inserted as published pages without revisions, which is what a site
that imported its content looks like. Editors can still open and edit them.
The generated pages go into CM Hub's search index at the end; Wagtail's own
admin search index is left to `manage.py update_index`.
"""

import argparse
import datetime
import os
import random
import sys
import time
import uuid
from pathlib import Path

if __name__ == "__main__":
    # Run as a script: start Django before the models below are imported.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmhub.settings.dev")
    import common

    common.setup_django()

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django_comments_xtd.models import XtdComment
from wagtail.models import Page

from community.models import Audience, Institution, MemberProfile, Platform, Topic
from demo.loader import DEMO_PASSWORD
from events.models import EventIndexPage, EventKind, EventPage, Registration, RegistrationStatus
from resources.models import (
    CaseKind,
    CaseStudyPage,
    Currency,
    Difficulty,
    ExperienceLevel,
    GuidePage,
    JobProfilePage,
    SalaryRegion,
    TalkFormat,
    TalkPage,
)
from resources.tree import section_for

#: Generated rows are recognisable: import keys, slugs and e-mail domains.
KEY_PREFIX = "scale-"
MEMBER_DOMAIN = "scale.cmhub.example"
EVENT_SLUG_PREFIX = "atelier-scale-"
BATCH = 500

#: Share of each resource kind among the generated ones.
KINDS = [(GuidePage, 0.4), (TalkPage, 0.2), (JobProfilePage, 0.2), (CaseStudyPage, 0.2)]

SUBJECTS = {
    "fr": [
        "la rentrée sur Instagram",
        "une crise sur X",
        "les portes ouvertes",
        "le recrutement d'ambassadeurs étudiants",
        "la newsletter des diplômés",
        "les vidéos courtes sur TikTok",
        "la modération des commentaires",
        "LinkedIn pour les chercheurs",
        "le calendrier éditorial",
        "l'accessibilité des visuels",
        "les lives Twitch",
        "la veille et l'e-réputation",
        "les salons étudiants",
        "les campagnes payantes",
        "le RGPD et les concours",
    ],
    "en": [
        "back-to-school on Instagram",
        "a crisis on X",
        "open days",
        "student ambassador programmes",
        "the alumni newsletter",
        "short videos on TikTok",
        "comment moderation",
        "LinkedIn for researchers",
        "the editorial calendar",
        "accessible visuals",
        "live streams",
        "monitoring and online reputation",
        "student fairs",
        "paid campaigns",
        "GDPR and giveaways",
    ],
}
OPENINGS = {
    "fr": ["Réussir", "Préparer", "Piloter", "Mesurer", "Animer", "Organiser", "Réinventer"],
    "en": ["Getting right", "Preparing", "Running", "Measuring", "Growing", "Planning", "Fixing"],
}
WORDS = {
    "fr": [
        "étudiants",
        "communauté",
        "réseaux",
        "sociaux",
        "publication",
        "audience",
        "engagement",
        "campagne",
        "calendrier",
        "visuel",
        "vidéo",
        "modération",
        "abonnés",
        "stratégie",
        "contenu",
        "université",
        "école",
        "diplômés",
        "recrutement",
        "événement",
        "formation",
        "veille",
        "crise",
        "message",
        "ton",
        "charte",
        "statistiques",
        "portée",
        "interaction",
        "hashtag",
        "story",
        "format",
        "budget",
        "équipe",
        "service",
        "communication",
        "direction",
        "partenaires",
        "salon",
        "rentrée",
        "inscription",
        "témoignage",
        "ambassadeurs",
        "confiance",
        "image",
        "marque",
        "réputation",
        "accessibilité",
        "sous-titres",
    ],
    "en": [
        "students",
        "community",
        "social",
        "media",
        "post",
        "audience",
        "engagement",
        "campaign",
        "calendar",
        "visual",
        "video",
        "moderation",
        "followers",
        "strategy",
        "content",
        "university",
        "school",
        "alumni",
        "recruitment",
        "event",
        "training",
        "monitoring",
        "crisis",
        "message",
        "tone",
        "guidelines",
        "statistics",
        "reach",
        "interaction",
        "hashtag",
        "story",
        "format",
        "budget",
        "team",
        "office",
        "communications",
        "leadership",
        "partners",
        "fair",
        "enrolment",
        "testimonial",
        "ambassadors",
        "trust",
        "brand",
        "reputation",
        "accessibility",
        "captions",
    ],
}
COMMENTS = {
    "fr": [
        "Merci, c'est exactement ce qu'il me fallait pour la rentrée.",
        "Chez nous, la même méthode a doublé l'engagement en deux mois.",
        "Quelqu'un a un exemple de charte de modération à partager ?",
        "Attention : l'algorithme a changé depuis, les carrousels marchent moins bien.",
        "On a testé avec nos ambassadeurs étudiants, très bons retours.",
        "Je me permets de compléter avec notre retour d'expérience en cégep.",
    ],
    "en": [
        "Thanks, exactly what I needed for the new term.",
        "The same approach doubled our engagement in two months.",
        "Does anyone have a moderation policy they could share?",
        "Careful: the algorithm changed since, carousels do less well now.",
        "We tried it with our student ambassadors, great feedback.",
        "Adding our own experience from a smaller school below.",
    ],
}
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Hugo",
    "Chloé",
    "Louis",
    "Manon",
    "Jules",
    "Inès",
    "Gabriel",
    "Sarah",
    "Arthur",
    "Emma",
    "Noé",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Roy",
    "Gagnon",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Côté",
    "Fournier",
    "Girard",
]


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


def sentence(rng, language, words=(10, 18)):
    chosen = rng.choices(WORDS[language], k=rng.randint(*words))
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def paragraph(rng, language, sentences=3):
    return " ".join(sentence(rng, language) for _ in range(sentences))


def html(rng, language, paragraphs=2):
    return "".join(f"<p>{paragraph(rng, language)}</p>" for _ in range(paragraphs))


def block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


class ScaleLoader:
    """Adds generated content until the data set has the size asked for."""

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
        self.new_members = []
        self.rng = random.Random(seed)  # noqa: S311 - reproducible fake data
        self.now = timezone.now()

    def run(self):
        self.institutions = list(Institution.objects.values_list("pk", flat=True))
        self.topics = {
            code: list(
                Topic.objects.filter(locale__language_code=code).values_list("pk", flat=True)
            )
            for code in ("fr", "en")
        }
        self.platforms = list(Platform.objects.values_list("pk", flat=True))
        self.audiences = list(Audience.objects.values_list("pk", flat=True))
        if not (self.institutions and self.topics["fr"] and self.topics["en"]):
            raise RuntimeError("Load the demo first: the scaled data set builds on it.")
        self.load_members()
        new_pages = self.load_resources()
        new_pages += self.load_events()
        self.load_comments(new_pages)
        self.index(new_pages)

    # --- members ---------------------------------------------------------------

    def load_members(self):
        User = get_user_model()
        existing = User.objects.filter(email__endswith="@" + MEMBER_DOMAIN).count()
        missing = self.members - existing
        if missing <= 0:
            self.report(f"members: {existing:,} already there")
            return
        password = make_password(DEMO_PASSWORD if self.sign_in else None)
        group = Group.objects.get(name="Members")
        progress = Progress("members", missing, self.out)
        for start in range(existing, self.members, BATCH):
            numbers = range(start, min(start + BATCH, self.members))
            users = [
                User(
                    username=f"scale{number}@{MEMBER_DOMAIN}",
                    email=f"scale{number}@{MEMBER_DOMAIN}",
                    first_name=self.rng.choice(FIRST_NAMES),
                    last_name=self.rng.choice(LAST_NAMES),
                    password=password,
                    preferred_language="fr" if number % 3 else "en",
                    date_joined=self.now - datetime.timedelta(days=number % 900),
                )
                for number in numbers
            ]
            with transaction.atomic():
                User.objects.bulk_create(users)
                EmailAddress.objects.bulk_create(
                    EmailAddress(user=user, email=user.email, verified=True, primary=True)
                    for user in users
                )
                User.groups.through.objects.bulk_create(
                    User.groups.through(user_id=user.pk, group_id=group.pk) for user in users
                )
                MemberProfile.objects.bulk_create(
                    MemberProfile(
                        user=user,
                        institution_id=self.rng.choice(self.institutions),
                        job_title=self.rng.choice(
                            ["Community manager", "Chargée de communication digitale"]
                        ),
                        bio=sentence(self.rng, user.preferred_language),
                        visible_in_directory=self.rng.random() < 0.9,
                    )
                    for user in users
                )
            self.new_members += [user.pk for user in users]
            progress.advance(len(users))
        self.member_ids = None
        self.report(f"members: {self.members:,} (added {missing:,})")

    def member_pool(self):
        if getattr(self, "member_ids", None) is None:
            User = get_user_model()
            self.member_ids = list(
                User.objects.filter(email__endswith="@" + MEMBER_DOMAIN).values_list(
                    "pk", flat=True
                )
            )
        return self.member_ids

    # --- pages -----------------------------------------------------------------

    def insert_pages(self, parent, model, pages):
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
        base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        rows = [
            Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in pages
        ]
        Page.objects.bulk_create(rows)
        for page, row in zip(pages, rows, strict=True):
            page.pk = page.id = page.page_ptr_id = row.pk
        model._base_manager._insert(pages, fields=model._meta.local_concrete_fields)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        for name in ("topics", "platforms", "audiences"):
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

    def load_resources(self):
        """Returns [(model, page id)] of the pages it created."""
        created = []
        for model, share in KINDS:
            target = round(self.resources * share)
            prefix = f"{KEY_PREFIX}{model._meta.model_name}-"
            existing = model.objects.filter(import_key__startswith=prefix).count()
            missing = target - existing
            if missing <= 0:
                continue
            parents = {code: section_for(model, code) for code in ("fr", "en")}
            progress = Progress(str(model._meta.verbose_name_plural), missing, self.out)
            for start in range(existing, target, BATCH):
                numbers = list(range(start, min(start + BATCH, target)))
                by_language = {"fr": [], "en": []}
                for number in numbers:
                    language = "en" if number % 3 == 2 else "fr"
                    page = self.resource(model, number, language)
                    page.import_key = f"{prefix}{number}"
                    by_language[language].append(page)
                with transaction.atomic():
                    for code, pages in by_language.items():
                        if pages:
                            self.insert_pages(parents[code], model, pages)
                            created += [(model, page.pk) for page in pages]
                progress.advance(len(numbers))
        self.report(f"resources: {self.resources:,} generated ({len(created):,} added)")
        return created

    def common(self, model, number, language):
        rng = self.rng
        subject = rng.choice(SUBJECTS[language])
        title = f"{rng.choice(OPENINGS[language])} {subject} ({number})"
        page = model(
            title=title[:255],
            slug=f"{slugify(subject)[:40]}-{number}",
            summary=paragraph(rng, language, 2)[:600],
            institution_id=rng.choice(self.institutions),
            first_published_at=self.now - datetime.timedelta(days=rng.randint(0, 1400)),
        )
        page._m2m = {
            "topics": rng.sample(self.topics[language], k=rng.randint(1, 2)),
            "platforms": rng.sample(self.platforms, k=rng.randint(1, 3)),
            "audiences": rng.sample(self.audiences, k=rng.randint(1, 2)),
        }
        return page

    def resource(self, model, number, language):
        rng = self.rng
        page = self.common(model, number, language)
        if model is GuidePage:
            page.difficulty = rng.choice(Difficulty.values)
            page.estimated_minutes = rng.choice([15, 30, 45, 60, 90])
            page.last_reviewed = (page.first_published_at + datetime.timedelta(days=30)).date()
            steps = [
                block(
                    "step",
                    {"title": sentence(rng, language, (3, 6)), "text": html(rng, language, 1)},
                )
                for _ in range(rng.randint(3, 6))
            ]
            checklist = block(
                "checklist",
                {"title": "", "items": [sentence(rng, language, (4, 8)) for _ in range(4)]},
            )
            page.body = [*steps, checklist]
        elif model is TalkPage:
            page.date = page.first_published_at.date()
            page.format = rng.choice(TalkFormat.values)
            page.speaker_names = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            page.event_name = "Rencontres CM Hub" if language == "fr" else "CM Hub meet-up"
            page.key_takeaways = "\n".join(sentence(rng, language, (5, 9)) for _ in range(3))
            page.questions = [
                block(
                    "qa",
                    {"question": sentence(rng, language, (6, 10)), "answer": html(rng, language)},
                )
                for _ in range(2)
            ]
        elif model is JobProfilePage:
            region = rng.choice([SalaryRegion.FRANCE, SalaryRegion.QUEBEC])
            page.missions = "\n".join(sentence(rng, language, (5, 9)) for _ in range(5))
            page.activities = "\n".join(sentence(rng, language, (4, 8)) for _ in range(5))
            page.hard_skills = "\n".join(sentence(rng, language, (2, 4)) for _ in range(5))
            page.soft_skills = "\n".join(sentence(rng, language, (2, 4)) for _ in range(4))
            page.tools = "Meta Business Suite\nCanva\nHootsuite\nLinkedIn Campaign Manager"
            page.experience_level = rng.choice(ExperienceLevel.values)
            page.salary_region = region
            page.salary_currency = Currency.CAD if region == SalaryRegion.QUEBEC else Currency.EUR
            page.salary_min = rng.randrange(30_000, 45_000, 1000)
            page.salary_max = page.salary_min + rng.randrange(5_000, 15_000, 1000)
        elif model is CaseStudyPage:
            page.kind = rng.choice(CaseKind.values)
            page.context = html(rng, language, 2)
            page.lessons = html(rng, language, 1)
            start = page.first_published_at.date()
            page.timeline = [
                block(
                    "step",
                    {
                        "date": (start + datetime.timedelta(days=7 * step)).isoformat(),
                        "title": sentence(rng, language, (3, 6)),
                        "description": sentence(rng, language),
                    },
                )
                for step in range(3)
            ]
            page.results = [
                block("figure", {"label": "Engagement", "value": "12.50", "unit": "%"}),
            ]
        return page

    def load_events(self):
        existing = EventPage.objects.filter(slug__startswith=EVENT_SLUG_PREFIX).count()
        missing = self.events - existing
        if missing <= 0:
            return []
        parents = {
            code: EventIndexPage.objects.get(locale__language_code=code) for code in ("fr", "en")
        }
        created = []
        progress = Progress("events", missing, self.out)
        members = self.member_pool()
        for start in range(existing, self.events, BATCH):
            numbers = list(range(start, min(start + BATCH, self.events)))
            by_language = {"fr": [], "en": []}
            for number in numbers:
                language = "en" if number % 3 == 2 else "fr"
                by_language[language].append(self.event(number, language))
            with transaction.atomic():
                for code, pages in by_language.items():
                    self.insert_pages(parents[code], EventPage, pages)
                    created += [(EventPage, page.pk) for page in pages]
                registrations = []
                for _model, pk in created[-len(numbers) :]:
                    for rank, member in enumerate(self.rng.sample(members, k=min(8, len(members)))):
                        registrations.append(
                            Registration(
                                event_id=pk,
                                member_id=member,
                                status=RegistrationStatus.CONFIRMED
                                if rank < 6
                                else RegistrationStatus.WAITLISTED,
                                waitlist_position=None if rank < 6 else rank - 5,
                                confirmed_at=self.now if rank < 6 else None,
                            )
                        )
                Registration.objects.bulk_create(registrations)
            progress.advance(len(numbers))
        self.report(f"events: {self.events:,} generated ({len(created):,} added)")
        return created

    def event(self, number, language):
        rng = self.rng
        subject = rng.choice(SUBJECTS[language])
        opening = "Atelier :" if language == "fr" else "Workshop:"
        start = self.now + datetime.timedelta(days=rng.randint(-700, 300), hours=rng.randint(0, 8))
        start = start.replace(minute=0, second=0, microsecond=0)
        page = EventPage(
            title=f"{opening} {subject} ({number})",
            slug=f"{EVENT_SLUG_PREFIX}{number}",
            summary=paragraph(rng, language, 2)[:600],
            kind=rng.choice(EventKind.values),
            start=start,
            end=start + datetime.timedelta(hours=rng.choice([1, 2, 3])),
            is_online=rng.random() < 0.4,
            city=rng.choice(["Paris", "Lyon", "Montréal", "Québec", "Lille", "Nantes"]),
            host_institution_id=rng.choice(self.institutions),
            capacity=6,
            description=[block("paragraph", html(rng, language, 2))],
            first_published_at=start - datetime.timedelta(days=40),
        )
        page._m2m = {
            "topics": rng.sample(self.topics[language], k=1),
            "audiences": rng.sample(self.audiences, k=1),
        }
        return page

    # --- comments --------------------------------------------------------------

    def load_comments(self, new_pages):
        """Threads of one comment and up to two replies on the new pages; the
        first generated guide gets 300 comments."""
        if not new_pages:
            return
        existing = XtdComment.objects.filter(user_email__endswith="@" + MEMBER_DOMAIN).count()
        missing = self.comments - existing
        if missing <= 0:
            return
        members = self.member_pool()
        emails = dict(
            get_user_model()
            .objects.filter(pk__in=members)
            .values_list("pk", "email")
            .iterator(chunk_size=2000)
        )
        site_id = Site.objects.get_current().pk
        content_types = {
            model: ContentType.objects.get_for_model(model).pk
            for model in {m for m, _ in new_pages}
        }
        languages = dict(
            Page.objects.filter(pk__in=[pk for _m, pk in new_pages]).values_list(
                "pk", "locale__language_code"
            )
        )
        first_guide = GuidePage.objects.filter(import_key=f"{KEY_PREFIX}guidepage-0").first()
        plan = []  # (model, page id, number of threads)
        threads_left = missing // 3
        if first_guide is not None and (GuidePage, first_guide.pk) in set(new_pages):
            plan.append((GuidePage, first_guide.pk, 100))
            threads_left -= 100
        others = [item for item in new_pages if first_guide is None or item[1] != first_guide.pk]
        for index, (model, pk) in enumerate(others):
            share = threads_left // len(others) + (1 if index < threads_left % len(others) else 0)
            if share:
                plan.append((model, pk, share))
        progress = Progress("comments", sum(threads for *_x, threads in plan) * 3, self.out)
        batch = []
        for model, pk, threads in plan:
            batch.append((model, pk, threads))
            if sum(item[2] for item in batch) >= 300:
                self.insert_threads(batch, content_types, languages, members, emails, site_id)
                progress.advance(sum(item[2] for item in batch) * 3)
                batch = []
        if batch:
            self.insert_threads(batch, content_types, languages, members, emails, site_id)
            progress.advance(sum(item[2] for item in batch) * 3)

    def insert_threads(self, plan, content_types, languages, members, emails, site_id):
        rng = self.rng
        roots, replies = [], []

        def comment(model, pk, when, **tree):
            member = rng.choice(members)
            text = rng.choice(COMMENTS[languages.get(pk, "fr")])
            return XtdComment(
                content_type_id=content_types[model],
                object_pk=str(pk),
                site_id=site_id,
                user_id=member,
                user_name="",
                user_email=emails[member],
                comment=text,
                submit_date=when,
                is_public=True,
                is_removed=False,
                **tree,
            )

        for model, pk, threads in plan:
            for _ in range(threads):
                when = self.now - datetime.timedelta(minutes=rng.randint(60, 900_000))
                root = comment(model, pk, when, thread_id=0, parent_id=0, level=0, order=1)
                root.nested_count = 2
                root._replies = [
                    comment(
                        model,
                        pk,
                        when + datetime.timedelta(hours=hour),
                        level=1,
                        order=hour + 1,
                        nested_count=0,
                    )
                    for hour in (1, 2)
                ]
                roots.append(root)
        with transaction.atomic():
            self.insert_comments(roots)
            for root in roots:
                for reply in root._replies:
                    reply.thread_id = reply.parent_id = root.pk
                    replies.append(reply)
            self.insert_comments(replies)

    @staticmethod
    def insert_comments(comments):
        """XtdComment extends django_comments' Comment: insert both tables."""
        from django_comments.models import Comment

        base_fields = [f for f in Comment._meta.concrete_fields if not f.primary_key]
        rows = [
            Comment(**{f.attname: getattr(c, f.attname) for f in base_fields}) for c in comments
        ]
        Comment.objects.bulk_create(rows, batch_size=BATCH)
        for item, row in zip(comments, rows, strict=True):
            item.pk = item.id = item.comment_ptr_id = row.pk
            if item.level == 0:
                item.thread_id = item.parent_id = row.pk
        for start in range(0, len(comments), BATCH):
            XtdComment._base_manager._insert(
                comments[start : start + BATCH], fields=XtdComment._meta.local_concrete_fields
            )

    # --- search ----------------------------------------------------------------

    def index(self, new_pages):
        """Put the new pages and members into CM Hub's search index."""
        from search import documents, indexer

        by_model = {}
        for model, pk in new_pages:
            by_model.setdefault(model, []).append(pk)
        if not (new_pages or self.new_members):
            return
        progress = Progress("search index", len(new_pages), self.out)
        restrictions = documents.RestrictionIndex()
        for model, ids in by_model.items():
            for start in range(0, len(ids), BATCH):
                queryset = model.objects.filter(pk__in=ids[start : start + BATCH]).select_related(
                    "locale"
                )
                for name in ("institution", "host_institution"):
                    if hasattr(model, name):
                        queryset = queryset.select_related(name)
                related = [n for n in ("topics", "platforms", "audiences") if hasattr(model, n)]
                drafts = [
                    documents.page_document(page, restrictions)
                    for page in queryset.prefetch_related(*related)
                ]
                indexer.save_drafts([draft for draft in drafts if draft is not None])
                progress.advance(len(ids[start : start + BATCH]))
        if self.new_members:
            progress = Progress("search index: members", len(self.new_members), self.out)
            for start in range(0, len(self.new_members), BATCH):
                profiles = (
                    MemberProfile.objects.filter(
                        user_id__in=self.new_members[start : start + BATCH]
                    )
                    .select_related("user", "institution")
                    .prefetch_related("topics")
                )
                drafts = [documents.member_document(profile) for profile in profiles]
                indexer.save_drafts([draft for draft in drafts if draft is not None])
                progress.advance(len(drafts))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        indexer.bump_generation()


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
