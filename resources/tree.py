"""The Resources section of the page tree, in French and English."""

from django.db import transaction
from wagtail.models import Locale, Site

from .models import (
    CaseStudyIndexPage,
    GuideIndexPage,
    JobProfileIndexPage,
    ResourceIndexPage,
    TalkIndexPage,
)

#: model, French (title, slug, summary), English (title, slug, summary)
SECTIONS = [
    (
        ResourceIndexPage,
        (
            "Ressources",
            "ressources",
            "Fiches conseil, interventions de professionnels, fiches de poste et retours "
            "d'expérience partagés par les CM de la communauté.",
        ),
        (
            "Resources",
            "resources",
            "How-to guides, practitioners' talks, job profiles and case studies shared by "
            "the community's CMs.",
        ),
    ),
    (
        GuideIndexPage,
        (
            "Fiches conseil",
            "fiches-conseil",
            "Des guides pas à pas pour ouvrir, animer et protéger les comptes de votre "
            "établissement.",
        ),
        (
            "How-to guides",
            "guides",
            "Step-by-step guides to open, run and protect your institution's accounts.",
        ),
    ),
    (
        TalkIndexPage,
        (
            "Interventions",
            "interventions",
            "Des professionnels racontent leur parcours, leur stratégie et leurs crises.",
        ),
        (
            "Talks",
            "talks",
            "Practitioners tell their career, their strategy and the crises they went through.",
        ),
    ),
    (
        JobProfileIndexPage,
        (
            "Fiches de poste",
            "fiches-de-poste",
            "Missions, compétences et salaires des métiers de l'animation de communautés, "
            "en France et au Québec.",
        ),
        (
            "Job profiles",
            "job-profiles",
            "Missions, skills and salaries of community management jobs in France and Québec.",
        ),
    ),
    (
        CaseStudyIndexPage,
        (
            "Retours d'expérience",
            "retours-experience",
            "Réussites et crises racontées par celles et ceux qui les ont vécues.",
        ),
        (
            "Case studies",
            "case-studies",
            "Successes and crises told by the people who went through them.",
        ),
    ),
]


class MissingHomePage(Exception):
    """The site has no home page to put the Resources sections under."""


#: The function that returns (and, if it must, completes) the French and
#: English home pages. The app that owns the home page type registers it
#: from its AppConfig.ready (resources cannot name it: it sits above).
_home_pages_provider = None


def register_home_pages(provider):
    """Let the home app say how to find its French and English home pages
    (``provider()`` returns both, creating the English translation if the
    installation has none yet)."""
    global _home_pages_provider
    _home_pages_provider = provider


def site_home_pages():
    """The French and English home pages the Resources sections go under.
    Asks the registered provider; without one, the default site's root page
    and its English translation as they are. MissingHomePage says which one
    is missing."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise MissingHomePage(
            "The site has no home page: no Wagtail site is the default one "
            "(Settings > Sites in the admin)."
        )
    if _home_pages_provider is not None:
        return _home_pages_provider()
    french_home = site.root_page.specific
    english_home = french_home.get_translations().filter(locale__language_code="en").first()
    if english_home is None:
        raise MissingHomePage(
            f"The site has no home page in English: translate the home page "
            f"'{french_home.title}' into English in the admin, then import again."
        )
    return french_home, english_home


@transaction.atomic
def ensure_resource_sections(french_home, english_home):
    """Create the Resources index and its four sections under each home page
    (the English ones as translations of the French); return them by model
    and language: {(model, "fr"): page, …}."""
    english = Locale.objects.get(language_code="en")
    pages = {}
    resources_fr = None
    for model, (fr_title, fr_slug, fr_summary), (en_title, en_slug, en_summary) in SECTIONS:
        parent_fr = french_home if model is ResourceIndexPage else resources_fr
        french = model.objects.child_of(parent_fr).filter(locale=parent_fr.locale).first()
        if french is None:
            french = model(title=fr_title, slug=fr_slug, summary=fr_summary)
            parent_fr.add_child(instance=french)
            french.save_revision().publish()
        english_page = model.objects.filter(
            translation_key=french.translation_key, locale=english
        ).first()
        if english_page is None:
            english_page = french.copy_for_translation(english)
            english_page.title = en_title
            english_page.slug = en_slug
            english_page.summary = en_summary
            english_page.save_revision().publish()
            english_page.refresh_from_db()
        pages[(model, "fr")] = french
        pages[(model, "en")] = english_page
        if model is ResourceIndexPage:
            resources_fr = french
    return pages


def section_for(resource_model, language_code):
    """The list page that holds `resource_model` pages in that language
    (e.g. the English "How-to guides" for GuidePage), or None."""
    index_model = next(
        model
        for model, *_languages in SECTIONS
        if model is not ResourceIndexPage and resource_model in model.allowed_subpage_models()
    )
    return index_model.objects.filter(locale__language_code=language_code).first()
