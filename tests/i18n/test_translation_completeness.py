"""English pages in English: one page of each kind from the demo is
translated with wagtail-localize's own machinery (a translation source, a
translation into English, every segment translated, published), and the
English page must show none of the French page's text."""

import json

import pytest
from django.core.management import call_command
from django.db import models
from django.test import Client
from modelcluster.models import get_all_child_relations
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from community.models import User
from events.models import EventIndexPage, EventPage
from home.models import HomePage
from resources.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    GuideIndexPage,
    GuidePage,
    JobProfileIndexPage,
    JobProfilePage,
    ResourceIndexPage,
    TalkIndexPage,
    TalkPage,
)

from .typography import visible_text

pytestmark = pytest.mark.django_db

PAGE_KINDS = [
    GuidePage,
    TalkPage,
    JobProfilePage,
    CaseStudyPage,
    EventPage,
    EventIndexPage,
    ResourceIndexPage,
    GuideIndexPage,
    TalkIndexPage,
    JobProfileIndexPage,
    CaseStudyIndexPage,
    HomePage,
]
MARK = "EN⟦{}⟧"


def strings_in(value):
    """Every string inside a field's value (StreamField JSON included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)


def text_of(instance):
    """The prose a reader sees from an object's text fields: strings with a
    space in them, HTML tags removed (choice values, slugs and addresses
    have none)."""
    for field in instance._meta.get_fields():
        if not getattr(field, "concrete", False) or getattr(field, "choices", None):
            continue
        if isinstance(field, models.URLField | models.SlugField | models.EmailField):
            continue
        if isinstance(field, StreamField):
            raw = getattr(instance, field.name).get_prep_value()
            values = strings_in(json.loads(raw) if isinstance(raw, str) else raw)
        elif isinstance(field, RichTextField | models.TextField | models.CharField):
            values = [getattr(instance, field.name) or ""]
        else:
            continue
        for value in values:
            for line in visible_text(f"<p>{value}</p>").split("\n"):
                if " " in line.strip() and len(line) > 10:
                    yield field.name, line.strip()
    for relation in get_all_child_relations(type(instance)):
        for child in getattr(instance, relation.get_accessor_name()).all():
            for name, line in text_of(child):
                yield f"{relation.get_accessor_name()}.{name}", line


def translate_into_english(page, editor, on_commit):
    """What an editor does in wagtail-localize: translate the page into
    English, fill every segment, publish."""
    english = Locale.objects.get(language_code="en")
    for existing in page.get_translations().filter(locale=english):
        existing.delete()
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=english)
    for number, segment in enumerate(
        StringSegment.objects.filter(source=source).select_related("string", "context")
    ):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=english,
            context=segment.context,
            data=MARK.format(number),
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            last_translated_by=editor,
        )
    with on_commit(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(user=editor, publish=True)
    return page.get_translation(english)


def test_every_page_kind_translates_completely_into_english(
    django_capture_on_commit_callbacks,
):
    call_command("load_demo", verbosity=0)
    editor = User.objects.get(email="editrice@cmhub.example")
    client = Client()
    client.force_login(editor)
    leftovers = []
    for model in PAGE_KINDS:
        # The demo's page of this kind with the most text in the most fields.
        french = max(
            model.objects.live().filter(locale__language_code="fr").specific(),
            key=lambda page: len({name for name, _line in text_of(page)}),
        )
        english = translate_into_english(french, editor, django_capture_on_commit_callbacks)
        response = client.get(english.url)
        assert response.status_code == 200, english.url
        shown = visible_text(response.content.decode(), language="en")
        for name, line in text_of(french):
            if line in shown:
                leftovers.append(f"{model.__name__}.{name}: {line[:80]!r}")
    assert leftovers == [], "French left on English pages:\n" + "\n".join(leftovers)


def test_the_demo_english_event_has_english_prerequisites_programme_and_description(client):
    call_command("load_demo", verbosity=0)
    client.force_login(User.objects.get(email="membre@cmhub.example"))
    event = EventPage.objects.get(
        locale__language_code="en", slug="micro-programme-part-1-fundamentals"
    )
    shown = visible_text(client.get(event.url).content.decode(), language="en")
    assert "Have a personal Facebook and LinkedIn account. Bring a laptop." in shown
    assert "Setting up a Facebook page and running a fan page" in shown
    assert "The community management micro-programme has three parts." in shown
    french = EventPage.objects.get(
        translation_key=event.translation_key, locale__language_code="fr"
    )
    # The place keeps its own name and address (in Sherbrooke, in French).
    leftovers = [
        line for name, line in text_of(french) if line in shown and name not in ("venue", "address")
    ]
    assert leftovers == []
