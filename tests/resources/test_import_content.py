"""manage.py import_content: every kind of resource from one JSON file,
idempotent, all-or-nothing, and searchable once imported."""

import datetime
import json
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Site

from community.models import Institution, InstitutionEmailDomain, Person, Topic
from resources.models import CaseStudyPage, GuidePage, JobProfilePage, TalkPage

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid_import.json"
INVALID = DATA / "invalid_import.json"
RESOURCE_MODELS = (GuidePage, TalkPage, JobProfilePage, CaseStudyPage)


@pytest.fixture
def existing(sections):
    """What the valid file names without defining: an institution, a person
    (in both languages) and topics, as an installation already has them."""
    french = Locale.objects.get(language_code="fr")
    english = Locale.objects.get(language_code="en")
    institution = Institution.objects.create(name="Université Rhône-Confluence", kind="university")
    claire = Person.objects.create(
        locale=french, first_name="Claire", last_name="Vasseur", institution=institution
    )
    claire_en = claire.copy_for_translation(english)
    claire_en.save()
    for slug in ("e-reputation", "mesure", "metier"):
        topic = Topic.objects.create(locale=french, slug=slug, name=slug.title())
        topic.copy_for_translation(english).save()
    return {"claire": claire, "claire_en": claire_en}


def run_import(path, *args):
    out = StringIO()
    call_command("import_content", str(path), *args, stdout=out)
    return out.getvalue()


def imported(model, key):
    return model.objects.get(import_key=key)


def counts():
    return (
        *(model.objects.count() for model in RESOURCE_MODELS),
        Institution.objects.count(),
        Person.objects.count(),
        Topic.objects.count(),
    )


def test_valid_file_imports_every_kind(existing):
    output = run_import(VALID)

    assert "[1/8] guide guide-moderation … created" in output
    assert "[8/8]" in output
    assert "case-draft … created (draft)" in output
    assert "resources: 8 created, 0 updated" in output

    hecl = Institution.objects.get(short_name="HECL")
    assert hecl.country == "CH"
    assert InstitutionEmailDomain.objects.get(domain="hecl.example").institution == hecl
    assert set(
        Topic.objects.filter(slug="moderation").values_list("locale__language_code", flat=True)
    ) == {"fr", "en"}
    assert Topic.objects.get(slug="moderation", locale__language_code="en").name == "Moderation"
    lea_fr = Person.objects.get(last_name="Girard", locale__language_code="fr")
    lea_en = Person.objects.get(last_name="Girard", locale__language_code="en")
    assert (lea_fr.role, lea_en.role) == ("Responsable de la modération", "Head of moderation")
    assert lea_fr.translation_key == lea_en.translation_key
    assert lea_fr.institution == hecl

    guide = imported(GuidePage, "guide-moderation")
    assert guide.live and guide.slug == "moderer-les-commentaires-dune-page-detablissement"
    assert guide.get_parent().specific_class.__name__ == "GuideIndexPage"
    assert [block.block_type for block in guide.body] == [
        "step",
        "step",
        "checklist",
        "do_dont",
        "legal_note",
        "paragraph",
        "quote",
        "callout",
    ]
    assert guide.body[0].value["title"] == "Publier une charte"
    assert list(guide.body[2].value["items"]) == ["Charte publiée", "Deux modérateurs désignés"]
    assert guide.body[4].value["subject"] == "privacy"
    # Rich text is stored as the page editor saves it (with its block keys).
    assert re.sub(r' data-block-key="\w+"', "", guide.body[5].value.source) == (
        "<p>La modération se prépare avant la crise.</p>"
    )
    assert guide.author == lea_fr
    assert guide.institution == hecl
    assert guide.difficulty == "intermediate" and guide.estimated_minutes == 45
    assert guide.last_reviewed == datetime.date(2025, 3, 14)
    assert timezone.localdate(guide.first_published_at) == datetime.date(2025, 3, 14)
    assert sorted(guide.topics.values_list("slug", flat=True)) == ["e-reputation", "moderation"]
    assert sorted(guide.platforms.values_list("slug", flat=True)) == ["facebook", "instagram"]
    assert sorted(guide.audiences.values_list("kind", flat=True)) == [
        "community_managers",
        "staff",
    ]

    guide_en = imported(GuidePage, "guide-moderation-en")
    assert guide_en.locale.language_code == "en"
    assert guide_en.translation_key == guide.translation_key
    assert guide_en.get_parent().locale.language_code == "en"
    assert guide_en.body[0].value["title"] == "Publish a policy"
    assert guide_en.author == lea_en  # copied from the original, then localised
    assert list(guide_en.topics.values_list("locale__language_code", "slug")) == [
        ("en", "moderation")
    ]
    assert guide_en.first_published_at == datetime.datetime(2025, 4, 2, 8, 30, tzinfo=datetime.UTC)

    talk = imported(TalkPage, "talk-moderation")
    assert [speaker.person for speaker in talk.speakers.order_by("sort_order")] == [
        lea_fr,
        existing["claire"],
    ]
    assert talk.date == datetime.date(2025, 5, 20) and talk.format == "online"
    assert [block.value["question"] for block in talk.questions] == [
        "Faut-il répondre aux trolls ?",
        "Combien de modérateurs ?",
    ]
    assert talk.takeaway_list == ["Transparence", "Conversation"]
    talk_en = imported(TalkPage, "talk-moderation-en")
    assert talk_en.translation_key == talk.translation_key
    assert [speaker.person for speaker in talk_en.speakers.order_by("sort_order")] == [
        lea_en,
        existing["claire_en"],
    ]
    assert talk_en.takeaway_list == ["Transparency", "Conversation"]
    assert talk_en.date == talk.date  # not in the translation: copied from the original

    moderator = imported(JobProfilePage, "profile-moderator")
    swiss = imported(JobProfilePage, "profile-cm-swiss")
    assert moderator.missions == "Appliquer la charte\nSignaler les crises"
    assert moderator.list_of("synonyms") == ["Modérateur", "Community moderator"]
    assert (moderator.salary_min, moderator.salary_max) == (26000, 32000)
    assert moderator.source_date == datetime.date(2025, 1, 10)
    assert swiss.slug == "cm-suisse-romande" and swiss.salary_currency == "CHF"
    assert [link.profile_id for link in moderator.related_profiles.all()] == [swiss.pk]
    assert [link.profile_id for link in swiss.related_profiles.all()] == [moderator.pk]

    case = imported(CaseStudyPage, "case-newsletter")
    assert case.kind == "success"
    assert case.institution.name == "Université Rhône-Confluence"
    assert [step.value["date"] for step in case.timeline] == [
        datetime.date(2025, 9, 1),
        datetime.date(2025, 9, 15),
    ]
    assert [figure.value["value"] for figure in case.results] == [Decimal("41.5"), Decimal("12")]
    assert list(case.platforms.values_list("slug", flat=True)) == ["newsletter"]

    draft = imported(CaseStudyPage, "case-draft")
    assert not draft.live and draft.first_published_at is None
    assert draft.get_latest_revision_as_object().title == "Un cas encore en relecture"


def test_importing_again_updates_and_duplicates_nothing(existing, tmp_path):
    run_import(VALID)
    before = counts()

    data = json.loads(VALID.read_text())
    data["resources"][0]["title"] = "Modérer les commentaires, édition revue"
    data["resources"][0]["topics"] = ["moderation"]
    data["people"][0]["role"]["fr"] = "Directrice de la modération"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data))
    output = run_import(changed)

    assert counts() == before
    assert "resources: 0 created, 8 updated" in output
    guide = imported(GuidePage, "guide-moderation")
    assert guide.title == "Modérer les commentaires, édition revue"
    assert guide.slug == "moderer-les-commentaires-dune-page-detablissement"  # given once, kept
    assert list(guide.topics.values_list("slug", flat=True)) == ["moderation"]
    assert timezone.localdate(guide.first_published_at) == datetime.date(2025, 3, 14)
    assert Person.objects.get(last_name="Girard", locale__language_code="fr").role == (
        "Directrice de la modération"
    )
    moderator = imported(JobProfilePage, "profile-moderator")
    assert moderator.related_profiles.count() == 1


def test_a_draft_update_leaves_the_live_page_alone(existing, tmp_path):
    run_import(VALID)
    data = json.loads(VALID.read_text())
    data["resources"][0]["title"] = "Titre en relecture"
    data["resources"][0]["published"] = False
    changed = tmp_path / "draft.json"
    changed.write_text(json.dumps(data))

    run_import(changed)

    guide = imported(GuidePage, "guide-moderation")
    assert guide.live and guide.title == "Modérer les commentaires d'une page d'établissement"
    assert guide.has_unpublished_changes
    assert guide.get_latest_revision_as_object().title == "Titre en relecture"


def test_invalid_file_imports_nothing_and_reports_every_problem(existing):
    before = counts()

    with pytest.raises(CommandError) as raised:
        run_import(INVALID)

    message = str(raised.value)
    expected = [
        "14 problems found, nothing was imported",
        "file: unknown field 'comment'",
        "institutions[0] (name 'École sans type'): kind is required for a new institution",
        "people[0] (key 'anonyme'): last_name is required",
        "resources[0] (key 'guide-incomplet'): summary is required",
        "resources[0] (key 'guide-incomplet'): body[0]: block type 'carousel' is unknown",
        "resources[0] (key 'guide-incomplet'): body[1].title: This field is required.",
        "resources[0] (key 'guide-incomplet'): topics: no topic 'inconnu' in French",
        "resources[1] (key 'podcast-1'): kind 'podcast' is unknown",
        "resources[2] (key 'talk-sans-date'): date: '2025-02-30' is not a valid date",
        "resources[2] (key 'talk-sans-date'): speakers: 'Personne Inconnue' is neither the key",
        "resources[3] (key 'profil-cher'): salary_max must not be below salary_min",
        "resources[3] (key 'profil-cher'): unknown field 'salaire'",
        "resources[4] (key 'guide-incomplet'): key 'guide-incomplet' is already used by "
        "resources[0]",
    ]
    for text in expected:
        assert text in message
    assert counts() == before
    assert not any(model.objects.exclude(import_key="").exists() for model in RESOURCE_MODELS)


def test_blocks_name_images_and_documents_of_the_library(existing, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    charter = Document(title="Charte de modération")
    charter.file.save("charte.pdf", ContentFile(b"%PDF-1.4 charte"), save=True)
    rota = Image.objects.create(title="Tour de garde", file=get_test_image_file())
    data = json.loads(VALID.read_text())
    data["resources"][0]["body"] += [
        {"type": "image", "image": {"image": "Tour de garde"}, "caption": "Le planning"},
        {"type": "document", "document": "Charte introuvable"},
    ]
    data["resources"][2]["slides"] = "Charte de modération"
    media = tmp_path / "media.json"
    media.write_text(json.dumps(data))

    with pytest.raises(CommandError) as raised:
        run_import(media)
    assert "body[8].image.alt_text: " in str(raised.value)
    assert "body[9].document: no document titled 'Charte introuvable'" in str(raised.value)

    data["resources"][0]["body"][8]["image"]["alt_text"] = "Le planning des modérateurs"
    data["resources"][0]["body"][9]["document"] = "Charte de modération"
    media.write_text(json.dumps(data))
    run_import(media)

    guide = imported(GuidePage, "guide-moderation")
    assert guide.body[8].value["image"].pk == rota.pk
    assert guide.body[8].value["image"].contextual_alt_text == "Le planning des modérateurs"
    assert guide.body[9].value["document"] == charter
    assert imported(TalkPage, "talk-moderation").slides == charter


def test_a_resource_keeps_its_kind_and_language(existing, tmp_path):
    run_import(VALID)
    data = json.loads(VALID.read_text())
    data["resources"][6]["kind"] = "guide"  # case-newsletter
    data["resources"][6]["body"] = [{"type": "paragraph", "value": "<p>Texte.</p>"}]
    for field in ("case_kind", "context", "timeline", "results", "lessons"):
        del data["resources"][6][field]
    data["resources"][5]["language"] = "en"  # profile-cm-swiss
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data))

    with pytest.raises(CommandError) as raised:
        run_import(changed)

    message = str(raised.value)
    assert (
        "resources[6] (key 'case-newsletter'): key 'case-newsletter' belongs to the case_study "
        "'Relancer l'infolettre des anciens' in CM Hub; a resource cannot change kind"
    ) in message
    assert "resources[5] (key 'profile-cm-swiss'): key 'profile-cm-swiss' belongs to" in message
    assert "a resource cannot change language" in message


def test_a_block_type_that_is_not_a_name_is_reported(existing, tmp_path):
    """A block's "type" given as a list or an object is a problem of the
    file like any other, reported with its place, not a crash."""
    data = json.loads(VALID.read_text())
    data["resources"][0]["body"][0]["type"] = ["step"]
    data["resources"][6]["timeline"][0]["type"] = {"name": "step"}
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps(data))

    with pytest.raises(CommandError) as raised:
        run_import(odd, "--check")

    message = str(raised.value)
    assert "2 problems found, nothing was imported" in message
    assert (
        "resources[0] (key 'guide-moderation'): body[0]: block type ['step'] is unknown "
        "(expected one of: step, checklist,"
    ) in message
    assert "resources[6] (key 'case-newsletter'): timeline[0]: unknown field 'type'" in message


def test_check_option_validates_without_importing(existing):
    before = counts()
    output = run_import(VALID, "--check")
    assert "is valid: 8 resources" in output
    assert counts() == before


def test_unreadable_files_are_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_import(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": 1, "resources": [}')
    with pytest.raises(CommandError, match=r"invalid JSON at line 1, column 30"):
        run_import(broken)
    not_an_object = tmp_path / "list.json"
    not_an_object.write_text("[]")
    with pytest.raises(CommandError, match="the top level must be a JSON object"):
        run_import(not_an_object)


def test_an_installation_without_a_default_site_is_told_so(existing):
    """The Resources sections go under the default site's home page: with
    no default site, the command says so instead of failing."""
    Site.objects.all().delete()
    before = counts()

    with pytest.raises(CommandError) as raised:
        run_import(VALID)

    assert "nothing was imported. The site has no home page: no Wagtail site is the default" in (
        str(raised.value)
    )
    assert counts() == before


def test_a_site_without_an_english_home_page_gets_one(existing, home_pages):
    """A bare installation has only the French home page: the import
    completes the tree through the home app, as before the importer lived
    below it, and the English resources land under the English home."""
    french_home, english_home = home_pages
    english_home.delete()

    run_import(VALID)

    english_home = french_home.get_translations().get(locale__language_code="en")
    assert english_home.title == "Home"
    assert GuidePage.objects.filter(locale__language_code="en").descendant_of(english_home).exists()


def test_without_the_home_app_a_missing_english_home_page_is_told(
    existing, home_pages, monkeypatch
):
    """Resources alone cannot make a home page: without the home app's
    provider, the command asks for the translation instead."""
    from resources import tree

    monkeypatch.setattr(tree, "_home_pages_provider", None)
    french_home, english_home = home_pages
    english_home.delete()
    before = counts()

    with pytest.raises(CommandError) as raised:
        run_import(VALID)

    assert (
        f"The site has no home page in English: translate the home page '{french_home.title}' "
        "into English in the admin, then import again."
    ) in str(raised.value)
    assert counts() == before


def test_imported_pages_are_found_by_search(existing):
    run_import(VALID)

    guides = GuidePage.objects.live().search("quarantaine")
    assert {page.import_key for page in guides} >= {"guide-moderation"}
    # Speakers are stored after the page itself: the import indexes them too.
    french = Locale.objects.get(language_code="fr")
    talks = TalkPage.objects.live().filter(locale=french).search("Vasseur")
    assert [page.import_key for page in talks] == ["talk-moderation"]
    profiles = JobProfilePage.objects.live().search("modérateur")
    assert "profile-moderator" in {page.import_key for page in profiles}


def test_search_follows_what_a_new_import_changed(existing, tmp_path):
    """Wagtail's signals index a page before its new speakers are stored:
    the import's own indexing step keeps search right after an update."""
    run_import(VALID)
    data = json.loads(VALID.read_text())
    data["resources"][2]["speakers"] = ["lea-girard"]
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data))

    run_import(changed)

    french = Locale.objects.get(language_code="fr")
    assert not TalkPage.objects.live().filter(locale=french).search("Vasseur")
    assert TalkPage.objects.live().filter(locale=french).search("Girard")


def test_a_translation_made_in_the_admin_is_taken_over(existing, tmp_path):
    data = json.loads(VALID.read_text())
    translation = data["resources"].pop(1)  # the English guide
    original_only = tmp_path / "original.json"
    original_only.write_text(json.dumps(data))
    run_import(original_only)
    guide = imported(GuidePage, "guide-moderation")
    by_hand = guide.copy_for_translation(Locale.objects.get(language_code="en"))
    by_hand.save_revision().publish()

    data["resources"].append(translation)
    original_only.write_text(json.dumps(data))
    output = run_import(original_only)

    assert "guide guide-moderation-en … updated" in output
    english = GuidePage.objects.get(translation_key=guide.translation_key, locale=by_hand.locale)
    assert english.pk == by_hand.pk
    assert english.import_key == "guide-moderation-en"
    assert english.title == "Moderating comments on an institution's page"


def test_a_copy_made_in_the_admin_does_not_take_the_key(existing):
    run_import(VALID)
    guide = imported(GuidePage, "guide-moderation")

    copy = guide.copy(update_attrs={"slug": "copie-du-guide"})

    assert copy.specific.import_key == ""
