"""Branded error pages in the language of the address: 404 and 403 in the
site's look, a CSRF failure explained, and a 500 page that shows while the
database and the cache are down (DEBUG is off in the test settings)."""

import pytest
from django.core.cache.backends.base import BaseCache
from django.test import Client

from tests.community.comment_helpers import add_comment, guide  # noqa: F401 (fixture)


class BrokenCache(BaseCache):
    """A cache server that is down: every call fails."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise ConnectionError("the cache is down")

    add = get = set = touch = delete = has_key = clear = get_many = set_many = _down


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "title", "text"),
    [
        ("/fr/cette-page-n-existe-pas/", "Page introuvable", "Il n'y a pas de page"),
        ("/en/no-such-page/", "Page not found", "There is no page at this address"),
    ],
)
def test_404_in_the_language_of_the_address(member_client, path, title, text):
    response = member_client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f"<title>{title} · CM Hub</title>" in html
    assert text in html
    assert 'class="site-header"' in html  # the site's header, with its navigation
    assert 'href="/static/css/cmhub.css"' in html


@pytest.mark.django_db
def test_404_for_a_visitor_without_a_session(client):
    """Feed addresses are open to calendar and feed readers: an unknown
    token answers the branded 404, without the members' navigation."""
    response = client.get("/en/calendar/not-a-real-token.ics")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found · CM Hub</title>" in html  # not django-comments-xtd's bare page
    assert "header-search" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Votre compte ne donne pas accès à cette page."), ("en", "Your account does not")],
)
def test_403_when_a_view_refuses(member_client, make_member, guide, language, text):  # noqa: F811
    someone_elses = add_comment(guide, make_member("lea@univ-test.example"), "À Léa")
    response = member_client.get(f"/{language}/comments/{someone_elses.pk}/edit/")
    assert response.status_code == 403
    html = response.content.decode()
    assert text in html
    assert 'class="site-header"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Ce formulaire a expiré"),
        ("en", "This form has expired"),
    ],
)
def test_403_on_a_csrf_failure_explains_what_to_do(member, language, text):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    strict.get(f"/{language}/me/")  # sets the CSRF cookie: the token is what is missing
    response = strict.post(f"/{language}/me/time-zone/", {"time_zone": "Europe/Paris"})
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert text in html
    assert 'href="/static/css/cmhub.css"' in html


@pytest.mark.parametrize(
    ("path", "language", "text"),
    [
        ("/fr/calendar/some-token.ics", "fr", "Une erreur est survenue de notre côté"),
        ("/en/calendar/some-token.ics", "en", "Something went wrong on our side"),
    ],
)
def test_500_shows_while_the_database_and_the_cache_are_down(settings, path, language, text):
    """No django_db mark: any query raises, as with the database server
    stopped; the cache raises on every call too."""
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.BrokenCache"}}
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert text in html
    assert f'href="/{language}/"' in html
    assert 'href="/static/css/cmhub.css"' in html


def test_500_falls_back_to_plain_html_if_its_template_cannot_render(settings, tmp_path):
    """A static files manifest without the stylesheet (collectstatic run
    with other settings) must not turn the error page itself into a crash."""
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    response = Client(raise_request_exception=False).get("/en/calendar/some-token.ics")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Une erreur est survenue" in html
    assert "Something went wrong" in html
