"""Builds the demo content step by step; every step is idempotent."""

from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale

from community.models import (
    Institution,
    InstitutionEmailDomain,
    MemberProfile,
    Person,
    Platform,
    Topic,
)
from home.tree import ensure_home_pages
from resources.importer import import_file
from resources.tree import ensure_resource_sections

from . import community as data
from . import members as members_data
from .comments import load_comments
from .events_loader import EventsLoader
from .member_activity import load_member_activity
from .notifications import load_notifications
from .proposals import load_proposals
from .search import load_search_activity

DEMO_PASSWORD = "cmhub-demo-2026"

#: The demo's guides, talks, job profiles and case studies, in the format of
#: `manage.py import_content` (docs/import-format.md).
RESOURCES_FILE = Path(__file__).parent / "resources.json"

DEMO_ACCOUNTS = [
    {
        "email": "membre@cmhub.example",
        "first_name": "Camille",
        "last_name": "Durand",
        "groups": ["Members"],
        "role": "member",
    },
    {
        "email": "editrice@cmhub.example",
        "first_name": "Inès",
        "last_name": "Moreau",
        "groups": ["Members", "Editors"],
        "role": "editor",
    },
    {
        "email": "moderateur@cmhub.example",
        "first_name": "Hugo",
        "last_name": "Lambert",
        "groups": ["Members", "Moderators"],
        "role": "moderator",
    },
    {
        "email": "admin@cmhub.example",
        "first_name": "Admin",
        "last_name": "CM Hub",
        "groups": [],
        "role": "superuser",
    },
]

FRENCH_WELCOME = (
    "<p>CM Hub réunit les community managers des universités, écoles et cégeps de "
    "France et du Québec. Retrouvez les fiches conseil de vos pairs, les interventions "
    "de professionnels, les fiches de poste et les prochains ateliers.</p>"
)
ENGLISH_WELCOME = (
    "<p>CM Hub brings together the community managers of universities, schools and "
    "cégeps in France and Québec. Find your peers' how-to guides, practitioners' "
    "talks, job profiles and the next workshops.</p>"
)


class DemoLoader:
    """Loads the demo in ordered steps, reporting progress through `report`."""

    def __init__(self, report, sign_in=True):
        """``sign_in=False`` (production, DEBUG off): the demo accounts and
        members are created without a usable password (the superuser not at
        all), and any of them left from an earlier load loses the published
        one."""
        self.report = report
        self.sign_in = sign_in

    def set_demo_password(self, user, created):
        if not self.sign_in:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        elif created:
            user.set_password(DEMO_PASSWORD)
            user.save()

    def steps(self):
        return [
            ("Locales and home pages", self.load_home_pages),
            ("Topics", self.load_topics),
            ("Platforms in English", self.load_platforms),
            ("Institutions", self.load_institutions),
            ("People", self.load_people),
            ("Demo accounts", self.load_accounts),
            ("Members and profiles", self.load_members),
            ("Events and registrations", self.load_events),
            ("Resources", self.load_resources),
            ("Discussions", load_comments),
            ("Search activity", load_search_activity),
            ("Member proposals", load_proposals),
            ("Follows and notifications", load_notifications),
            ("Bookmarks, attendees and flag reasons", load_member_activity),
        ]

    def run(self):
        steps = self.steps()
        for number, (label, step) in enumerate(steps, start=1):
            self.report(f"[{number}/{len(steps)}] {label}…")
            with transaction.atomic():
                result = step()
            self.report(f"      {result}")

    # --- steps ---------------------------------------------------------------

    def load_home_pages(self):
        french_home, english_home = ensure_home_pages()
        self.french_home, self.english_home = french_home, english_home
        for page, welcome in ((french_home, FRENCH_WELCOME), (english_home, ENGLISH_WELCOME)):
            if not page.welcome:
                page.welcome = welcome
                page.save_revision().publish()
        self.french = Locale.objects.get(language_code="fr")
        self.english = Locale.objects.get(language_code="en")
        return "home pages: /fr/ and /en/"

    def load_topics(self):
        for slug, (fr_name, en_name, fr_text, en_text) in data.TOPICS.items():
            french, _ = Topic.objects.update_or_create(
                slug=slug,
                locale=self.french,
                defaults={"name": fr_name, "description": fr_text},
            )
            english = Topic.objects.filter(
                translation_key=french.translation_key, locale=self.english
            ).first() or french.copy_for_translation(self.english)
            english.name = en_name
            english.description = en_text
            english.save()
        return f"{len(data.TOPICS)} topics in French and English"

    def load_platforms(self):
        """An English translation of every platform, as an editor makes it
        with wagtail-localize: brand names kept, the others translated."""
        platforms = list(Platform.objects.canonical())
        for french in platforms:
            english = Platform.objects.filter(
                translation_key=french.translation_key, locale=self.english
            ).first() or french.copy_for_translation(self.english)
            english.name = data.PLATFORM_NAMES_EN.get(french.slug, french.name)
            english.save()
        return f"{len(platforms)} platforms in English"

    def load_institutions(self):
        for item in data.INSTITUTIONS:
            fields = {key: value for key, value in item.items() if key != "domains"}
            institution, _ = Institution.objects.update_or_create(
                name=fields.pop("name"), defaults=fields
            )
            for position, domain in enumerate(item["domains"]):
                InstitutionEmailDomain.objects.update_or_create(
                    domain=domain,
                    defaults={"institution": institution, "sort_order": position},
                )
        return f"{len(data.INSTITUTIONS)} institutions"

    def load_people(self):
        institutions = {i.name: i for i in Institution.objects.all()}
        for item in data.PEOPLE:
            institution = institutions[item["institution"]]
            french, _ = Person.objects.update_or_create(
                first_name=item["first_name"],
                last_name=item["last_name"],
                locale=self.french,
                defaults={
                    "institution": institution,
                    "role": item["role"][0],
                    "bio": f"<p>{item['bio'][0]}</p>",
                    "x_handle": item["x_handle"],
                },
            )
            english = Person.objects.filter(
                translation_key=french.translation_key, locale=self.english
            ).first() or french.copy_for_translation(self.english)
            english.role = item["role"][1]
            english.bio = f"<p>{item['bio'][1]}</p>"
            english.save()
        return f"{len(data.PEOPLE)} people in French and English"

    def load_resources(self):
        sections = ensure_resource_sections(self.french_home, self.english_home)
        result = import_file(RESOURCES_FILE, sections)
        return result.summary()

    def load_accounts(self):
        User = get_user_model()
        for account in DEMO_ACCOUNTS:
            if account["role"] == "superuser" and not self.sign_in:
                # Never a superuser with a published password: only disarm
                # one left by an earlier load.
                for user in User.objects.filter(email=account["email"]):
                    self.set_demo_password(user, created=False)
                continue
            user, created = User.objects.get_or_create(
                email=account["email"],
                defaults={
                    "username": account["email"].split("@")[0],
                    "first_name": account["first_name"],
                    "last_name": account["last_name"],
                    "is_superuser": account["role"] == "superuser",
                    "is_staff": account["role"] == "superuser",
                },
            )
            self.set_demo_password(user, created)
            user.groups.set(Group.objects.filter(name__in=account["groups"]))
            EmailAddress.objects.update_or_create(
                user=user,
                email=user.email,
                defaults={"verified": True, "primary": True},
            )
        if not self.sign_in:
            return f"{len(DEMO_ACCOUNTS) - 1} accounts, without password (no superuser)"
        return f"{len(DEMO_ACCOUNTS)} accounts (password: {DEMO_PASSWORD})"

    def load_members(self):
        User = get_user_model()
        members = Group.objects.filter(name="Members")
        topics = {topic.slug: topic for topic in Topic.objects.filter(locale=self.french)}
        for item in members_data.MEMBERS:
            user, created = User.objects.get_or_create(
                email=item["email"],
                defaults={
                    # The whole address: local parts repeat across institutions.
                    "username": item["email"],
                    "first_name": item["first_name"],
                    "last_name": item["last_name"],
                    "preferred_language": item["preferred_language"],
                },
            )
            self.set_demo_password(user, created)
            user.groups.add(*members)
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            profile, _ = MemberProfile.objects.update_or_create(
                user=user,
                defaults={
                    "institution": Institution.for_email(user.email),
                    "job_title": item["job_title"],
                    "bio": item["bio"],
                    "languages": item["languages"],
                    "linkedin_url": item.get("linkedin_url", ""),
                    "x_handle": item.get("x_handle", ""),
                    "website": item.get("website", ""),
                    "visible_in_directory": item.get("visible_in_directory", True),
                    "show_email": item.get("show_email", False),
                },
            )
            profile.topics.set([topics[slug] for slug in item["topics"]])
        return f"{len(members_data.MEMBERS)} members with profiles"

    def load_events(self):
        return EventsLoader(*ensure_home_pages()).load()
