"""The fixed list of audiences, a starting list of platforms, and the
editors' rights on platforms."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUDIENCES = ["students", "staff", "teachers", "community_managers"]
PLATFORMS = [
    ("Facebook", "facebook"),
    ("X (Twitter)", "x-twitter"),
    ("Instagram", "instagram"),
    ("LinkedIn", "linkedin"),
    ("YouTube", "youtube"),
    ("TikTok", "tiktok"),
    ("Blog", "blog"),
    ("Newsletter", "newsletter"),
    ("Plateformes de partage de documents", "document-sharing"),
]


def create_defaults(apps, schema_editor):
    Audience = apps.get_model("community.Audience")
    Platform = apps.get_model("community.Platform")
    for kind in AUDIENCES:
        Audience.objects.get_or_create(kind=kind)
    for name, slug in PLATFORMS:
        Platform.objects.get_or_create(slug=slug, defaults={"name": name})

    app_config = apps.get_app_config("community")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="community",
                content_type__model="platform",
            )
        )


class Migration(migrations.Migration):
    dependencies = [("community", "0004_platforms_audiences")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
