"""Members' proposals, moved here from the resources app (issue #14).

The models already have their tables (resources' migration 0006 created
them): this migration only tells Django that they now belong here, on
those same tables, and moves their content types (hence their permissions,
as groups hold them, and any generic relation) to this app. The next
migration renames the tables.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("proposal", "proposalfile")


def move_content_types(apps, schema_editor, source="resources", target="contributions"):
    """Give the models' content types to `target`, keeping their ids: the
    permissions point at them, and groups at the permissions."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="contributions", target="resources")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("resources", "0008_proposals_leave_resources"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Proposal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("guide", "How-to guide"),
                                    ("talk", "Talk summary"),
                                    ("job_profile", "Job profile"),
                                    ("case_study", "Case study"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted for review"),
                                    ("changes_requested", "Changes requested"),
                                    ("published", "Published"),
                                    ("rejected", "Not published"),
                                ],
                                db_index=True,
                                default="draft",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        ("title", models.CharField(max_length=255, verbose_name="title")),
                        (
                            "language",
                            models.CharField(
                                choices=[("fr", "Français"), ("en", "English")],
                                max_length=8,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "data",
                            models.JSONField(blank=True, default=dict, verbose_name="data"),
                        ),
                        (
                            "feedback",
                            models.TextField(blank=True, verbose_name="editor's feedback"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="submitted at"
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="resource_proposals",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="member",
                            ),
                        ),
                        (
                            "page",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailcore.page",
                                verbose_name="page",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "proposal",
                        "verbose_name_plural": "proposals",
                        "ordering": ["-updated_at", "-pk"],
                        "db_table": "resources_proposal",
                        "indexes": [
                            models.Index(
                                fields=["member", "submitted_at"],
                                name="proposal_member_submitted",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ProposalFile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="wagtaildocs.document",
                            ),
                        ),
                        (
                            "image",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="wagtailimages.image",
                            ),
                        ),
                        (
                            "proposal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="files",
                                to="contributions.proposal",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "proposal file",
                        "verbose_name_plural": "proposal files",
                        "ordering": ["pk"],
                        "db_table": "resources_proposalfile",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("document__isnull", False), ("image__isnull", True)),
                                    models.Q(("document__isnull", True), ("image__isnull", False)),
                                    _connector="OR",
                                ),
                                name="proposal_file_document_or_image",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
