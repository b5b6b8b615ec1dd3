"""Replace Wagtail's welcome page with the French HomePage and add the
English locale. The English home page is a translation made by editors (or
by load_demo) with wagtail-localize."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    page_content_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_content_type, slug="home", depth=2).delete()

    french, _ = Locale.objects.get_or_create(language_code="fr")
    Locale.objects.get_or_create(language_code="en")

    homepage_content_type, _ = ContentType.objects.get_or_create(
        model="homepage", app_label="home"
    )
    homepage = HomePage.objects.create(
        title="Accueil",
        draft_title="Accueil",
        heading="Bienvenue sur CM Hub",
        slug="accueil",
        content_type=homepage_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale=french,
        live=True,
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", root_page=homepage, is_default_site=True, site_name="CM Hub"
    )
    # django.contrib.sites names the site in account e-mails (allauth).
    DjangoSite = apps.get_model("sites.Site")
    DjangoSite.objects.update_or_create(
        pk=1, defaults={"domain": "cmhub.example", "name": "CM Hub"}
    )


def remove_homepage(apps, schema_editor):
    HomePage = apps.get_model("home.HomePage")
    HomePage.objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
