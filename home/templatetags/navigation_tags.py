"""The main navigation: the sections of the active language."""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from events.models import EventIndexPage
from resources.models import ResourceIndexPage

register = template.Library()

SECTION_MODELS = (ResourceIndexPage, EventIndexPage)
CACHE_KEY = "navigation:sections:{language}"


@register.simple_tag
def main_sections():
    """[(title, url)] of the live Resources and Events pages of the active
    language; cached, and forgotten whenever a page is published or
    unpublished, so the header costs no query on most requests."""
    language = translation.get_language()
    key = CACHE_KEY.format(language=language)
    sections = cache.get(key)
    if sections is None:
        pages = (
            Page.objects.live()
            .type(*SECTION_MODELS)
            .filter(locale__language_code=language, depth=3)
            .order_by("path")
        )
        sections = [(page.title, page.url) for page in pages]
        cache.set(key, sections, 60 * 60)
    return sections


def forget_sections(**kwargs):
    for language, _name in settings.LANGUAGES:
        cache.delete(CACHE_KEY.format(language=language))


page_published.connect(forget_sections, dispatch_uid="navigation_forget_on_publish")
page_unpublished.connect(forget_sections, dispatch_uid="navigation_forget_on_unpublish")
