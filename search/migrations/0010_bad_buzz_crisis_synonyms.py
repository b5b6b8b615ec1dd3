"""A starter synonym of CM vocabulary: a "bad buzz" is a crisis on social
media, and the pages that tell how to handle one say "crise" ("Gestion de
crise en ligne", "une crise contenue en trois jours"); in English a
"backlash" is a "crisis". Before, "bad buzz" found only the pages saying
"bad buzz", "badbuzz" or "backlash".

Entries sharing a phrase are merged when a query is read (not chained): "bad
buzz" finds "crise", "crise" finds "bad buzz", and "crise" does not bring in
"backlash" on French pages.
"""

from django.db import migrations

# (terms, language): "" for both languages.
SYNONYMS = [
    ("bad buzz, crise", "fr"),
    ("backlash, crisis", "en"),
]


def forwards(apps, schema_editor):
    Synonym = apps.get_model("cmsearch", "Synonym")
    for terms, language in SYNONYMS:
        Synonym.objects.get_or_create(terms=terms, language=language)


def backwards(apps, schema_editor):
    Synonym = apps.get_model("cmsearch", "Synonym")
    for terms, language in SYNONYMS:
        Synonym.objects.filter(terms=terms, language=language).delete()


class Migration(migrations.Migration):
    dependencies = [("cmsearch", "0009_searchquerystat_typed")]

    operations = [migrations.RunPython(forwards, backwards)]
