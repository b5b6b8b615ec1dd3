"""A small intranet with something to hide: public and group-restricted
pages of every type, a restricted collection with a document and an image,
comments, a hidden profile, another member's proposal (with attachments),
members' pictures, files in the media folder that belong to nothing, feed
tokens.

``World.media`` says, for every file under /media/, which users may open it
(tests/security/test_media_access.py checks every file for every role).

Every private object carries a marker starting with ``SECRET-MARKER`` in
its title, body or file name; the tests assert it never reaches someone
who may not see it.
"""

import datetime
import io
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from community.models import Bookmark, MemberProfile, Person
from contributions.models import Proposal
from contributions.proposals import attach_files
from events.models import CalendarFeed, EventSpeaker, Registration
from resources.models import (
    CaseStudyIndexPage,
    GuideIndexPage,
    JobProfileIndexPage,
    ResourceFeedToken,
    ResourceIndexPage,
    TalkIndexPage,
    TalkSpeaker,
)
from tests.community.comment_helpers import add_comment
from tests.events.factories import add_event_index, add_workshop
from tests.resources.factories import make_case_study, make_guide, make_job_profile, make_talk

PAGE_MARK = "SECRET-MARKER-page-7f3a"
FILE_MARK = "secret-marker-file-7f3a"  # in file names (the checks ignore case)
HIDDEN_MARK = "SECRET-MARKER-hidden-7f3a"
PROPOSAL_MARK = "SECRET-MARKER-proposal-7f3a"
COMMENT_MARK = "SECRET-MARKER-comment-7f3a"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@dataclass
class World:
    sections: dict
    users: dict
    pages: dict = field(default_factory=dict)
    restricted: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    #: /media/ URL -> the names (keys of ``users``) of those who may open it.
    media: dict = field(default_factory=dict)


def restrict(page, group):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    restriction.save()  # as the admin does: the search index reads the groups on save
    return restriction


def make_event_page(index, title, slug, days, **fields):
    start = datetime.datetime.now(PARIS).replace(
        hour=14, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=days)
    event = add_workshop(index, start, title=title, slug=slug, publish=True, capacity=10, **fields)
    event.refresh_from_db()
    return event


def png_bytes(colour="teal"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def media_url(name):
    return settings.MEDIA_URL + name


@pytest.fixture
def world(sections, home_pages, make_member, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    french_home, _english_home = home_pages
    direction, _ = Group.objects.get_or_create(name="Direction")
    users = {
        "outsider": make_member("outsider@univ-test.example", first_name="Olivia"),
        "insider": make_member(
            "insider@univ-test.example", groups=("Members", "Direction"), first_name="Ines"
        ),
        "hidden": make_member(
            "hidden@univ-test.example", first_name="Hector", last_name=HIDDEN_MARK
        ),
        "author": make_member("author@univ-test.example", first_name="Aurore"),
        "editor": make_member(
            "editor@univ-test.example", groups=("Members", "Editors"), first_name="Edith"
        ),
        "moderator": make_member(
            "moderator@univ-test.example", groups=("Members", "Moderators"), first_name="Hugo"
        ),
        "superuser": make_member(
            "root@univ-test.example", first_name="Sacha", is_staff=True, is_superuser=True
        ),
    }
    MemberProfile.for_user(users["outsider"])
    hidden = MemberProfile.for_user(users["hidden"])
    hidden.visible_in_directory = False
    hidden.bio = f"Bio {HIDDEN_MARK}"
    hidden.job_title = HIDDEN_MARK
    hidden.save()
    w = World(sections=sections, users=users)

    guides = sections[(GuideIndexPage, "fr")]
    talks = sections[(TalkIndexPage, "fr")]
    jobs = sections[(JobProfileIndexPage, "fr")]
    cases = sections[(CaseStudyIndexPage, "fr")]
    w.pages["home"] = french_home
    w.pages["resources"] = sections[(ResourceIndexPage, "fr")]
    w.pages["guides"], w.pages["talks"], w.pages["jobs"], w.pages["cases"] = (
        guides,
        talks,
        jobs,
        cases,
    )
    w.pages["guide"] = make_guide(guides, 1, title="Ouvrir un compte Instagram")
    w.pages["talk"] = make_talk(talks, 1, title="Intervention publique")
    w.pages["job"] = make_job_profile(jobs, 1, title="Community manager junior")
    w.pages["case"] = make_case_study(cases, 1, title="Recrutement réussi")
    w.restricted["guide"] = make_guide(
        guides, 2, title=f"Guide {PAGE_MARK}", summary=f"Résumé {PAGE_MARK}"
    )
    w.restricted["talk"] = make_talk(talks, 2, title=f"Talk {PAGE_MARK}")
    w.restricted["job"] = make_job_profile(jobs, 2, title=f"Profil {PAGE_MARK}")
    w.restricted["case"] = make_case_study(cases, 2, title=f"Cas {PAGE_MARK}")

    events = add_event_index(french_home)
    events.save_revision().publish()
    w.pages["events"] = events
    w.pages["event"] = make_event_page(events, "Atelier ouvert", "atelier-ouvert", 10)
    w.restricted["event"] = make_event_page(
        events, f"Atelier {PAGE_MARK}", "atelier-reserve", 12, summary=f"Résumé {PAGE_MARK}"
    )
    for page in w.restricted.values():
        restrict(page, direction)

    # A collection only the Direction group may see, with a document and an image.
    secret = Collection.get_first_root_node().add_child(name="Direction only")
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=secret, restriction_type=CollectionViewRestriction.GROUPS
    )
    collection_restriction.groups.set([direction])
    collection_restriction.save()
    public_doc = Document(title="Charte publique")
    public_doc.file.save("charte-publique.pdf", ContentFile(b"%PDF-1.4 public"), save=True)
    secret_doc = Document(title=f"Doc {PAGE_MARK}", collection=secret)
    secret_doc.file.save(f"{FILE_MARK}.pdf", ContentFile(f"%PDF {PAGE_MARK}".encode()), save=True)
    public_image = Image.objects.create(title="Logo", file=get_test_image_file())
    secret_image = Image.objects.create(
        title=f"Image {PAGE_MARK}",
        collection=secret,
        file=get_test_image_file(filename=f"{FILE_MARK}.png"),
    )
    w.objects.update(
        public_doc=public_doc,
        secret_doc=secret_doc,
        public_image=public_image,
        secret_image=secret_image,
        public_rendition=public_image.get_rendition("fill-100x100"),
        secret_rendition=secret_image.get_rendition("fill-100x100"),
        collection_restriction=collection_restriction,
    )

    # Comments: on a public page, and on a restricted page (with a reply).
    w.objects["comment"] = add_comment(w.pages["guide"], users["outsider"], "Merci !")
    w.objects["secret_comment"] = add_comment(
        w.restricted["guide"], users["insider"], f"Avis {COMMENT_MARK}"
    )
    w.objects["secret_reply"] = add_comment(
        w.restricted["guide"],
        users["insider"],
        f"Réponse {COMMENT_MARK}",
        parent=w.objects["secret_comment"],
    )

    # Another member's proposals: a draft and a submitted one.
    w.objects["draft"] = Proposal.objects.create(
        member=users["author"], kind="guide", title=f"Brouillon {PROPOSAL_MARK}", language="fr"
    )
    w.objects["submitted"] = Proposal.objects.create(
        member=users["author"],
        kind="case_study",
        title=f"Soumis {PROPOSAL_MARK}",
        language="fr",
        status="submitted",
        submitted_at=timezone.now(),
    )
    w.objects["own_draft"] = Proposal.objects.create(
        member=users["outsider"], kind="guide", title="Mon brouillon", language="fr"
    )
    add_media(w)

    # Registrations, feed tokens.
    Registration.objects.create(
        event=w.restricted["event"], member=users["insider"], status="confirmed"
    )
    Registration.objects.create(
        event=w.pages["event"], member=users["outsider"], status="confirmed"
    )
    for name in ("outsider", "insider"):
        w.objects[f"{name}_feed"] = ResourceFeedToken.for_user(users[name]).token
        w.objects[f"{name}_calendar"] = CalendarFeed.objects.create(member=users[name]).token
    add_member_activity(w)
    return w


def add_member_activity(w):
    """Bookmarks, listed attendance and a speaker that reach restricted
    pages: the outsider's bookmark of a guide restricted since; the
    insider's visible profile, listed on the restricted event (their
    comments are on the restricted guide); a speaker of a public and a
    restricted talk and of the restricted event."""
    users = w.users
    Bookmark.objects.create(member=users["outsider"], page=w.restricted["guide"])
    Bookmark.objects.create(member=users["outsider"], page=w.pages["guide"])
    MemberProfile.for_user(users["insider"])
    Registration.objects.filter(member=users["insider"]).update(listed=True)
    speaker = Person.objects.create(
        locale=w.pages["talk"].locale, first_name="Sonia", last_name="Oratrice"
    )
    TalkSpeaker.objects.create(page=w.pages["talk"], person=speaker)
    TalkSpeaker.objects.create(page=w.restricted["talk"], person=speaker)
    EventSpeaker.objects.create(page=w.restricted["event"], person=speaker)
    w.objects["speaker"] = speaker


def add_media(w):
    """Attachments of the submitted proposal, members' pictures, files that
    belong to nothing; and who may open each file of the media folder."""
    everyone = set(w.users)
    attach_files(
        w.objects["submitted"],
        [
            (SimpleUploadedFile("Plan de crise.pdf", f"%PDF {PROPOSAL_MARK}".encode()), "pdf"),
            (SimpleUploadedFile("Capture.png", png_bytes("navy")), "png"),
        ],
    )
    files = w.objects["submitted"].files.select_related("document", "image")
    proposal_doc = next(item.document for item in files if item.document)
    proposal_image = next(item.image for item in files if item.image)
    proposal_rendition = proposal_image.get_rendition("fill-100x100")
    w.objects.update(
        proposal_doc=proposal_doc,
        proposal_image=proposal_image,
        proposal_rendition=proposal_rendition,
    )

    pictures = {}
    for name in ("outsider", "hidden"):
        profile = MemberProfile.for_user(w.users[name])
        profile.avatar.save(f"{name}.png", ContentFile(png_bytes()), save=True)
        pictures[name] = profile.avatar.url

    # Left over in the media folder: a file whose document was deleted, an
    # export, something someone copied there.
    orphans = ["documents/rapport-2024.pdf", "exports/inscriptions.csv", "notes.txt"]
    for name in orphans:
        path = Path(settings.MEDIA_ROOT, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"{PAGE_MARK} {name}".encode())

    objects = w.objects
    w.media = {
        objects["public_doc"].file.url: everyone,
        objects["public_image"].file.url: everyone,
        objects["public_rendition"].url: everyone,
        objects["secret_doc"].file.url: {"insider", "superuser"},
        objects["secret_image"].file.url: {"insider", "superuser"},
        objects["secret_rendition"].url: {"insider", "superuser"},
        proposal_doc.file.url: {"author", "editor", "superuser"},
        proposal_image.file.url: {"author", "editor", "superuser"},
        proposal_rendition.url: {"author", "editor", "superuser"},
        pictures["outsider"]: everyone,
        pictures["hidden"]: {"hidden"},
        **{media_url(name): set() for name in orphans},
    }


def without_echo(text, url):
    """The text of a response without the requested URL itself, which a
    login redirect's ``next`` or the language switcher of an error page
    repeats (in any of its encodings): showing someone the address they
    typed reveals nothing."""
    path = unquote(url)
    for form in sorted({url, path, quote(path), quote(path, safe="")}, key=len, reverse=True):
        text = text.replace(form, "")
    return text
