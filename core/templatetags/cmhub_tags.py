"""Template helpers used by every page of the site."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the current page in every language.

    On a Wagtail page, the link goes to its translation when one is live, and
    to that language's home page otherwise. On other views (login, search…),
    Django's translate_url swaps the language prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    translations = {}
    if isinstance(page, Page):
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translated.locale.language_code] = translated
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            target = translations.get(code)
            url = target.get_url(request) if target is not None else language_home_url(code)
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = language_home_url(code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links, "request": request}


def language_home_url(code):
    """Each language's home page is the site root under its prefix (/fr/, /en/)."""
    with translation.override(code):
        return reverse("wagtail_serve", args=[""])


@register.simple_tag
def home_url():
    """The home page of the active language (no database query)."""
    return language_home_url(translation.get_language() or settings.LANGUAGE_CODE)
