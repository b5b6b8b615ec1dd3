"""The site the language checks read: the security tests' demo-like world
(every page type, restricted pages, comments, proposals, registrations),
with topics, platforms, audiences and a speaker on its pages."""

import pytest
from django.utils import timezone
from wagtail.models import Locale

from community.models import Audience, Platform
from tests.resources.factories import make_job_profile, make_person, make_topic
from tests.security.conftest import world  # noqa: F401 - a fixture

NBSP = "\u00a0"


@pytest.fixture
def french_site(world):  # noqa: F811 - the fixture imported above
    """The world, dressed as the demo is: tags on every page, a speaker, a
    comment posted just now and one written in French typography."""
    french = Locale.objects.get(language_code="fr")
    topic = make_topic(french, slug="veille", name="Veille stratégique")
    platforms = list(Platform.objects.all()[:2])
    audiences = list(Audience.objects.all()[:2])
    for key in ("guide", "talk", "job", "case", "event"):
        page = world.pages[key].specific
        page.topics = [topic]
        if hasattr(page, "platforms"):
            page.platforms = platforms
        if hasattr(page, "audiences"):
            page.audiences = audiences
        if key == "talk":
            from resources.models import TalkSpeaker

            page.speakers = [TalkSpeaker(person=make_person(french, role="Community manager"))]
        page.save_revision().publish()
    world.pages["job_2"] = make_job_profile(
        world.pages["jobs"], 3, title="Social media manager", salary_min=32000, salary_max=40000
    )
    comment = world.objects["comment"]
    comment.comment = f"Merci{NBSP}! Très utile pour la rentrée."
    comment.submit_date = timezone.now()
    comment.save()
    return world
