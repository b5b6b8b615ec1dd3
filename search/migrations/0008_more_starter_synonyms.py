"""More of the starter synonyms: acronyms (RS, RH), Québec and France
vocabulary (fin de semaine / week-end, clavarder / chat) and French word
families that Snowball does not join (gérer / gestion / gestionnaire,
former / formation, recruter / recrutement).

The entries of migration 0003 stay as they are (editors may have changed
them); entries sharing a phrase are merged when a query is read, so "RS"
below finds everything "réseaux sociaux" finds.
"""

from django.db import migrations

# (terms, language): "" for both languages.
SYNONYMS = [
    ("RS, réseaux sociaux, médias sociaux, social media, social networks", ""),
    ("RH, ressources humaines, HR, human resources", ""),
    ("SEO, référencement", ""),
    ("CM, community manager, social media manager", ""),
    ("fin de semaine, fins de semaine, week-end, weekend", ""),
    ("clavarder, clavardage, chat, tchat, chatter", ""),
    ("courriel, courriels, e-mail, courrier électronique", ""),
    ("gérer, gestion, gestionnaire", "fr"),
    ("former, formation, formateur, formatrice", "fr"),
    ("recruter, recrutement, recruteur", "fr"),
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
    dependencies = [("cmsearch", "0007_engine_backlog")]

    operations = [migrations.RunPython(forwards, backwards)]
