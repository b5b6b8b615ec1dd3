"""An index on Wagtail's stored URL path, which HomePage.route looks pages
up by (one query instead of one per level of the tree; docs/performance.md).
Wagtail does not index this column itself. The SQL is the same on
PostgreSQL and SQLite."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS cmhub_page_url_path ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS cmhub_page_url_path",
        ),
    ]
