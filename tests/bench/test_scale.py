"""`bench/scale.py N`: the benchmarks' large data set, built in bulk, is a
working site: its pages open, its comments thread, search finds it, and a
second run with a larger N only adds what is missing."""

import pytest
from django_comments_xtd.models import XtdComment
from wagtail.models import Locale

from bench.scale import ScaleLoader
from bench.scale_members import MEMBER_DOMAIN
from community.models import Institution, Topic
from events.models import EventIndexPage, EventPage, Registration
from resources.models import RESOURCE_MODELS, GuidePage, JobProfilePage
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


def generated(model):
    return model.objects.filter(import_key__startswith="scale-")


@pytest.fixture
def demo_basics(sections, home_pages):
    """What the generator builds on (the demo has more): institutions,
    topics in both languages, the resource sections and the events lists."""
    french, english = Locale.objects.get(language_code="fr"), Locale.objects.get(language_code="en")
    for name in ("Université de Test", "École de Test"):
        Institution.objects.create(name=name, kind="university", country="FR")
    for slug in ("crise", "video"):
        topic = Topic.objects.create(name=slug.title(), slug=slug, locale=french)
        copy = topic.copy_for_translation(english)
        copy.save()
    french_home, _english_home = home_pages
    index = EventIndexPage(title="Événements", slug="evenements", summary="Les ateliers.")
    french_home.add_child(instance=index)
    copy = index.copy_for_translation(english)
    copy.save_revision().publish()


def quiet(message):
    pass


def test_scaled_data_set_is_a_working_site(demo_basics, client, django_user_model):
    ScaleLoader(40, report=quiet, out=open("/dev/null", "w")).run()  # noqa: SIM115

    assert sum(generated(model).count() for model in RESOURCE_MODELS) == 40
    assert EventPage.objects.filter(slug__startswith="atelier-scale-").count() == 8
    assert django_user_model.objects.filter(email__endswith=MEMBER_DOMAIN).count() == 20
    assert Registration.objects.filter(event__slug__startswith="atelier-scale-").exists()

    big = GuidePage.objects.get(import_key="scale-guidepage-0")
    comments = XtdComment.objects.filter(object_pk=str(big.pk))
    assert comments.count() == 300
    assert comments.filter(level=1).count() == 200
    reply = comments.filter(level=1).first()
    assert reply.parent_id == reply.thread_id != reply.pk

    member = django_user_model.objects.filter(email__endswith=MEMBER_DOMAIN).first()
    client.force_login(member)
    response = client.get(big.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="comment comment--level-1') == 100  # 50 threads

    profile = generated(JobProfilePage).first()
    assert client.get(profile.url).status_code == 200
    event = EventPage.objects.filter(slug__startswith="atelier-scale-").first()
    assert client.get(event.url).status_code == 200
    assert SearchDocument.objects.filter(object_id=profile.pk).exists()
    found = client.get("/fr/search/", {"q": profile.title.split(" (")[0], "language": "all"})
    assert profile.url in found.content.decode()

    ScaleLoader(50, report=quiet, out=open("/dev/null", "w")).run()  # noqa: SIM115
    assert sum(generated(model).count() for model in RESOURCE_MODELS) == 50
    assert comments.count() == 300
