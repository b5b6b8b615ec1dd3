"""Create the three groups every CM Hub installation needs.

- Members: read the site, comment, register for events. No admin access.
- Editors: use the Wagtail admin to write, translate and publish pages,
  upload images and documents, manage institutions, people and topics.
- Moderators: use the Wagtail admin to moderate comments.

Wagtail's own initial migration creates "Editors" and "Moderators" groups
with its default rights; this migration resets them to CM Hub's roles.
Django creates model permissions after migrations (post_migrate), so this
migration creates the ones it needs first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODEL_PERMISSIONS = {
    "community": {
        "institution": ["add", "change", "delete", "view"],
        "institutionemaildomain": ["add", "change", "delete", "view"],
        "person": ["add", "change", "delete", "view"],
        "topic": ["add", "change", "delete", "view"],
    },
    "wagtailimages": {"image": ["add", "change", "choose"]},
    "wagtaildocs": {"document": ["add", "change", "choose"]},
}
EDITOR_EXTRA_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtail_localize", "translation", "submit_translation"),
]
MODERATOR_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("django_comments", "comment", "can_moderate"),
    ("django_comments", "comment", "change_comment"),
    ("django_comments", "comment", "view_comment"),
    ("django_comments", "commentflag", "view_commentflag"),
]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Page = apps.get_model("wagtailcore.Page")

    def permission(app_label, model, codename):
        return Permission.objects.get(
            content_type__app_label=app_label,
            content_type__model=model,
            codename=codename,
        )

    Group.objects.get_or_create(name="Members")
    for name in ("Editors", "Moderators"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.clear()
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()

    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, models in EDITOR_MODEL_PERMISSIONS.items():
        for model, actions in models.items():
            for action in actions:
                perm = permission(app_label, model, f"{action}_{model}")
                if app_label in ("wagtailimages", "wagtaildocs"):
                    for collection in Collection.objects.filter(depth=1):
                        GroupCollectionPermission.objects.get_or_create(
                            group=editors, collection=collection, permission=perm
                        )
                else:
                    editors.permissions.add(perm)
    for app_label, model, codename in EDITOR_EXTRA_PERMISSIONS:
        editors.permissions.add(permission(app_label, model, codename))
    for root in Page.objects.filter(depth=1):
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors,
                page=root,
                permission=permission("wagtailcore", "page", codename),
            )

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    for app_label, model, codename in MODERATOR_PERMISSIONS:
        moderators.permissions.add(permission(app_label, model, codename))


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Group.objects.filter(name__in=["Members", "Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_institutions_people_topics"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
        ("django_comments_xtd", "0008_auto_20200920_2037"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
