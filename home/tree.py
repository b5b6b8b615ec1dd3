"""The skeleton of the page tree that every installation needs: the French
home page (created by migration) and its English translation."""

from django.db import transaction
from wagtail.models import Locale, Site

from .models import HomePage

ENGLISH_HOME = {
    "title": "Home",
    "slug": "home",
    "heading": "Welcome to CM Hub",
}


@transaction.atomic
def ensure_home_pages():
    """Return the French and English home pages, creating the English
    translation of the site's root page when it is missing."""
    site = Site.objects.get(is_default_site=True)
    french_home = site.root_page.specific
    english, _ = Locale.objects.get_or_create(language_code="en")
    english_home = HomePage.objects.filter(
        translation_key=french_home.translation_key, locale=english
    ).first()
    if english_home is None:
        english_home = french_home.copy_for_translation(english)
        for field, value in ENGLISH_HOME.items():
            setattr(english_home, field, value)
        english_home.save_revision().publish()
        english_home.refresh_from_db()
    return french_home, english_home
