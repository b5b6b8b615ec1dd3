"""Existing platforms become the default language's (French) rows, each with
a translation key of its own (Wagtail's recipe for making a model
translatable: nullable fields, this, then the constraints)."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [("community", "0012_platform_locale_and_translation_key")]

    operations = [BootstrapTranslatableModel("community.Platform")]
