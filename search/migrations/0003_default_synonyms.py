"""A starter list of synonyms, and the Editors' rights on search.

Editors manage the synonym list (Wagtail admin → Synonyms), read the search
report (Reports → Search terms) and promote pages for a search (Settings →
Promoted search results). The synonyms are the words French, Québec and
English-speaking community managers in higher education use for the same
thing; editors complete the list from the report's searches that found
nothing.

A search for a word or phrase of an entry finds the others. A phrase only
counts as a whole, and words are compared without accents or case but as
written (not stemmed): common plurals are listed too.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# (terms, language): "" for both languages.
SYNONYMS = [
    (
        "community manager, gestionnaire de communauté, animateur de communauté, "
        "animatrice de communauté, CM",
        "",
    ),
    ("newsletter, infolettre, lettre d'information", ""),
    ("e-mail, email, courriel, mail", ""),
    ("e-réputation, réputation en ligne, ereputation, online reputation", ""),
    ("réseaux sociaux, médias sociaux, social media, social networks", ""),
    ("gestion de crise, communication de crise, crisis management, crisis communication", ""),
    ("bad buzz, badbuzz, backlash", ""),
    ("influenceur, influenceuse, influenceurs, influenceuses, influencer, influencers", ""),
    ("créateur de contenu, créatrice de contenu, content creator", ""),
    ("webinaire, webinaires, webinar, webinars, webconférence", ""),
    ("hashtag, hashtags, mot-dièse, mots-dièse, mot-clic, mots-clics", ""),
    ("fiche de poste, description de poste, profil de poste, job description", ""),
    ("tableau de bord, dashboard", ""),
    ("portes ouvertes, journée portes ouvertes, open house, open day", ""),
    ("vidéo courte, vidéos courtes, format court, short video, reel, reels", ""),
    ("calendrier éditorial, planning éditorial, editorial calendar, content calendar", ""),
    ("alumni, anciens élèves, anciens étudiants", ""),
    ("étudiants internationaux, étudiants étrangers, international students", ""),
    ("KPI, indicateurs clés, indicateurs de performance, key performance indicators", ""),
    ("SEO, référencement naturel, search engine optimization", ""),
    # Québec French.
    ("cégep, collège d'enseignement général et professionnel", "fr"),
    ("clavardage, messagerie instantanée, chat en ligne", "fr"),
]

EDITOR_PERMISSIONS = [
    ("cmsearch", "synonym", ["add", "change", "delete", "view"]),
    ("cmsearch", "searchquerystat", ["view"]),
    ("wagtailsearchpromotions", "searchpromotion", ["add", "change", "delete"]),
]


def _permissions(apps):
    Permission = apps.get_model("auth.Permission")
    found = []
    for app_label, model, actions in EDITOR_PERMISSIONS:
        found.extend(
            Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )
    return found


def forwards(apps, schema_editor):
    # Django creates model permissions after migrations (post_migrate).
    for label in ("cmsearch", "wagtailsearchpromotions"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*_permissions(apps))

    Synonym = apps.get_model("cmsearch", "Synonym")
    for terms, language in SYNONYMS:
        Synonym.objects.get_or_create(terms=terms, language=language)


def backwards(apps, schema_editor):
    Synonym = apps.get_model("cmsearch", "Synonym")
    for terms, language in SYNONYMS:
        Synonym.objects.filter(terms=terms, language=language).delete()
    Group = apps.get_model("auth.Group")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("cmsearch", "0002_fulltext"),
        ("community", "0003_create_groups"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
