"""load_demo builds the whole demo and can run again without duplicating it."""

import pytest
from django.core.management import call_command
from django.test import Client

from community.models import Institution, Person, Topic, User
from home.models import HomePage
from resources.models import CaseStudyPage, GuidePage, JobProfilePage, TalkPage

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_prints_logins(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = (
        Institution.objects.count(),
        Person.objects.count(),
        Topic.objects.count(),
        User.objects.count(),
        HomePage.objects.count(),
    )
    call_command("load_demo")
    capsys.readouterr()
    assert counts == (
        Institution.objects.count(),
        Person.objects.count(),
        Topic.objects.count(),
        User.objects.count(),
        HomePage.objects.count(),
    )
    assert counts[0] >= 12
    assert {"FR", "CA"} <= set(Institution.objects.values_list("country", flat=True))
    assert len(set(Institution.objects.values_list("kind", flat=True))) >= 5
    assert (
        Person.objects.filter(locale__language_code="en").count()
        == Person.objects.filter(locale__language_code="fr").count()
    )
    assert "[1/" in first
    assert "membre@cmhub.example" in first
    assert "editrice@cmhub.example" in first
    assert "moderateur@cmhub.example" in first


def test_demo_accounts_can_log_in(client: Client):
    call_command("load_demo")
    from demo.loader import DEMO_PASSWORD

    for email in ("membre@cmhub.example", "editrice@cmhub.example", "moderateur@cmhub.example"):
        client.logout()
        response = client.post("/fr/account/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert client.get("/fr/").status_code == 200
    assert User.objects.get(email="editrice@cmhub.example").has_perm("wagtailadmin.access_admin")


def test_load_demo_brings_resources_of_every_kind_in_both_languages():
    call_command("load_demo")
    live = {
        model: model.objects.live().filter(locale__language_code="fr")
        for model in (GuidePage, TalkPage, JobProfilePage, CaseStudyPage)
    }
    counts = {model: pages.count() for model, pages in live.items()}
    call_command("load_demo")

    assert counts == {model: pages.count() for model, pages in live.items()}
    assert counts[GuidePage] >= 6
    assert counts[TalkPage] >= 4
    assert counts[JobProfilePage] >= 2
    assert counts[CaseStudyPage] >= 3
    assert {"EUR", "CAD"} <= set(live[JobProfilePage].values_list("salary_currency", flat=True))
    assert live[CaseStudyPage].filter(kind="crisis").exists()
    for model in (GuidePage, TalkPage, CaseStudyPage):
        english = model.objects.live().filter(locale__language_code="en")
        assert english.exists(), model
        assert all(page.get_translations().exists() for page in english)
    talks = TalkPage.objects.live().filter(shared_by__isnull=True)  # not members' summaries
    assert all(talk.speakers.exists() for talk in talks)
    assert any(
        "Transparence" in talk.key_takeaways for talk in talks.filter(locale__language_code="fr")
    )
    assert any(guide.needs_review(review_months=12) for guide in live[GuidePage])
    assert len({page.first_published_at.date() for page in live[GuidePage]}) == counts[GuidePage]


def test_the_demo_names_platforms_in_english_on_english_pages(member_client):
    """The demo translates its platforms: the English case study filed under
    "Plateformes de partage de documents" reads "Document-sharing platforms",
    its French original the French name; loading again adds no platform."""
    from community.models import Platform

    call_command("load_demo")
    call_command("load_demo")
    canonical = Platform.objects.canonical()
    assert Platform.objects.filter(locale__language_code="en").count() == canonical.count()
    sharing = canonical.get(slug="document-sharing")
    pages = list(CaseStudyPage.objects.live().filter(platforms=sharing).select_related("locale"))
    assert {page.locale.language_code for page in pages} == {"fr", "en"}
    for page in pages:
        html = member_client.get(page.url).content.decode()
        english = page.locale.language_code == "en"
        assert ("Document-sharing platforms" in html) is english
        assert ("Plateformes de partage de documents" in html) is not english
