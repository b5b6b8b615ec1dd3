"""Template helpers used by every page of the site."""

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from wagtail.embeds.models import Embed
from wagtail.models import Page

from core.links import public_url as _public_url
from core.routing import translation_urls
from core.shell import do_shell
from core.views import UNTRANSLATED_PARAMETER

register = template.Library()

#: {% shell "name" [shared] %}…{% endshell %}: the page shell (core/shell.py).
register.tag("shell", do_shell)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the current page in every language.

    On a Wagtail page, the link goes to its translation when one is live,
    with the same sub-route (a calendar's month) and query string (filters);
    otherwise the member stays on the page, which then says, in the language
    they chose, that it only exists in its own (``untranslated_notice``).
    On other views (login, search…), Django's translate_url swaps the
    language prefix; where the address has no counterpart (error pages),
    the link goes to that language's home.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    translations = translation_urls(page, request) if isinstance(page, Page) else {}
    here = translations.get(current) if isinstance(page, Page) else None
    rest = same_view_rest(request, here) if here else ""
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            url = translations.get(code)
            url = url + rest if url else untranslated_url(page, code, request)
        elif request is not None and code != current:
            # An address that resolves nowhere (a 404, a file under /media/)
            # comes back unchanged: then the language's home page, rather
            # than echoing the address into the page.
            path = request.get_full_path()
            url = translate_url(path, code)
            if url == path:
                url = language_home_url(code)
        else:
            url = language_home_url(code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links, "request": request}


def same_view_rest(request, page_url):
    """What follows the page's own address in the one the member is on: the
    route below the page (``calendar/2027/1/``) and the query string (its
    filters), without the only-exists-in notice's parameter. Its
    translation has the same routes and filters."""
    if request is None:
        return ""
    path = request.path
    route = path[len(page_url) :] if page_url.endswith("/") and path.startswith(page_url) else ""
    query = request.GET.copy()
    query.pop(UNTRANSLATED_PARAMETER, None)
    return route + (f"?{query.urlencode()}" if query else "")


def untranslated_url(page, code, request):
    """The page itself, asking for the notice that it has no ``code`` version."""
    return f"{page.get_url(request)}?{UNTRANSLATED_PARAMETER}={code}"


#: Only-exists-in notices, by the page's language (the text is read in the
#: language the member chose).
ONLY_EXISTS_IN = {
    "fr": gettext_lazy("This page only exists in French."),
    "en": gettext_lazy("This page only exists in English."),
}


@register.inclusion_tag("includes/untranslated_notice.html", takes_context=True)
def untranslated_notice(context):
    """On a page the member asked to read in another language it has no
    version in: a notice, in that language, with its home page's link."""
    request = context.get("request")
    page = context.get("page")
    wanted = request.GET.get(UNTRANSLATED_PARAMETER, "") if request is not None else ""
    if (
        not isinstance(page, Page)
        or wanted not in dict(settings.LANGUAGES)
        or wanted == page.locale.language_code
    ):
        return {"notice": None}
    with translation.override(wanted):
        return {
            "language": wanted,
            "notice": str(ONLY_EXISTS_IN.get(page.locale.language_code, "")),
            "home_label": gettext("Go to the home page"),
            "home_url": language_home_url(wanted),
        }


def language_home_url(code):
    """Each language's home page is the site root under its prefix (/fr/, /en/)."""
    with translation.override(code):
        return reverse("wagtail_serve", args=[""])


@register.filter
def lang_attr(page):
    """` lang="fr"` on a page's title shown on a page in another language (a
    French-only event on an English speaker page), so that screen readers
    say it in French; nothing when the languages match. The page must come
    with its locale (select_related("locale"))."""
    language = page.locale.language_code
    if language.split("-")[0] == (translation.get_language() or "").split("-")[0]:
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag
def contact_email():
    """The address members write to when they cannot log in (CMHUB_CONTACT_EMAIL)."""
    return settings.CMHUB_CONTACT_EMAIL


@register.simple_tag
def home_url():
    """The home page of the active language (no database query)."""
    return language_home_url(translation.get_language() or settings.LANGUAGE_CODE)


@register.simple_tag
def cached_embed(url):
    """The embed HTML Wagtail stored when an editor saved the block, if any.

    Never fetches from the provider at render time: pages stay fast and
    work without outside network; the template always shows a plain link.
    """
    embed = Embed.objects.filter(url=url).only("html").first()
    return mark_safe(embed.html) if embed and embed.html else ""  # noqa: S308 - provider HTML stored by Wagtail


@register.filter
def host_of(url):
    """The host name of a URL without its "www." ("youtube.com")."""
    host = urlsplit(str(url)).hostname or ""
    return host.removeprefix("www.")


@register.filter
def public_url(path):
    """A root-relative URL on the address members use, for e-mails:
    ``{{ page.url|public_url }}`` (see core/links.py)."""
    return _public_url(path)
