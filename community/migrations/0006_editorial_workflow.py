"""Turn Wagtail's default "Moderators approval" workflow into CM Hub's
editorial review: pages submitted for moderation are approved by Editors
(Moderators moderate comments, not pages)."""

from django.db import migrations


def use_editors_for_review(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    editors = Group.objects.get(name="Editors")
    for task in GroupApprovalTask.objects.filter(groups__name="Moderators"):
        task.groups.set([editors])
        task.name = "Relecture éditoriale"
        task.save(update_fields=["name"])
        for workflow in Workflow.objects.filter(workflow_tasks__task=task):
            workflow.name = "Relecture éditoriale"
            workflow.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0005_default_audiences_platforms"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(use_editors_for_review, migrations.RunPython.noop)]
