"""Platforms became translatable (community 0012–0014, Wagtail's recipe):
on a database that has platforms and pages filed under them, as an
installation upgraded from the previous release has, every platform becomes
the default language's, with a translation key of its own, and keeps its
id, so pages stay filed under it."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from community.models import Platform
from resources.models import GuideIndexPage, GuidePage
from tests.resources.factories import make_guide
from tests.transactional import TRANSACTIONAL_MODULE

pytestmark = TRANSACTIONAL_MODULE

BEFORE = [("community", "0011_bookmarks_flag_reasons_comment_edits")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_platforms_become_the_default_language_rows(sections):
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1)
    old = migrate(BEFORE)
    try:
        OldPlatform = old.get_model("community", "Platform")
        mastodon = OldPlatform.objects.create(name="Mastodon", slug="mastodon")
        facebook = OldPlatform.objects.get(slug="facebook")
        before = dict(OldPlatform.objects.values_list("pk", "slug"))
        through = GuidePage.platforms.through  # a table these migrations leave alone
        through.objects.create(guidepage_id=guide.pk, platform_id=mastodon.pk)
        through.objects.create(guidepage_id=guide.pk, platform_id=facebook.pk)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert len(before) == 10  # the nine of the starting list, and Mastodon
    assert dict(Platform.objects.values_list("pk", "slug")) == before
    assert set(Platform.objects.values_list("locale__language_code", flat=True)) == {"fr"}
    keys = list(Platform.objects.values_list("translation_key", flat=True))
    assert None not in keys and len(set(keys)) == len(keys)
    assert sorted(guide.platforms.values_list("slug", flat=True)) == ["facebook", "mastodon"]
    # And the rows are translatable now.
    english = Platform.objects.get(slug="mastodon").copy_for_translation(
        sections[(GuideIndexPage, "en")].locale
    )
    english.save()
    assert Platform.objects.filter(slug="mastodon").count() == 2
