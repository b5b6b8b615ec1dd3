"""Every kind of page a member opens, read in French: French typography
(a non-breaking space before : ; ! ? and inside « »), and no interface
string left in English (tests/i18n/typography.py says how the text is read).
"""

import pytest
from django.test import Client

from .typography import english_leftovers, typography_errors

pytestmark = pytest.mark.django_db


def member_pages(w):
    """The French address of every kind of page a member opens."""
    pages = w.pages
    event = pages["event"]
    return [
        pages["home"].url,
        pages["resources"].url,
        pages["resources"].url + "?sort=recent",
        *(pages[key].url for key in ("guides", "talks", "jobs", "cases")),
        *(pages[key].url for key in ("guide", "talk", "job", "case")),
        pages["jobs"].url + "compare/",
        pages["jobs"].url + f"compare/?profiles={pages['job'].pk}&profiles={pages['job_2'].pk}",
        pages["events"].url,
        pages["events"].url + "?when=past",
        pages["events"].url + "calendar/",
        pages["events"].url + f"calendar/{event.start.year}/{event.start.month}/",
        event.url,
        "/fr/search/?q=guide",
        "/fr/search/?q=atelier&type=event",
        "/fr/search/?q=guidd",
        "/fr/search/?q=zzzzqqq",
        "/fr/members/",
        f"/fr/members/{w.users['outsider'].pk}/",
        f"/fr/members/{w.users['moderator'].pk}/",
        "/fr/me/",
        "/fr/me/profile/",
        "/fr/me/delete/",
        "/fr/me/events/",
        "/fr/me/share/",
        *(f"/fr/me/share/{kind}/" for kind in ("guide", "case_study", "job_profile", "talk")),
        f"/fr/me/proposals/{w.objects['own_draft'].pk}/",
        f"/fr/comments/{w.objects['comment'].pk}/edit/",
        f"/fr/comments/reply/{w.objects['comment'].pk}/",
        "/fr/account/email/",
        "/fr/account/password/change/",
        "/fr/account/reauthenticate/",
        "/fr/account/logout/",
        "/fr/does-not-exist/",
    ]


VISITOR_PAGES = [
    "/fr/account/login/",
    "/fr/account/signup/",
    "/fr/account/password/reset/",
    "/fr/account/password/reset/done/",
    "/fr/account/password/reset/key/1-bad-key/",
]


def read_french_pages(w):
    """{url: html} of every page, as the member who wrote the comment and
    the draft proposal, and as a visitor for the entrance pages."""
    member = Client()
    member.force_login(w.users["outsider"])
    pages = {}
    for client, urls in ((member, member_pages(w)), (Client(), VISITOR_PAGES)):
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 400, 404), f"{url}: {response.status_code}"
            pages[url] = response.content.decode()
    return pages


def test_every_french_page_is_in_french_typography_and_wording(french_site):
    """One pass over every page (building the site is the slow part): the
    typography first, then English left in the interface."""
    pages = read_french_pages(french_site)
    errors = [f"{url}: {line!r}" for url, html in pages.items() for line in typography_errors(html)]
    leftovers = [
        f"{url}: {msgid!r}" for url, html in pages.items() for msgid in english_leftovers(html)
    ]
    assert errors == [], "French typography broken (plain or no space before : ; ! ?):\n" + (
        "\n".join(errors)
    )
    assert leftovers == [], "English interface strings on French pages:\n" + "\n".join(leftovers)


@pytest.mark.parametrize(
    ("html", "errors"),
    [
        ("<p>Trier par:</p>", ["Trier par:"]),
        ("<p>Trier par :</p>", ["Trier par :"]),
        ("<h3>Une carte</h3><p>: suite</p>", [": suite"]),
        ("<p>« Atelier »</p>", ["« Atelier »"]),
        ("<p>Vouliez-vous dire <a>facebook</a>?</p>", ["Vouliez-vous dire facebook?"]),
        ("<p>Trier par\u00a0:</p><p>Merci\u202f!</p><p>«\u00a0Atelier\u00a0»</p>", []),
        ('<p>À 10:30, voir <a href="/fr/?q=a:b">https://cmhub.example/x?y=1</a></p>', []),
        ("<script>var a = {b: 1};</script><code>a: b</code>", []),
        ('<p lang="en">Sort by:</p><input placeholder="Chercher :">', ["Chercher :"]),
    ],
)
def test_the_typography_check_reads_what_a_reader_sees(html, errors):
    assert typography_errors(html) == errors
