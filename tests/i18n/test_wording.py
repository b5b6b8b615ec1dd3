"""French wording members notice: "1er" for the first of the month, the
search button's verb, "il y a moins d'une minute", a removed comment in the
singular, one word for e-mail, and the catalogue's typography."""

import datetime
import re
from pathlib import Path

import polib
import pytest
from allauth import __file__ as allauth_init
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from resources.models import GuideIndexPage
from tests.community.comment_helpers import add_comment
from tests.resources.factories import make_guide

from .typography import typography_errors

pytestmark = pytest.mark.django_db

OWN_CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "fr/LC_MESSAGES/django.po"
ALLAUTH_CATALOGUE = Path(allauth_init).parent / "locale/fr/LC_MESSAGES/django.po"


def test_the_first_of_the_month_is_1er_on_a_french_guide_and_1_in_english(sections, member_client):
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1, last_reviewed=datetime.date(2026, 9, 1))
    html = member_client.get(guide.url).content.decode()
    assert "Relue le 1er septembre 2026." in html
    assert "1 septembre" not in html


@pytest.mark.parametrize(
    ("language", "day", "template", "expected"),
    [
        ("fr", 1, '{{ day|date:"l j F Y, H:i" }}', "mardi 1er septembre 2026, 14:00"),
        ("fr", 1, '{{ day|date:"D j N Y" }}', "mar 1er sept. 2026"),
        ("fr", 1, '{{ day|date:"DATE_FORMAT" }}', "1er septembre 2026"),
        ("fr", 1, '{{ day|date:"j" }}', "1"),  # a calendar's day number
        ("fr", 2, '{{ day|date:"j F Y" }}', "2 septembre 2026"),
        ("en", 1, '{{ day|date:"j F Y" }}', "1 September 2026"),
    ],
)
def test_every_french_date_format_writes_1er(language, day, template, expected):
    value = datetime.datetime(2026, 9, day, 14, 0)
    with translation.override(language):
        assert Template(template).render(Context({"day": value})) == expected


def test_the_search_button_says_rechercher(member_client):
    html = member_client.get("/fr/search/?q=atelier").content.decode()
    assert re.search(r'<button[^>]*type="submit"[^>]*>\s*Rechercher\s*</button>', html)


def test_a_comment_posted_just_now_is_less_than_a_minute_old(french_site):
    client = Client()
    client.force_login(french_site.users["outsider"])
    html = client.get("/fr/").content.decode()
    assert "il y a moins d’une minute" in html or "il y a moins d&#x27;une minute" in html
    assert "0 minute" not in html


def test_a_removed_comment_is_retire_in_the_singular(sections, member, moderator):
    guide = make_guide(sections[(GuideIndexPage, "fr")], 1)
    add_comment(guide, member, "Pub pour ma page", is_removed=True)
    client = Client()
    client.force_login(moderator)
    html = client.get("/admin/comments/?status=removed").content.decode()
    assert re.search(r"<td>\s*Retiré\s*</td>", html), html


def french_strings():
    """Every French string members may read: CM Hub's catalogue, and
    allauth's account pages and e-mails as the site translates them (the
    catalogue's overrides first)."""
    own = polib.pofile(str(OWN_CATALOGUE))
    for entry in own.translated_entries():
        yield entry.msgid, entry.msgstr or entry.msgstr_plural[1]
    with translation.override("fr"):
        for entry in polib.pofile(str(ALLAUTH_CATALOGUE)).translated_entries():
            files = " ".join(path for path, _line in entry.occurrences)
            if not re.search(r"(^|\s)(account/|templates/account/)", files):
                continue
            if entry.msgid_plural:
                yield entry.msgid, translation.ngettext(entry.msgid, entry.msgid_plural, 2)
            elif entry.msgctxt:
                yield entry.msgid, translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                yield entry.msgid, translation.gettext(entry.msgid)


def test_the_french_strings_say_e_mail_and_nothing_else():
    """docs/glossary.md: "e-mail" (and "adresse e-mail"), never "courriel",
    "email", "mail" or "mél"."""
    other_words = re.compile(r"\bcourriels?\b|(?<![-\w(%{:/])e?mails?\b|\bmél\b", re.IGNORECASE)
    wrong = [
        f"{msgid!r} -> {text!r}"
        for msgid, text in french_strings()
        if other_words.search(re.sub(r"%\(\w+\)s|\{\w+\}|mailto:\S+", "", text))
    ]
    assert wrong == [], "\n".join(wrong)


def test_the_french_strings_follow_french_typography():
    wrong = [
        f"{msgid!r} -> {text!r}"
        for msgid, text in french_strings()
        if typography_errors("<p>" + text.replace("\n", " ") + "</p>")
    ]
    assert wrong == [], "\n".join(wrong)
