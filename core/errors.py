"""The 500 page, which must show even when what broke is the database, the
cache or the static files manifest.

The 404 and 403 pages need no view of their own: Django's renders
templates/404.html and 403.html (the site's header, in the language of the
address), and templates/403_csrf.html when a form's CSRF check fails.
"""

import logging

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)

#: Shown if even the 500 template cannot render (e.g. a static files
#: manifest entry is missing): plain HTML in both languages.
FALLBACK_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Erreur du serveur · CM Hub</title>
<meta name="robots" content="noindex, nofollow"></head><body>
<h1>Une erreur est survenue</h1>
<p>CM Hub n'a pas pu afficher cette page. Réessayez dans quelques minutes.</p>
<p><a href="/fr/">Retour à l'accueil</a></p>
<h1 lang="en">Something went wrong</h1>
<p lang="en">CM Hub could not show this page. Please try again in a few minutes.</p>
<p lang="en"><a href="/en/">Back to the home page</a></p>
</body></html>
"""


def server_error(request):
    """The branded 500 page, in the language of the address (French by
    default). It touches neither the database, nor the cache, nor the
    session: the template is rendered without the request, so no context
    processor runs."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            body = loader.render_to_string("500.html")
        except Exception:
            logger.exception("The 500 page could not be rendered; the plain one was sent.")
            body = FALLBACK_PAGE
    return HttpResponseServerError(body)
