"""Index the file names of Wagtail's documents, images and renditions:
/media/ finds the record a file belongs to by its name (core/media.py)."""

from django.db import migrations

INDEXES = [
    ("cmhub_document_file", "wagtaildocs_document"),
    ("cmhub_image_file", "wagtailimages_image"),
    ("cmhub_rendition_file", "wagtailimages_rendition"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_comment_settings"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} (file)",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, table in INDEXES
    ]
