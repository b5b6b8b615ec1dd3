"""Generations of the search index: every document row belongs to one, the
`SearchIndex` row says which one members search, and a rebuild writes the
next one beside it before switching (search.indexer.rebuild). Existing rows
are generation 1, the live one until the first rebuild; the `SearchIndex`
row is created on first use (schema unknown, so `update_index --if-needed`
rebuilds once)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cmsearch", "0005_head_vector"),
        ("community", "0009_editors_manage_invitations"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchIndex",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("live", models.PositiveIntegerField(default=1)),
                ("building", models.PositiveIntegerField(blank=True, null=True)),
                ("heartbeat", models.DateTimeField(blank=True, null=True)),
                ("schema", models.CharField(blank=True, max_length=200)),
                ("built_at", models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.CreateModel(
            name="SearchRebuildChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("generation", models.PositiveIntegerField()),
                ("key", models.CharField(max_length=64)),
            ],
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="generation",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="searchdocument",
            name="key",
            field=models.CharField(max_length=64),
        ),
        migrations.AddConstraint(
            model_name="searchdocument",
            constraint=models.UniqueConstraint(
                fields=("generation", "key"), name="unique_search_document_key"
            ),
        ),
        migrations.AddConstraint(
            model_name="searchrebuildchange",
            constraint=models.UniqueConstraint(
                fields=("generation", "key"), name="unique_rebuild_change"
            ),
        ),
    ]
