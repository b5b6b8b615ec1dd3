"""More of the starter synonyms: acronyms (RS, RH), Québec and France
vocabulary (fin de semaine / week-end, clavarder / chat) and French word
families that Snowball does not join (gérer / gestion / gestionnaire,
former / formation, recruter / recrutement).

A seeded entry still as migration 0003 wrote it is extended in place (so
that "RS" finds everything "réseaux sociaux" finds); one an editor has
changed is left alone and the new words come as an entry of their own.
"""

from django.db import migrations

# (entry as 0003 seeded it, language, the entry now); None: a new entry.
CHANGES = [
    (
        "réseaux sociaux, médias sociaux, social media, social networks",
        "",
        "réseaux sociaux, RS, médias sociaux, social media, social networks",
    ),
    (
        "community manager, gestionnaire de communauté, animateur de communauté, "
        "animatrice de communauté, CM",
        "",
        "community manager, gestionnaire de communauté, animateur de communauté, "
        "animatrice de communauté, CM, social media manager",
    ),
    (
        "SEO, référencement naturel, search engine optimization",
        "",
        "SEO, référencement naturel, référencement, search engine optimization",
    ),
    (None, "", "RH, ressources humaines, HR, human resources"),
    (None, "", "fin de semaine, fins de semaine, week-end, weekend"),
    (None, "", "clavarder, clavardage, chat, tchat, chatter"),
    (None, "", "courriel, courriels, e-mail, email, courrier électronique"),
    (None, "fr", "gérer, gestion, gestionnaire"),
    (None, "fr", "former, formation, formateur, formatrice"),
    (None, "fr", "recruter, recrutement, recruteur"),
]


def forwards(apps, schema_editor):
    Synonym = apps.get_model("cmsearch", "Synonym")
    for seeded, language, terms in CHANGES:
        if seeded and Synonym.objects.filter(terms=seeded, language=language).update(terms=terms):
            continue
        Synonym.objects.get_or_create(terms=terms, language=language)


def backwards(apps, schema_editor):
    Synonym = apps.get_model("cmsearch", "Synonym")
    for seeded, language, terms in CHANGES:
        if seeded:
            Synonym.objects.filter(terms=terms, language=language).update(terms=seeded)
        else:
            Synonym.objects.filter(terms=terms, language=language).delete()


class Migration(migrations.Migration):
    dependencies = [("cmsearch", "0007_engine_backlog")]

    operations = [migrations.RunPython(forwards, backwards)]
