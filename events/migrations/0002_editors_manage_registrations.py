"""Editors organise events: they see each event's registrants and waitlist
and may cancel a registration. Django creates model permissions after
migrations (post_migrate), so this migration creates the events app's first."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = ["view_registration", "change_registration"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events", codename__in=EDITOR_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="events", codename__in=EDITOR_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("community", "0003_create_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
