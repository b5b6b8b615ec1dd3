"""wagtail-localize's translation editor, read by a French-speaking editor:
French language names inside French sentences, a space after "Publier en",
and dates in French."""

import datetime
import html
import json
import re

import pytest
from django.utils import timezone
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from resources.models import GuideIndexPage
from tests.resources.factories import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def translation_in_progress(sections, editor):
    """A French guide being translated into English, its title translated
    by hand on 1 December 2026 and its summary on the 3rd."""
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1, title="Ouvrir un compte Instagram")
    english = Locale.objects.get(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(guide)
    translation = Translation.objects.create(source=source, target_locale=english)
    translation.save_target(user=editor)
    days = {"title": 1, "summary": 3}
    for segment in StringSegment.objects.filter(source=source, context__path__in=days):
        done = StringTranslation.objects.create(
            translation_of=segment.string,
            locale=english,
            context=segment.context,
            data=f"EN {segment.string.data}",
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            last_translated_by=editor,
        )
        when = timezone.make_aware(datetime.datetime(2026, 12, days[segment.context.path], 10))
        StringTranslation.objects.filter(pk=done.pk).update(updated_at=when)
    return guide.get_translation(english)


def editor_props(response):
    props = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response)
    return json.loads(html.unescape(props.group(1)))


def test_the_translation_editor_speaks_french_to_a_french_editor(
    editor_client, translation_in_progress
):
    response = editor_client.get(f"/admin/pages/{translation_in_progress.pk}/edit/")
    assert response.status_code == 200
    page = response.content.decode()
    props = editor_props(page)

    assert props["sourceLocale"]["displayName"] == "français"
    assert props["locale"]["displayName"] == "anglais"
    assert "Traduction de Ouvrir un compte Instagram en anglais" in html.unescape(page)
    comments = sorted(item["comment"] for item in props["initialStringTranslations"])
    assert comments == [
        "Traduit manuellement le 1er décembre 2026",
        "Traduit manuellement le 3 décembre 2026",
    ]


def test_publish_in_keeps_its_space_in_french(editor_client):
    catalogue = editor_client.get("/admin/localize/jsi18n/").content.decode()
    assert '"Publish in ": "Publier en "' in catalogue


def test_english_editors_read_english(editor_client, editor, translation_in_progress):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    props = editor_props(
        editor_client.get(f"/admin/pages/{translation_in_progress.pk}/edit/").content.decode()
    )
    assert props["locale"]["displayName"] == "English"
    comments = sorted(item["comment"] for item in props["initialStringTranslations"])
    assert comments == [
        "Translated manually on 1 December 2026",
        "Translated manually on 3 December 2026",
    ]
